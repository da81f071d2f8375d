import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { GlossaError, PIPELINE_STAGES } from '@glossa/core';
import type { TranslationQueue } from '../client/create-queue.js';
import type { TranslationWorker } from '../worker/start-worker.js';

/** BullMQ job states reported as queue depth. */
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * Registers Glossa's queue metrics on a prom-client registry:
 *
 * - `glossa_queue_jobs{state}`: jobs per BullMQ state, read from Redis at
 *   each scrape (pages and batches; `waiting-children` counts batches in progress);
 * - `glossa_queue_workers`: workers connected to the queue (all machines);
 * - `glossa_queue_page_stage_seconds{stage}`: time per pipeline stage of the
 *   pages this process translated (`total` included);
 * - `glossa_queue_pages_total{outcome,code}`: pages this process completed or
 *   failed, by error code.
 *
 * Pass the queue client, the worker, or both, of this process. Call it once per registry.
 *
 * @param registry - a prom-client `Registry` (e.g. `register` from prom-client)
 * @param sources - the queue client and/or worker of this process
 * @throws GlossaError `INVALID_INPUT` without any source
 * @example
 * ```ts
 * import { Registry } from 'prom-client';
 * const registry = new Registry();
 * attachMetrics(registry, worker);
 * // GET /metrics: res.end(await registry.metrics());
 * ```
 */
export function attachMetrics(registry: Registry, ...sources: (TranslationQueue | TranslationWorker)[]): void {
  if (sources.length === 0) {
    throw new GlossaError('INVALID_INPUT', 'Expected a queue client or a worker to take metrics from: attachMetrics(registry, queue)', { details: { field: 'sources' } });
  }
  const queue = sources[0].bullQueue;
  new Gauge({
    name: 'glossa_queue_jobs',
    help: 'Jobs in the Glossa queue per BullMQ state (pages and batches).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'glossa_queue_workers',
    help: 'Workers connected to the Glossa queue, on all machines.',
    registers: [registry],
    async collect() {
      this.set(await queue.getWorkersCount());
    },
  });
  const stages = new Histogram({
    name: 'glossa_queue_page_stage_seconds',
    help: 'Seconds per pipeline stage of the pages this process translated.',
    labelNames: ['stage'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const pages = new Counter({
    name: 'glossa_queue_pages_total',
    help: 'Pages this process finished, by outcome and error code.',
    labelNames: ['outcome', 'code'],
    registers: [registry],
  });
  for (const source of sources) {
    if (!('observePages' in source)) continue;
    source.observePages((report) => {
      pages.inc({ outcome: report.ok ? 'completed' : 'failed', code: report.code ?? 'none' });
      if (!report.timings) return;
      for (const stage of [...PIPELINE_STAGES, 'total' as const]) {
        const ms = report.timings[stage];
        if (typeof ms === 'number') stages.observe({ stage }, ms / 1000);
      }
    });
  }
}
