// Acceptance of @glossa/queue against a real Redis, with workers in their own
// processes: exactly-once results under worker death, Redis restarts and
// shutdowns. Pages are generated, translated with a translation script and
// erased with the classical inpainter.
import { crc32, deflateSync } from 'node:zlib';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslationQueue, type QueueOutcome, type TranslationQueue } from '@glossa/queue';
import { productPage, productScript, productTitle } from '../../../scripts/lib/product-pages.mjs';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';
import { forkWorker, type WorkerProcess } from './helpers/worker-processes.js';

const skip = redisSkipReason();

async function collect(queue: TranslationQueue, batchId: string, onEach?: (o: QueueOutcome, n: number) => Promise<void> | void): Promise<QueueOutcome[]> {
  const outcomes: QueueOutcome[] = [];
  for await (const outcome of queue.results(batchId)) {
    outcomes.push(outcome);
    await onEach?.(outcome, outcomes.length);
  }
  return outcomes;
}

function expectEveryPageOnce(outcomes: QueueOutcome[], total: number) {
  expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
}

/** Every outcome is a translated PNG of its page; `pageOf` maps a batch index to the page number drawn. */
function expectTranslated(outcomes: QueueOutcome[], pageOf = (index: number) => index) {
  for (const o of outcomes) {
    expect(o.ok, `page ${o.index}: ${o.ok ? '' : `${o.error.code} ${o.error.message}`}`).toBe(true);
    if (!o.ok) continue;
    expect(o.page.blocks.map((b) => b.translation)).toContain(productTitle(pageOf(o.index)));
    expect(o.image.subarray(1, 4).toString()).toBe('PNG');
  }
}

