/**
 * Glossa at scale: a translation queue on BullMQ and Redis. Clients submit
 * batches and stream their results; workers on any number of machines
 * translate the pages; nothing is lost when a worker or Redis restarts.
 *
 * @packageDocumentation
 */
export type { RedisConnection } from './connection.js';
export type { BlobStore } from './blob/blob-store.js';
export { createRedisBlobStore, type RedisBlobStore } from './blob/redis-blob-store.js';
export { createFileBlobStore, type FileBlobStore } from './blob/fs-blob-store.js';
export type { QueueTranslateOptions } from './batch/options.js';
export type { QueueOutcome } from './batch/outcomes.js';
export {
  createTranslationQueue,
  type BatchStatus,
  type PageJobOptions,
  type QueueInput,
  type ResultsOptions,
  type RetentionOptions,
  type TranslationQueue,
  type TranslationQueueOptions,
} from './client/create-queue.js';
export { startWorker, type TranslationWorker, type WorkerOptions, type WorkerPageEvent } from './worker/start-worker.js';
export { attachMetrics } from './metrics/attach-metrics.js';
export { createQueueEngine, type QueueEngine } from './adapters/queue-engine.js';
export { serveWorker, type ServeWorkerOptions } from './adapters/serve-worker.js';
