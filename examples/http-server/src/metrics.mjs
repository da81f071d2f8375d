// Prometheus metrics through prom-client, on a registry of the server's own
// (not prom-client's global one), so two servers in one process, or a test,
// never share counts.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's metrics:
 * - `glossa_page_duration_seconds` (histogram, label `status`): one page's
 *   wall time in the pipeline, from the start of its decode to its result;
 * - `glossa_pages_total` (counter, label `status`: `ok` or `failed`);
 * - `glossa_pages_in_flight` (gauge): pages accepted and not finished yet,
 *   queued or in the pipeline;
 * plus prom-client's process metrics (CPU, RSS, event loop lag) when `defaults`.
 */
export function createMetrics({ defaults = true } = {}) {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const pageDuration = new Histogram({
    name: 'glossa_page_duration_seconds',
    help: 'Wall time of one page in the pipeline, decode start to result',
    labelNames: ['status'],
    // Pages take about 1 to 10 s on a CPU, much less on a GPU.
    buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
    registers: [registry],
  });
  const pages = new Counter({
    name: 'glossa_pages_total',
    help: 'Pages finished, by status (ok or failed)',
    labelNames: ['status'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'glossa_pages_in_flight',
    help: 'Pages accepted and not finished yet (queued or in the pipeline)',
    registers: [registry],
  });
  // Both series exist from the start, so a dashboard shows 0 rather than nothing.
  for (const status of ['ok', 'failed']) {
    pages.inc({ status }, 0);
    pageDuration.zero({ status });
  }
  return { registry, pageDuration, pages, inFlight };
}
