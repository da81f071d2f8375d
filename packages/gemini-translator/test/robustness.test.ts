import { describe, expect, it, vi } from 'vitest';
import { isGlossaError, type GlossaError } from '@glossa/core';
import { sendError, sendItems, translateItems, wellBehaved } from './helpers/fake-gemini.js';
import { setup, zhItems } from './helpers/setup.js';

async function failure(promise: Promise<unknown>): Promise<GlossaError> {
  try {
    await promise;
  } catch (error) {
    if (!isGlossaError(error)) throw error;
    return error;
  }
  throw new Error('expected a GlossaError');
}

const never = (): void => undefined; // a server that accepts the request and never answers

describe('retries', () => {
  it('waits for Retry-After (seconds) after a 429, then succeeds', async () => {
    const { server, translator } = await setup((request, res, index) => {
      if (index === 0) return sendError(res, 429, 'Resource has been exhausted', { 'retry-after': '1' });
      sendItems(res, translateItems(request));
    });
    const out = await translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' });
    expect(out).toEqual([{ id: 'b1', text: '기간 한정 특가' }]);
    expect(server.requests).toHaveLength(2);
    // Backoff alone would have waited ~5 ms; the header says one second.
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(990);
  });

  it('honours the RetryInfo delay in a Gemini 429 body when there is no header', async () => {
    const { server, translator } = await setup((request, res, index) => {
      if (index === 0) {
        return sendJsonError429(res);
      }
      sendItems(res, translateItems(request));
    });
    await translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' });
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(290);
  });

  it('retries 500 twice with backoff, then succeeds', async () => {
    const { server, translator } = await setup((request, res, index) => {
      if (index < 2) return sendError(res, 500, 'Internal error encountered.');
      sendItems(res, translateItems(request));
    });
    const out = await translator.translate({ items: zhItems('限时优惠', '全场包邮'), targetLang: 'ko' });
    expect(out.map((o) => o.text)).toEqual(['기간 한정 특가', '전 품목 무료 배송']);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxRetries with TRANSLATOR_FAILED and the HTTP status', async () => {
    const { server, translator } = await setup((_r, res) => sendError(res, 503, 'The model is overloaded.'), { maxRetries: 2 });
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' }));
    expect(error.code).toBe('TRANSLATOR_FAILED');
    expect(error.details.status).toBe(503);
    expect(error.details.attempts).toBe(3);
    expect(error.message).toContain('HTTP 503');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 400 and reports its status', async () => {
    const { server, translator } = await setup((_r, res) => sendError(res, 400, 'Invalid JSON payload received.'));
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' }));
    expect(error.code).toBe('TRANSLATOR_FAILED');
    expect(error.details.status).toBe(400);
    expect(server.requests).toHaveLength(1);
  });

  it('fails at once when Retry-After asks for longer than it is willing to wait', async () => {
    const { server, translator } = await setup((_r, res) => sendError(res, 429, 'quota', { 'retry-after': '3600' }));
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' }));
    expect(error.details.status).toBe(429);
    expect(error.details.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });
});

function sendJsonError429(res: Parameters<typeof sendError>[0]): void {
  res.writeHead(429, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      error: {
        code: 429,
        message: 'You exceeded your current quota.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.3s' }],
      },
    }),
  );
}

