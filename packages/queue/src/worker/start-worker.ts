import { hostname } from 'node:os';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { GlossaError, invalidParameter, isGlossaError, toGlossaError, type PipelineStage, type StageTimings, type Translator } from '@glossa/core';
import { createGlossa, type GlossaEngine, type GlossaOptions } from '@glossa/node';
import type { BlobStore } from '../blob/blob-store.js';
import { createRedisBlobStore, type RedisBlobStore } from '../blob/redis-blob-store.js';
import { JOB_NAMES, type BatchJobData, type PageJobData } from '../batch/jobs.js';
import { batchKeys } from '../batch/keys.js';
import type { StoredOptions } from '../batch/options.js';
import { pageField, recordOutcome } from '../batch/outcomes.js';
import { DEFAULT_QUEUE_NAME, KEY_PREFIX, openRedis, whenConnected, type RedisConnection } from '../connection.js';
import { isTransient } from './failures.js';
import { finishBatch } from './finish-batch.js';
import { storeOutputs } from './store-outputs.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** The Redis the queue clients use. */
  connection: RedisConnection;
  /** Queue name; default `glossa`. */
  name?: string;
  /** Pages translated at once by this process; default 1. One engine serves them all. */
  concurrency?: number;
  /** An engine to use (not disposed by `close()`); default one made from `glossaOptions`. */
  engine?: GlossaEngine;
  /** Options of the engine the worker makes (device, threads, inpainter...), when no `engine` is given. */
  glossaOptions?: GlossaOptions;
  /** Translator for batches submitted without one (and pages without a sidecar script), e.g. your own plugin. */
  translator?: Translator;
  /** Where the bytes are; default Redis keys. Must be the store the clients use. */
  blobStore?: BlobStore;
  /**
   * How long a page's lock lasts (renewed at half of it while the page runs).
   * A worker that dies loses its pages to the other workers once the lock has
   * expired, so this bounds the delay; it must exceed the longest the worker's
   * event loop can be busy (the slowest page's longest synchronous step). Default 60000.
   */
  lockDurationMs?: number;
  /** How often this worker looks for pages whose worker died; default 30000. */
  stalledIntervalMs?: number;
  /** How many times a page may lose its worker before it fails; default 2. */
  maxStalledCount?: number;
  /**
   * On SIGTERM or SIGINT: finish the pages held, take no new ones, close, and
   * exit the process (code 0). Default true; set false to call `close()` yourself.
   */
  handleSignals?: boolean;
  /** This worker's id, shown in outcomes and Redis's client list; default `<host>-<pid>`. */
  id?: string;
  /** How long to wait for a first connection to Redis before failing with `TIMEOUT`; default 30000 ms. */
  connectTimeoutMs?: number;
  /** Called when this worker starts a page and when it finishes it (for logs). */
  onPage?: (event: WorkerPageEvent) => void;
}

/** A page starting or finishing on a worker; see {@link WorkerOptions.onPage}. */
export interface WorkerPageEvent {
  /** `start`, `done` (translated), `failed` (for good), `retry` (failed, will be tried again), or `skipped` (its outcome was already recorded by an earlier run). */
  state: 'start' | 'done' | 'failed' | 'retry' | 'skipped';
  /** The batch. */
  batchId: string;
  /** The page's index in the batch. */
  index: number;
  /** The page's input label (its path, or `#<index>`). */
  input: string;
  /** The error code, when it failed. */
  code?: string;
  /** Milliseconds since the page started, when it finished. */
  ms?: number;
}

/** Facts about one finished page, for metrics. @internal */
export interface PageReport {
  ok: boolean;
  code?: string;
  timings?: StageTimings;
}

/** A running worker. */
export interface TranslationWorker {
  /** The worker's id, as recorded in the outcomes it produced. */
  readonly id: string;
  /** Finishes the pages held, takes no new ones, frees the engine it made and closes its connections. Idempotent. */
  close(): Promise<void>;
  /** The BullMQ queue, for metrics. @internal */
  readonly bullQueue: Queue;
  /** Adds a listener of finished pages, for metrics. @internal */
  observePages(listener: (report: PageReport) => void): void;
}

