import type { TranslateManyOptions, TranslateOutcome } from '@glossa/node';
import { createTranslationQueue, type QueueInput, type TranslationQueue, type TranslationQueueOptions } from '../client/create-queue.js';

/** The part of a `GlossaEngine` that {@link createQueueEngine} provides. */
export interface QueueEngine {
  /**
   * Submits the inputs as one batch and yields each page's outcome as a worker
   * finishes it, like `GlossaEngine.translateImages` (completion order; `index`
   * is the input's position). Options that only make sense in-process
   * (`maxInFlight`, `concurrency`, `cpuSlots`, `batching`, `order`, `onProgress`)
   * are left out; `signal` cancels the batch, as it cancels an in-process run.
   */
  translateImages(inputs: Iterable<QueueInput> | AsyncIterable<QueueInput>, options: TranslateManyOptions): AsyncIterable<TranslateOutcome>;
  /** Where pages run: always `queue`. */
  readonly device: string;
  /** The queue client underneath (for `status`, `attachMetrics`...). */
  readonly queue: TranslationQueue;
  /** Closes the queue client. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * A stand-in for an in-process engine that sends the work to the queue's
 * workers instead: code written against `createGlossa().translateImages`
 * (such as `glossa translate --redis`) runs on the queue unchanged.
 *
 * @param options - as {@link createTranslationQueue}
 * @example
 * ```ts
 * const engine = createQueueEngine({ connection: 'redis://redis:6379' });
 * for await (const r of engine.translateImages(files, { to: 'en' })) console.log(r.index, r.ok);
 * await engine.dispose();
 * ```
 */
export function createQueueEngine(options: TranslationQueueOptions): QueueEngine {
  const queue = createTranslationQueue(options);
  return {
    device: 'queue',
    queue,
    translateImages(inputs, opts) {
      const { maxInFlight: _m, concurrency: _c, cpuSlots: _s, batching: _b, order: _o, onProgress: _p, signal, translator, ...rest } = opts;
      return {
        async *[Symbol.asyncIterator]() {
          signal?.throwIfAborted();
          const batch = await queue.submit(inputs, { ...rest, translator: translator as never });
          const cancel = () => void queue.cancel(batch).catch(() => undefined);
          signal?.addEventListener('abort', cancel, { once: true });
          try {
            for await (const outcome of queue.results(batch, { signal })) {
              const { worker: _w, ...shape } = outcome;
              yield shape as TranslateOutcome;
            }
          } finally {
            signal?.removeEventListener('abort', cancel);
          }
        },
      };
    },
    dispose: () => queue.close(),
  };
}
