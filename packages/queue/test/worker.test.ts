// The worker in this process, with a translator that stands in for a remote
// API (the network boundary): transient failures are retried, lasting ones are
// reported once, cancellation and metrics.
import { Job, Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlossaError, createTranslationMapTranslator, type Translator } from '@glossa/core';
import { createGlossa, type GlossaEngine } from '@glossa/node';
import { attachMetrics, createTranslationQueue, startWorker, type QueueOutcome, type TranslationQueue, type WorkerPageEvent } from '@glossa/queue';
import { productPage, productScript, productTitle } from '../../../scripts/lib/product-pages.mjs';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';

/** Answers from the script, except: page 0's title is rate-limited (429) on the first request; page 2's title always meets a 503. */
function remoteLikeTranslator(): Translator & { requests: number } {
  const script = createTranslationMapTranslator(productScript);
  let limited = false;
  const translator = {
    id: 'remote-like',
    requests: 0,
    async translate(request: Parameters<Translator['translate']>[0]) {
      translator.requests++;
      const texts = request.items.map((i) => i.text).join(' ');
      if (texts.includes('夏季清仓')) throw new GlossaError('TRANSLATOR_FAILED', 'Service unavailable', { details: { status: 503 } });
      if (texts.includes('限时特惠') && !limited) {
        limited = true;
        throw new GlossaError('TRANSLATOR_FAILED', 'Too many requests', { details: { status: 429 } });
      }
      return script.translate(request);
    },
  };
  return translator;
}

describe.skipIf(redisSkipReason())('queue worker in-process', () => {
  let redis: RedisServer;
  let engine: GlossaEngine;
  let queue: TranslationQueue;

  beforeAll(async () => {
    redis = await startRedis();
    engine = createGlossa({ device: 'cpu', inpainter: 'classical', threads: 1 });
    queue = createTranslationQueue({ connection: redis.url, defaultJobOptions: { attempts: 2, backoffMs: 50 } });
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await engine?.dispose();
    await redis?.stop();
  });

  it('retries a rate-limited page, fails a page whose translator stays down, and counts both in the metrics', async () => {
    const events: WorkerPageEvent[] = [];
    const translator = remoteLikeTranslator();
    const worker = await startWorker({ connection: redis.url, engine, translator, handleSignals: false, onPage: (e) => events.push(e) });
    const registry = new Registry();
    attachMetrics(registry, queue, worker);
    try {
      const batch = await queue.submit([productPage(0), productPage(1), productPage(2)], { to: 'en' });
      const outcomes: QueueOutcome[] = [];
      for await (const o of queue.results(batch)) outcomes.push(o);
      const byIndex = new Map(outcomes.map((o) => [o.index, o]));
      expect(outcomes).toHaveLength(3);
      for (const i of [0, 1]) {
        const o = byIndex.get(i)!;
        expect(o.ok && o.page.blocks.map((b) => b.translation)).toContain(productTitle(i));
      }
      const failed = byIndex.get(2)!;
      expect(failed.ok).toBe(false);
      if (!failed.ok) {
        expect(failed.error.code).toBe('TRANSLATOR_FAILED');
        expect(failed.error.details.status).toBe(503);
        expect(failed.stage).toBe('translate');
      }
      const summary = events.filter((e) => e.state !== 'start').map((e) => `${e.index}:${e.state}${e.code ? `:${e.code}` : ''}`);
      expect(summary.sort()).toEqual(['0:done', '0:retry:TRANSLATOR_FAILED', '1:done', '2:failed:TRANSLATOR_FAILED', '2:retry:TRANSLATOR_FAILED']);

      // Progress went through the stages up to encoding.
      const bull = new Queue('glossa', { connection: { url: redis.url }, prefix: 'glossa' });
      try {
        expect((await Job.fromId(bull, `${batch}-1`))?.progress).toEqual({ stage: 'encode', state: 'end' });
      } finally {
        await bull.close();
      }

      const metrics = await registry.metrics();
      expect(metrics).toContain('glossa_queue_pages_total{outcome="completed",code="none"} 2');
      expect(metrics).toContain('glossa_queue_pages_total{outcome="failed",code="TRANSLATOR_FAILED"} 1');
      expect(metrics).toContain('glossa_queue_workers 1');
      expect(metrics).toMatch(/glossa_queue_page_stage_seconds_count\{stage="ocr"\} 2/);
      expect(metrics).toMatch(/glossa_queue_jobs\{state="completed"\} [1-9]/);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('cancels a batch: pages no worker took fail with ABORTED, and a worker started later skips them', async () => {
    const batch = await queue.submit([productPage(3), productPage(4), productPage(5)], { to: 'en', translator: productScript });
    await queue.cancel(batch);
    const outcomes: QueueOutcome[] = [];
    for await (const o of queue.results(batch)) outcomes.push(o);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ABORTED', 'ABORTED', 'ABORTED']);
    expect(await queue.status(batch)).toMatchObject({ total: 3, completed: 0, failed: 3, cancelled: true, waiting: 0, active: 0 });
    const events: WorkerPageEvent[] = [];
    const worker = await startWorker({ connection: redis.url, engine, handleSignals: false, onPage: (e) => events.push(e) });
    await new Promise((r) => setTimeout(r, 500));
    await worker.close();
    expect(events.filter((e) => e.batchId === batch)).toEqual([]);
  }, 60_000);

  it('says what to do about an unknown batch', async () => {
    const error = await queue.status('no-such-batch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlossaError);
    expect((error as GlossaError).code).toBe('INVALID_INPUT');
    expect((error as GlossaError).message).toContain('no batch no-such-batch');
  });
});