/**
 * Starts a worker that translates queued pages, in this process, with one
 * engine (models load once). Run one per machine or per GPU, with as many
 * machines as the load needs: they share the queue through Redis.
 *
 * Pages report progress per stage (`job.updateProgress({ stage, state })`).
 * Transient failures (translator 429/5xx, timeouts) are retried with
 * exponential backoff; bad inputs fail at once with their code. A page whose
 * worker dies is taken up by another once its lock expires, and its outcome is
 * recorded once however often it runs.
 *
 * @param options - Redis connection, concurrency, engine, lock timing
 * @example
 * ```ts
 * import { startWorker } from '@glossa/queue';
 * const worker = await startWorker({ connection: 'redis://redis:6379', glossaOptions: { device: 'cuda' } });
 * // SIGTERM (e.g. from Kubernetes or docker stop) finishes the held pages and exits.
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<TranslationWorker> {
  if (typeof options !== 'object' || options === null || options.connection === undefined) {
    throw new GlossaError('INVALID_INPUT', "Expected { connection: 'redis://host:6379' } for options", { details: { field: 'connection' } });
  }
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw invalidParameter('concurrency', 'a positive integer', concurrency);
  }
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  const id = options.id ?? `${hostname()}-${process.pid}`;
  const redis = openRedis(options.connection);
  const ownBlobs: RedisBlobStore | undefined = options.blobStore ? undefined : createRedisBlobStore(redis);
  const blobs: BlobStore = options.blobStore ?? (ownBlobs as RedisBlobStore);
  const engine = options.engine ?? createGlossa(options.glossaOptions);
  const listeners: ((report: PageReport) => void)[] = [];
  const report = (r: PageReport) => listeners.forEach((l) => l(r));
  const bullQueue = new Queue(name, { connection: redis, prefix: KEY_PREFIX });
  bullQueue.on('error', () => undefined);
  // Set when close() begins.
  let leaving = false;
  const batchOptions = new Map<string, Promise<{ options: StoredOptions; retention: number }>>();

  await whenConnected(redis, options.connection, options.connectTimeoutMs ?? 30_000).catch(async (error: unknown) => {
    redis.disconnect();
    if (!options.engine) await engine.dispose();
    throw error;
  });
  // Load the models before taking pages: a page's lock should not pay for them.
  await warmUp(engine);

  function optionsOf(batchId: string) {
    let found = batchOptions.get(batchId);
    if (!found) {
      found = redis.hmget(batchKeys(name, batchId).meta, 'options', 'retention').then(([json, retention]) => {
        if (!json) throw new GlossaError('INVALID_INPUT', `Batch ${batchId} is gone (cancelled and expired, or past its retention)`);
        return { options: JSON.parse(json) as StoredOptions, retention: Number(retention) };
      });
      found.catch(() => batchOptions.delete(batchId));
      batchOptions.set(batchId, found);
      // A worker sees many batches over its life; remember the recent ones only.
      if (batchOptions.size > 64) batchOptions.delete(batchOptions.keys().next().value as string);
    }
    return found;
  }

  async function processPage(job: Job<PageJobData>, token?: string): Promise<string> {
    // A job fetched while the worker is closing (the fetch was already under
    // way) goes back to the queue for another worker: a closing worker starts nothing new.
    if (leaving && token) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const { batchId, index, input, inputKey, script } = job.data;
    const keys = batchKeys(name, batchId);
    const started = Date.now();
    const tell = (state: WorkerPageEvent['state'], code?: string) =>
      options.onPage?.({ state, batchId, index, input, ...(code ? { code } : {}), ...(state === 'start' ? {} : { ms: Date.now() - started }) });
    // Told before any await, so that `start` marks the moment the worker took the page.
    tell('start');
    const [recorded, cancelled] = await redis.hmget(keys.meta, pageField(index), 'cancelled');
    if (recorded !== null) {
      tell('skipped');
      return 'recorded before';
    }
    const fail = async (error: GlossaError, stage: PipelineStage, final: boolean): Promise<never> => {
      tell(final ? 'failed' : 'retry', error.code);
      if (final) {
        await recordOutcome(redis, keys, { ok: false, index, input, worker: id, stage, error: { code: error.code, message: error.message, details: { ...error.details } } });
        await blobs.delete([inputKey]);
        report({ ok: false, code: error.code });
        throw new UnrecoverableError(`${error.code}: ${error.message}`);
      }
      throw new Error(`${error.code}: ${error.message}`, { cause: error });
    };
    if (cancelled === '1') return fail(new GlossaError('ABORTED', `Batch ${batchId} was cancelled`), 'decode', true);
    const { options: batch, retention } = await optionsOf(batchId);
    const bytes = await blobs.get(inputKey);
    if (!bytes) return fail(new GlossaError('INVALID_INPUT', `The input of page ${index} is gone from the blob store: it waited longer than the input retention`), 'decode', true);

    const abort = new AbortController();
    // Cancellation reaches a running page through this flag, checked between stages' work.
    const watch = setInterval(() => {
      redis.hget(keys.meta, 'cancelled').then(
        (v) => v === '1' && abort.abort(new GlossaError('ABORTED', `Batch ${batchId} was cancelled`)),
        () => undefined,
      );
    }, 1000);
    const translator = batch.translator ?? script ?? options.translator;
    try {
      for await (const outcome of engine.translateImages([bytes], {
        ...batch,
        translator,
        maxInFlight: 1,
        signal: abort.signal,
        onProgress: (e) => void job.updateProgress({ stage: e.stage, state: e.state }).catch(() => undefined),
      })) {
        if (!outcome.ok) {
          const final = !isTransient(outcome.error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          return await fail(outcome.error, outcome.stage, final);
        }
        const stored = await storeOutputs(blobs, { name, batchId, index, retention }, outcome);
        await recordOutcome(redis, keys, {
          ok: true,
          index,
          input,
          worker: id,
          ...stored,
          page: outcome.page,
          timings: outcome.timings,
          warnings: outcome.warnings,
        });
        await blobs.delete([inputKey]);
        report({ ok: true, timings: outcome.timings });
        tell('done');
        return 'translated';
      }
      throw new GlossaError('INTERNAL', 'The pipeline produced no outcome');
    } catch (error) {
      if (error instanceof UnrecoverableError || (error instanceof Error && error.cause instanceof GlossaError)) throw error;
      // Not a Glossa error: Redis or the blob store failed under the page, which a retry may not meet.
      const infrastructure = !isGlossaError(error);
      const glossa = toGlossaError(error, 'INTERNAL', `Page ${index} of batch ${batchId} failed`);
      return fail(glossa, 'decode', (!infrastructure && !isTransient(glossa)) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    } finally {
      clearInterval(watch);
    }
  }

  const worker = new Worker(
    name,
    async (job: Job, token?: string) =>
      job.name === JOB_NAMES.batch ? finishBatch({ redis, bullQueue, blobs, name, workerId: id }, job.data as BatchJobData) : processPage(job as Job<PageJobData>, token),
    {
      connection: redis,
      prefix: KEY_PREFIX,
      name: id,
      concurrency,
      lockDuration: options.lockDurationMs ?? 60_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: true,
    },
  );
  // Errors of the worker's own connection handling (e.g. Redis restarting) are retried by BullMQ; keep them from crashing the process.
  worker.on('error', () => undefined);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      leaving = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await worker.close();
      await bullQueue.close();
      if (!options.engine) await engine.dispose();
      await ownBlobs?.close();
      await redis.quit().catch(() => redis.disconnect());
    })());
  const onSignal = () => {
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  await worker.waitUntilReady();
  return {
    id,
    bullQueue,
    close,
    observePages: (listener) => void listeners.push(listener),
  };
}

/** Loads the models by translating a blank page, which has no text to find. */
async function warmUp(engine: GlossaEngine): Promise<void> {
  const blank = { width: 32, height: 32, data: new Uint8ClampedArray(32 * 32 * 4).fill(255) };
  await engine.translateImage(blank, { to: 'en', translator: 'none' });
}
