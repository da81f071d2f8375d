// A queue worker in its own process, as the acceptance tests fork it: it runs
// the built @glossa/queue (`npm test` builds first) and reports each page it
// starts and finishes to the test over IPC. Short locks by default, so that a
// killed worker's page is taken up within seconds.
import { startWorker } from '@glossa/queue';

const worker = await startWorker({
  connection: process.env.GLOSSA_TEST_REDIS,
  id: process.env.GLOSSA_TEST_WORKER_ID,
  concurrency: Number(process.env.GLOSSA_TEST_CONCURRENCY ?? 1),
  lockDurationMs: Number(process.env.GLOSSA_TEST_LOCK_MS ?? 5000),
  stalledIntervalMs: 1000,
  maxStalledCount: 10,
  glossaOptions: { device: 'cpu', inpainter: 'classical', threads: 1, onWarning: () => undefined },
  onPage: (event) => process.send?.({ type: 'page', worker: process.env.GLOSSA_TEST_WORKER_ID, ...event }),
});
// Runs after the worker's own SIGTERM handler has begun closing.
process.on('SIGTERM', () => process.send?.({ type: 'closing', at: Date.now() }));
process.send?.({ type: 'ready', id: worker.id });