describe.skipIf(skip)('@glossa/queue with worker processes and a real Redis', () => {
  let redis: RedisServer;
  let queue: TranslationQueue;
  const workers: WorkerProcess[] = [];
  let firstBatch = '';

  beforeAll(async () => {
    redis = await startRedis();
    workers.push(...['w1', 'w2', 'w3'].map((id) => forkWorker(redis.url, id)));
    queue = createTranslationQueue({ connection: redis.url, defaultJobOptions: { backoffMs: 200 } });
    await Promise.all(workers.map((w) => w.ready));
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await redis?.stop();
  });

  it('translates 60 pages on 3 workers, each exactly once, streaming results before the batch ends', async () => {
    const pages = Array.from({ length: 60 }, (_, n) => productPage(n));
    firstBatch = await queue.submit(pages, { to: 'en', translator: productScript });
    let pendingAtFirst = -1;
    const outcomes = await collect(queue, firstBatch, async (_o, n) => {
      if (n > 1) return;
      const status = await queue.status(firstBatch);
      pendingAtFirst = status.waiting + status.active;
    });
    expect(pendingAtFirst).toBeGreaterThan(0);
    expectEveryPageOnce(outcomes, 60);
    expectTranslated(outcomes);
    // The work was shared: every worker translated some pages.
    expect(new Set(outcomes.map((o) => o.worker))).toEqual(new Set(['w1', 'w2', 'w3']));
    expect(await queue.status(firstBatch)).toMatchObject({ total: 60, waiting: 0, active: 0, completed: 60, failed: 0 });
  }, 180_000);

  it('replays every page to a client that reconnects', async () => {
    const again = createTranslationQueue({ connection: redis.url });
    try {
      const outcomes = await collect(again, firstBatch);
      expectEveryPageOnce(outcomes, 60);
      expectTranslated(outcomes);
    } finally {
      await again.close();
    }
  });

  it('fails bad inputs at once with their codes and translates the good ones', async () => {
    const tooLarge = pngHeader(20_000, 20_000);
    const good = productPage(1);
    const truncated = good.subarray(0, good.length >> 1);
    const inputs = [productPage(0), Buffer.from('not an image'), tooLarge, good, truncated];
    const batch = await queue.submit(inputs, { to: 'en', translator: productScript });
    const outcomes = await collect(queue, batch);
    expectEveryPageOnce(outcomes, inputs.length);
    const byIndex = new Map(outcomes.map((o) => [o.index, o]));
    expectTranslated([byIndex.get(0)!, byIndex.get(3)!], (i) => (i === 3 ? 1 : i));
    const codes = [1, 2, 4].map((i) => {
      const o = byIndex.get(i)!;
      return o.ok ? 'ok' : o.error.code;
    });
    expect(codes).toEqual(['UNSUPPORTED_FORMAT', 'IMAGE_TOO_LARGE', 'UNSUPPORTED_FORMAT']);
    for (const i of [1, 2, 4]) {
      const o = byIndex.get(i)!;
      expect(o.ok ? '' : o.error.message.length).toBeGreaterThan(10);
    }
    // Permanent failures are not retried: one attempt each.
    const bull = new Queue('glossa', { connection: { url: redis.url }, prefix: 'glossa' });
    try {
      for (const i of [1, 2, 4]) {
        const job = await Job.fromId(bull, `${batch}-${i}`);
        expect(job?.attemptsMade).toBe(1);
      }
    } finally {
      await bull.close();
    }
    expect(workers.flatMap((w) => w.messages).filter((m) => m.type === 'page' && m.batchId === batch && m.state === 'retry')).toEqual([]);
  });

  it('completes a page on another worker when the worker holding it is killed', async () => {
    const victim = workers[0];
    const batch = await queue.submit(
      Array.from({ length: 12 }, (_, n) => productPage(n)),
      { to: 'en', translator: productScript },
    );
    const held = await victim.waitFor((m) => m.type === 'page' && m.batchId === batch && m.state === 'start');
    victim.child.kill('SIGKILL');
    await victim.exited;
    const outcomes = await collect(queue, batch);
    expectEveryPageOnce(outcomes, 12);
    expectTranslated(outcomes);
    const killedIndex = (held as { index: number }).index;
    const redone = outcomes.find((o) => o.index === killedIndex)!;
    expect(redone.worker).not.toBe(victim.id);
  }, 120_000);

  it('completes a batch when Redis restarts in the middle of it (AOF)', async () => {
    const batch = await queue.submit(
      Array.from({ length: 16 }, (_, n) => productPage(n)),
      { to: 'en', translator: productScript },
    );
    let restarted = false;
    const outcomes = await collect(queue, batch, async (_o, n) => {
      if (n === 3) {
        await redis.restart({ downMs: 1000 });
        restarted = true;
      }
    });
    expect(restarted).toBe(true);
    expectEveryPageOnce(outcomes, 16);
    expectTranslated(outcomes);
  }, 120_000);

  it('on SIGTERM finishes the pages a worker holds and takes no new ones', async () => {
    // A long lock: on a loaded machine a short one could expire and hand a held page to another worker.
    const leaving = forkWorker(redis.url, 'w-term', 2, 30_000);
    workers.push(leaving);
    await leaving.ready;
    const batch = await queue.submit(
      Array.from({ length: 10 }, (_, n) => productPage(n, { width: 640, height: 400 })),
      { to: 'en', translator: productScript },
    );
    await leaving.waitFor((m) => m.type === 'page' && m.batchId === batch && m.state === 'start');
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toEqual({ code: 0, signal: null });
    const closing = leaving.messages.find((m) => m.type === 'closing') as { at: number } | undefined;
    expect(closing).toBeDefined();
    const outcomes = await collect(queue, batch);
    expectEveryPageOnce(outcomes, 10);
    expectTranslated(outcomes);

    const pageMessages = leaving.messages.filter((m) => m.type === 'page' && m.batchId === batch) as { state: string; index: number }[];
    const skipped = new Set(pageMessages.filter((m) => m.state === 'skipped').map((m) => m.index));
    const started = pageMessages.filter((m) => m.state === 'start' && !skipped.has(m.index)).map((m) => m.index);
    expect(started.length).toBeGreaterThan(0);
    // No new ones: every page it started was taken from the queue (moved to active) before the signal...
    const bull = new Queue('glossa', { connection: { url: redis.url }, prefix: 'glossa' });
    try {
      for (const index of started) {
        const job = await Job.fromId(bull, `${batch}-${index}`);
        expect(job?.processedOn).toBeLessThanOrEqual(closing!.at);
      }
    } finally {
      await bull.close();
    }
    // ...and finished by it, not handed over to another worker.
    const done = outcomes.filter((o) => o.worker === leaving.id).map((o) => o.index);
    expect(done.sort()).toEqual([...started].sort());
  }, 120_000);
});

/** A PNG that declares `width` × `height` pixels but holds a few bytes: refused on its header. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]);
}