describe('timeouts and aborts', () => {
  it('times out a hanging server, retries, then fails with TRANSLATOR_FAILED', async () => {
    const { server, translator } = await setup(never, { timeoutMs: 150, maxRetries: 1 });
    const started = performance.now();
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' }));
    expect(error.code).toBe('TRANSLATOR_FAILED');
    expect(error.details.reason).toBe('timeout');
    expect(error.message).toContain('150 ms');
    expect(server.requests).toHaveLength(2);
    // Without the timeout this would hang; the bound is loose for loaded machines.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('recovers when only the first attempt hangs', async () => {
    const { translator } = await setup(
      (request, res, index) => (index === 0 ? undefined : sendItems(res, translateItems(request))),
      { timeoutMs: 150 },
    );
    const out = await translator.translate({ items: zhItems('新品上市'), targetLang: 'ko' });
    expect(out[0].text).toBe('신제품 출시');
  });

  it('aborts mid-request with ABORTED, promptly', async () => {
    const { server, translator } = await setup(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko', signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    // Without the abort this would hang (or sleep out a 30 s Retry-After); the bound is loose
    // so a loaded machine cannot fail it.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts while sleeping before a retry', async () => {
    const { server, translator } = await setup((_r, res) => sendError(res, 503, 'overloaded', { 'retry-after': '30' }));
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 150);
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko', signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    // Without the abort this would hang (or sleep out a 30 s Retry-After); the bound is loose
    // so a loaded machine cannot fail it.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts while queued behind the concurrency limit, without disturbing the running call', async () => {
    let release: (() => void) | undefined;
    const { server, translator } = await setup(
      (request, res, index) => {
        if (index === 0) release = () => sendItems(res, translateItems(request));
        else sendItems(res, translateItems(request));
      },
      { concurrency: 1 },
    );
    const first = translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' });
    await waitFor(() => server.requests.length === 1);
    const controller = new AbortController();
    const queued = translator.translate({ items: zhItems('全场包邮'), targetLang: 'ko', signal: controller.signal });
    controller.abort();
    expect((await failure(queued)).code).toBe('ABORTED');
    release!();
    expect((await first)[0].text).toBe('기간 한정 특가');
    // The aborted call never reached the server, and its slot did not leak.
    expect(server.requests).toHaveLength(1);
    const third = await translator.translate({ items: zhItems('新品上市'), targetLang: 'ko' });
    expect(third[0].text).toBe('신제품 출시');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { server, translator } = await setup(wellBehaved);
    const error = await failure(translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko', signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
  });
});

describe('load limits', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    const { server, translator } = await setup(
      (request, res) => {
        setTimeout(() => sendItems(res, translateItems(request)), 80);
      },
      { concurrency: 2 },
    );
    const texts = ['限时优惠', '全场包邮', '新品上市', '立即购买', '今日特价', '好评如潮'];
    const outs = await Promise.all(texts.map((t) => translator.translate({ items: zhItems(t), targetLang: 'ko' })));
    expect(outs.map((o) => o[0].text)).toEqual(texts.map((t) => translateText(t)));
    expect(server.requests).toHaveLength(6);
    expect(server.inFlight.max).toBe(2);
  });

  it('starts at most `requestsPerMinute` requests per window', async () => {
    const windowMs = 300;
    const { server, translator } = await setup(wellBehaved, { requestsPerMinute: 2, concurrency: 8 }, { rateWindowMs: windowMs });
    // Warm the HTTP stack up with another translator, so one-off set-up cost does not skew the first start.
    const warm = await setup(wellBehaved);
    await warm.translator.translate({ items: zhItems('品质保证'), targetLang: 'ko' });
    // Start times are taken where the request leaves the client (arrival times at the server
    // also carry connection set-up and scheduling noise on a busy machine).
    const starts: number[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      starts.push(performance.now());
      return realFetch(input, init);
    });
    try {
      const texts = ['限时优惠', '全场包邮', '新品上市', '立即购买', '今日特价'];
      const started = performance.now();
      await Promise.all(texts.map((t) => translator.translate({ items: zhItems(t), targetLang: 'ko' })));
      expect(server.requests).toHaveLength(5);
      expect(starts).toHaveLength(5);
      // 5 requests at 2 per window need at least two full windows.
      expect(performance.now() - started).toBeGreaterThanOrEqual(2 * windowMs - 5);
      for (let i = 2; i < starts.length; i++) {
        // Any three consecutive starts are a window apart. Starts are seen at fetch, after the
        // SDK's own work, which a busy machine can delay for one request and not the next, so
        // allow half a window: without the limit all five start together (gaps near 0).
        expect(starts[i] - starts[i - 2]).toBeGreaterThanOrEqual(windowMs / 2);
      }
    } finally {
      spy.mockRestore();
    }
  });
});

function translateText(text: string): string {
  return translateItems({ payload: { items: [{ id: '1', text }] } } as never)[0].text;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition not met');
}
