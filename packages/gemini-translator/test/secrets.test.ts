import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isGlossaError } from '@glossa/core';
import { sendError, sendJson } from './helpers/fake-gemini.js';
import { setup, TEST_KEY, zhItems } from './helpers/setup.js';

/** Everything reachable from an error, as text: message, stack, JSON, String(), and the whole cause chain. */
function everything(error: unknown): string {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = current as Error & { cause?: unknown };
    seen.push(String(e), e.message ?? '', e.stack ?? '', JSON.stringify(e), JSON.stringify(Object.entries(e)));
    if (isGlossaError(e)) seen.push(JSON.stringify(e.toJSON()), JSON.stringify(e.details));
    current = e.cause;
  }
  return seen.join('\n');
}

describe('the API key never leaks', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
    // Every console line written during the test, by the plugin or the SDK.
    for (const line of lines) expect(line).not.toContain(TEST_KEY);
  });

  it('is sent as a header, not in the URL', async () => {
    const { server, translator } = await setup((_r, res) => sendError(res, 400, 'bad'));
    await translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' }).catch(() => undefined);
    expect(server.requests[0].headers['x-goog-api-key']).toBe(TEST_KEY);
    expect(server.requests[0].url).not.toContain(TEST_KEY);
  });

  it.each([
    ['an error body that echoes the key', 400, `API key not valid: ${TEST_KEY}. Please pass a valid API key.`],
    ['a key= query parameter in the body', 403, `Forbidden: https://generativelanguage.googleapis.com/v1beta/models/x?key=${TEST_KEY}`],
    ['an echoed header', 401, `missing auth; got x-goog-api-key: ${TEST_KEY}`],
    ['a 503 after retries', 503, `overloaded (${TEST_KEY})`],
  ])('is scrubbed from errors caused by %s', async (_name, status, message) => {
    const { translator } = await setup((_r, res) => sendError(res, status, message), { maxRetries: 1 });
    let caught: unknown;
    try {
      await translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' });
    } catch (error) {
      caught = error;
    }
    expect(isGlossaError(caught) && caught.code).toBe('TRANSLATOR_FAILED');
    expect(isGlossaError(caught) && caught.details.status).toBe(status);
    const text = everything(caught);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(TEST_KEY);
  });

  it('is absent from non-HTTP failures (malformed reply, timeout) and from the translator object', async () => {
    const { translator } = await setup((_r, res) => sendJson(res, 200, { candidates: [] }), { timeoutMs: 100 });
    let caught: unknown;
    try {
      await translator.translate({ items: zhItems('限时优惠'), targetLang: 'ko' });
    } catch (error) {
      caught = error;
    }
    expect(isGlossaError(caught) && caught.code).toBe('TRANSLATOR_FAILED');
    expect(everything(caught)).not.toContain(TEST_KEY);
    expect(JSON.stringify(translator)).not.toContain(TEST_KEY);
    expect(Object.values(translator).map(String).join()).not.toContain(TEST_KEY);
  });

  it('is not echoed by the empty-key validation error', async () => {
    const { createGeminiTranslator } = await import('../src/index.js');
    let caught: unknown;
    try {
      createGeminiTranslator({ apiKey: '   ' });
    } catch (error) {
      caught = error;
    }
    expect(isGlossaError(caught) && caught.code).toBe('INVALID_INPUT');
    expect(isGlossaError(caught) && caught.details.field).toBe('apiKey');
  });
});
