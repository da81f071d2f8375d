import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FlowProducer, Queue, type FlowJobNode } from 'bullmq';
import { GlossaError, invalidParameter, toGlossaError } from '@glossa/core';
import type { BlobStore } from '../blob/blob-store.js';
import { createRedisBlobStore, type RedisBlobStore } from '../blob/redis-blob-store.js';
import { JOB_NAMES, type BatchJobData, type PageJobData } from '../batch/jobs.js';
import { batchJobId, batchKeys, blobKeys, pageJobId } from '../batch/keys.js';
import { readSidecar, toStoredOptions, type QueueTranslateOptions } from '../batch/options.js';
import { pageField, readOutcome, recordOutcome, type QueueOutcome, type RecordedOutcome } from '../batch/outcomes.js';
import { DEFAULT_QUEUE_NAME, KEY_PREFIX, openRedis, quiet, whenConnected, type RedisConnection } from '../connection.js';

/** An input of {@link TranslationQueue.submit}: encoded image bytes, or a path (or `file:` URL) readable on the submitting machine. */
export type QueueInput = Uint8Array | string | URL;

/** How page jobs are retried and kept. */
export interface PageJobOptions {
  /** Tries per page, the first included, for transient failures (translator 429/5xx, timeouts); default 3. */
  attempts?: number;
  /** Delay before the first retry in ms, doubled for each next one; default 2000. */
  backoffMs?: number;
  /** BullMQ priority of the batch's pages: 1 is the highest, larger is lower; default none (first in, first out). */
  priority?: number;
}

/** How long a batch's data is kept. */
export interface RetentionOptions {
  /** Seconds to keep outputs and outcomes once a page is done (they can be replayed until then); default 86400 (a day). */
  resultsSeconds?: number;
  /** Seconds an input may wait for a worker before it is dropped; default 604800 (a week). */
  inputsSeconds?: number;
}

/** Options of {@link createTranslationQueue}. */
export interface TranslationQueueOptions {
  /** The Redis that the workers use too. */
  connection: RedisConnection;
  /** Queue name; default `glossa`. Workers must use the same. */
  name?: string;
  /** Where input and output bytes go; default Redis keys with a time-to-live. Workers must use the same store. */
  blobStore?: BlobStore;
  /** Retries and priority of every page; see {@link PageJobOptions}. */
  defaultJobOptions?: PageJobOptions;
  /** How long results and inputs are kept; see {@link RetentionOptions}. */
  retention?: RetentionOptions;
  /** How long a call waits for a first connection to Redis before it fails with `TIMEOUT`; default 10000 ms. */
  connectTimeoutMs?: number;
}

/** Counts of a batch's pages, from {@link TranslationQueue.status}. */
export interface BatchStatus {
  /** Pages in the batch. */
  total: number;
  /** Pages no worker holds yet (including those waiting for a retry). */
  waiting: number;
  /** Pages a worker holds now. */
  active: number;
  /** Pages translated. */
  completed: number;
  /** Pages that failed for good (including cancelled ones). */
  failed: number;
  /** Whether {@link TranslationQueue.cancel} was called. */
  cancelled: boolean;
}

/** Options of {@link TranslationQueue.results}. */
export interface ResultsOptions {
  /** Stops the iteration (it throws `ABORTED`); the batch itself goes on. */
  signal?: AbortSignal;
}

/** A client of the translation queue: submits batches and reads their results. */
export interface TranslationQueue {
  /** The queue name. */
  readonly name: string;
  /**
   * Stores the inputs and queues one job per page; returns the batch id.
   * @throws GlossaError `INVALID_INPUT` for options that cannot be queued (a translator plugin, `signal`...), a missing file or an empty batch; `TIMEOUT` when Redis cannot be reached
   */
  submit(inputs: Iterable<QueueInput> | AsyncIterable<QueueInput>, options: QueueTranslateOptions): Promise<string>;
  /**
   * Every page's outcome as it finishes, in completion order: first those
   * already done, then the rest as workers finish them. Iterating again, or
   * from another process, starts from the first page done.
   * @throws GlossaError `INVALID_INPUT` when the batch is unknown (never submitted, or past its retention)
   */
  results(batchId: string, options?: ResultsOptions): AsyncIterable<QueueOutcome>;
  /** Counts of the batch's pages by state. */
  status(batchId: string): Promise<BatchStatus>;
  /**
   * Cancels a batch: pages no worker holds fail at once with `ABORTED`, pages
   * being translated are aborted at their next check (within about a second).
   */
  cancel(batchId: string): Promise<void>;
  /** Closes the client's connections (not the workers). Idempotent. */
  close(): Promise<void>;
  /** The BullMQ queue, for metrics. @internal */
  readonly bullQueue: Queue;
}

/** Default retention, shared with the worker. @internal */
export const DEFAULT_RETENTION = { resultsSeconds: 86_400, inputsSeconds: 604_800 } as const;

