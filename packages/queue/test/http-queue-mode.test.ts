// The HTTP example in queue mode: POST /translate submits to the queue and
// streams each page as a worker finishes it.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGlossa, type GlossaEngine } from '@glossa/node';
import { startWorker, type TranslationWorker } from '@glossa/queue';
import { productPage, productScript, productTitle } from '../../../scripts/lib/product-pages.mjs';
import { createGlossaServer } from '../../../examples/http-server/src/server.mjs';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';

function parseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] }))
    .filter((e): e is { event: string; data: string } => Boolean(e.event && e.data))
    .map((e) => ({ event: e.event, data: JSON.parse(e.data) as Record<string, unknown> }));
}

describe.skipIf(redisSkipReason())('HTTP example with GLOSSA_REDIS_URL (queue mode)', () => {
  let redis: RedisServer;
  let engine: GlossaEngine;
  let worker: TranslationWorker;
  let service: ReturnType<typeof createGlossaServer>;
  let base = '';

  beforeAll(async () => {
    redis = await startRedis();
    engine = createGlossa({ device: 'cpu', inpainter: 'classical', threads: 1 });
    worker = await startWorker({ connection: redis.url, engine, handleSignals: false });
    service = createGlossaServer({ redisUrl: redis.url, defaultMetrics: false });
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await worker?.close();
    await engine?.dispose();
    await redis?.stop();
  });

  it('streams every page of an upload from the queue, and exports the queue metrics', async () => {
    const form = new FormData();
    for (const n of [0, 1]) form.append('images', new Blob([productPage(n)], { type: 'image/png' }), `page-${n}.png`);
    form.append('translations', JSON.stringify(productScript));
    const response = await fetch(`${base}/translate?to=en`, { method: 'POST', body: form });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseEvents(await response.text());
    expect(events.map((e) => e.event)).toEqual(['start', 'page', 'page', 'done']);
    for (const page of events.filter((e) => e.event === 'page')) {
      expect(page.data.ok).toBe(true);
      const n = page.data.index as number;
      expect(page.data.filename).toBe(`page-${n}.png`);
      const blocks = (page.data.page as { blocks: { translation?: string }[] }).blocks;
      expect(blocks.map((b) => b.translation)).toContain(productTitle(n));
      expect(Buffer.from((page.data.image as { base64: string }).base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    }
    expect(events.at(-1)?.data).toMatchObject({ pages: 2, ok: 2, failed: 0 });

    const health = (await (await fetch(`${base}/healthz`)).json()) as { device: string };
    expect(health.device).toBe('queue');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('glossa_queue_workers 1');
    expect(metrics).toMatch(/glossa_queue_jobs\{state="completed"\} [1-9]/);
  }, 60_000);
});
