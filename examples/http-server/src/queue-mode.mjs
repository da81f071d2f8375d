// Queue mode: with GLOSSA_REDIS_URL set, POST /translate submits each upload as
// one @glossa/queue batch and streams the server-sent events from the batch's
// results, whichever worker (`glossa worker --redis ...`, on any machine)
// translated each page. The server loads no models; any number of servers and
// workers can share the Redis. See docs/scale-out.md.
import { attachMetrics, createQueueEngine } from '@glossa/queue';

/**
 * An engine for createGlossaServer that sends the pages to the queue's workers.
 * A client that disconnects cancels its batch.
 *
 * @param {string} redisUrl - e.g. redis://redis:6379
 * @param {import('prom-client').Registry} registry - where the queue's metrics (depth per state, workers) go
 * @returns {import('@glossa/queue').QueueEngine}
 */
export function createQueueModeEngine(redisUrl, registry) {
  const engine = createQueueEngine({ connection: redisUrl });
  attachMetrics(registry, engine.queue);
  return engine;
}