/**
 * Connects to the translation queue on Redis. Batches submitted here are
 * translated by workers ({@link startWorker}) on any machine that shares the
 * Redis (and the blob store).
 *
 * @param options - Redis connection, queue name, blob store, retries, retention
 * @example
 * ```ts
 * import { createTranslationQueue } from '@glossa/queue';
 * const queue = createTranslationQueue({ connection: 'redis://localhost:6379' });
 * const batch = await queue.submit(['a.jpg', 'b.jpg'], { to: 'en', translator: 'script.en.json' });
 * for await (const r of queue.results(batch)) {
 *   if (r.ok) await writeFile(`out-${r.index}.png`, r.image);
 *   else console.error(r.input, r.error.code, r.error.message);
 * }
 * await queue.close();
 * ```
 */
export function createTranslationQueue(options: TranslationQueueOptions): TranslationQueue {
  if (typeof options !== 'object' || options === null || options.connection === undefined) {
    throw new GlossaError('INVALID_INPUT', "Expected { connection: 'redis://host:6379' } for options", { details: { field: 'connection' } });
  }
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  const jobOptions = checkJobOptions(options.defaultJobOptions ?? {});
  const retention = { ...DEFAULT_RETENTION, ...options.retention };
  const redis = openRedis(options.connection);
  const ownBlobs: RedisBlobStore | undefined = options.blobStore ? undefined : createRedisBlobStore(redis);
  const blobs: BlobStore = options.blobStore ?? (ownBlobs as RedisBlobStore);
  const bullQueue = new Queue(name, { connection: redis, prefix: KEY_PREFIX });
  const flows = new FlowProducer({ connection: redis, prefix: KEY_PREFIX });
  // Connection errors surface as rejected commands; BullMQ would also print them.
  bullQueue.on('error', () => undefined);
  flows.on('error', () => undefined);
  let closed = false;

  const connected = () => whenConnected(redis, options.connection, options.connectTimeoutMs ?? 10_000);

  async function submit(inputs: Iterable<QueueInput> | AsyncIterable<QueueInput>, opts: QueueTranslateOptions): Promise<string> {
    const stored = await toStoredOptions(opts);
    await connected();
    const batchId = randomUUID();
    const keys = batchKeys(name, batchId);
    const pages: PageJobData[] = [];
    for await (const input of inputs as AsyncIterable<QueueInput>) {
      const index = pages.length;
      const { bytes, label, path } = await readInput(input, index);
      const inputKey = blobKeys.input(name, batchId, index);
      await blobs.put(inputKey, bytes, retention.inputsSeconds);
      const script = stored.translator === undefined && path ? await readSidecar(path, stored.to) : undefined;
      pages.push({ batchId, index, input: label, inputKey, ...(script ? { script } : {}) });
    }
    if (pages.length === 0) throw new GlossaError('INVALID_INPUT', 'Expected at least one input to submit', { details: { field: 'inputs' } });
    // The batch exists for readers before its jobs do; it lives until the batch ends (then for the result retention).
    await redis
      .multi()
      .hset(keys.meta, { total: pages.length, options: JSON.stringify(stored), retention: retention.resultsSeconds, createdAt: Date.now() })
      .expire(keys.meta, retention.inputsSeconds + retention.resultsSeconds)
      .exec();
    const keepFor = { age: retention.resultsSeconds };
    await flows.add({
      name: JOB_NAMES.batch,
      queueName: name,
      data: { batchId, total: pages.length } satisfies BatchJobData,
      opts: { jobId: batchJobId(batchId), removeOnComplete: keepFor, removeOnFail: keepFor },
      children: pages.map(
        (page): FlowJobNode => ({
          name: JOB_NAMES.page,
          queueName: name,
          data: page,
          opts: {
            jobId: pageJobId(batchId, page.index),
            attempts: jobOptions.attempts,
            backoff: { type: 'exponential', delay: jobOptions.backoffMs },
            ...(jobOptions.priority ? { priority: jobOptions.priority } : {}),
            // A page that fails for good must not hold up the rest of its batch.
            ignoreDependencyOnFailure: true,
            removeOnComplete: keepFor,
            removeOnFail: keepFor,
          },
        }),
      ),
    });
    return batchId;
  }

  async function* results(batchId: string, opts: ResultsOptions = {}): AsyncGenerator<QueueOutcome> {
    const keys = batchKeys(name, batchId);
    const total = await batchTotal(batchId);
    // XREAD BLOCK holds its connection, so each reader has its own.
    const reader = quiet(redis.duplicate());
    const stop = () => reader.disconnect();
    opts.signal?.addEventListener('abort', stop, { once: true });
    try {
      let last = '0';
      let seen = 0;
      while (seen < total) {
        opts.signal?.throwIfAborted();
        let reply: [string, [string, string[]][]][] | null;
        try {
          reply = (await reader.xread('COUNT', 100, 'BLOCK', 2000, 'STREAMS', keys.events, last)) as typeof reply;
        } catch (error) {
          opts.signal?.throwIfAborted();
          throw toGlossaError(error, 'INTERNAL', `Reading the results of batch ${batchId} failed`);
        }
        if (!reply) {
          if ((await redis.exists(keys.meta)) === 0) throw unknownBatch(batchId);
          continue;
        }
        for (const [, entries] of reply) {
          for (const [id, fields] of entries) {
            last = id;
            seen++;
            yield await readOutcome(JSON.parse(fields[1]) as RecordedOutcome, blobs);
          }
        }
      }
    } catch (error) {
      if (opts.signal?.aborted) throw new GlossaError('ABORTED', `Stopped reading the results of batch ${batchId}`, { cause: error });
      throw error;
    } finally {
      opts.signal?.removeEventListener('abort', stop);
      reader.disconnect();
    }
  }

  async function batchTotal(batchId: string): Promise<number> {
    await connected();
    const total = Number(await redis.hget(batchKeys(name, batchId).meta, 'total'));
    if (!total) throw unknownBatch(batchId);
    return total;
  }

  function unknownBatch(batchId: string): GlossaError {
    return new GlossaError('INVALID_INPUT', `Queue ${name} has no batch ${batchId}: check the id and the queue name, or the batch is past its retention`, {
      details: { field: 'batchId' },
    });
  }

  /** Pages with no recorded outcome yet, with their BullMQ state. */
  async function pendingPages(batchId: string, total: number): Promise<{ index: number; state: string }[]> {
    const meta = batchKeys(name, batchId).meta;
    const fields = Array.from({ length: total }, (_, i) => pageField(i));
    const recorded = fields.length ? await redis.hmget(meta, ...fields) : [];
    const pending = recorded.flatMap((v, index) => (v === null ? [index] : []));
    const states: { index: number; state: string }[] = [];
    for (let i = 0; i < pending.length; i += 64) {
      const chunk = pending.slice(i, i + 64);
      const found = await Promise.all(chunk.map((index) => bullQueue.getJobState(pageJobId(batchId, index))));
      chunk.forEach((index, k) => states.push({ index, state: found[k] }));
    }
    return states;
  }

  return {
    name,
    bullQueue,
    submit,
    results: (batchId, opts) => ({ [Symbol.asyncIterator]: () => results(batchId, opts) }),
    async status(batchId) {
      const total = await batchTotal(batchId);
      const [ok, failed, cancelled] = await redis.hmget(batchKeys(name, batchId).meta, 'ok', 'failed', 'cancelled');
      const pending = await pendingPages(batchId, total);
      const active = pending.filter((p) => p.state === 'active').length;
      return { total, waiting: pending.length - active, active, completed: Number(ok ?? 0), failed: Number(failed ?? 0), cancelled: cancelled === '1' };
    },
    async cancel(batchId) {
      const total = await batchTotal(batchId);
      const keys = batchKeys(name, batchId);
      await redis.hset(keys.meta, 'cancelled', '1');
      for (const { index, state } of await pendingPages(batchId, total)) {
        // A page a worker holds is aborted by that worker, which checks the flag.
        if (state === 'active') continue;
        const recorded: RecordedOutcome = {
          ok: false,
          index,
          input: await pageLabel(batchId, index),
          worker: 'client',
          stage: 'decode',
          error: { code: 'ABORTED', message: `Batch ${batchId} was cancelled before page ${index} was translated` },
        };
        await recordOutcome(redis, keys, recorded);
        const job = await bullQueue.getJob(pageJobId(batchId, index));
        // Removing lets the batch's parent job finish; a job a worker took meanwhile stays and is skipped as recorded.
        await job?.remove().catch(() => undefined);
        await blobs.delete([blobKeys.input(name, batchId, index)]);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await flows.close();
      await bullQueue.close();
      await ownBlobs?.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };

  async function pageLabel(batchId: string, index: number): Promise<string> {
    const job = await bullQueue.getJob(pageJobId(batchId, index));
    return (job?.data as PageJobData | undefined)?.input ?? `#${index}`;
  }
}

async function readInput(input: QueueInput, index: number): Promise<{ bytes: Uint8Array; label: string; path?: string }> {
  if (input instanceof Uint8Array) return { bytes: input, label: `#${index}` };
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw invalidParameter(`inputs[${index}]`, 'image bytes, a path or a file URL', input);
  }
  const path = input instanceof URL || input.startsWith('file:') ? fileURLToPath(input) : input;
  try {
    return { bytes: await readFile(path), label: String(input instanceof URL ? path : input), path };
  } catch (cause) {
    throw new GlossaError('INVALID_INPUT', `Cannot read input ${index} (${path}): ${(cause as Error).message}`, { cause, details: { field: `inputs[${index}]` } });
  }
}

function checkJobOptions(options: PageJobOptions): Required<Omit<PageJobOptions, 'priority'>> & { priority?: number } {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 2000;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw invalidParameter('defaultJobOptions.attempts', 'a positive integer', attempts);
  }
  if (!(backoffMs >= 0)) {
    throw invalidParameter('defaultJobOptions.backoffMs', 'a delay in ms (0 or more)', backoffMs);
  }
  return { attempts, backoffMs, priority: options.priority };
}
