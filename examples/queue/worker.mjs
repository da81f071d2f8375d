// A queue worker for the compose file (one process = one engine; scale with
// replicas). Reads GLOSSA_REDIS_URL, GLOSSA_CONCURRENCY and GLOSSA_DEVICE.
// SIGTERM (docker stop) finishes the pages it holds, then exits.
import { startWorker } from '@glossa/queue';

const worker = await startWorker({
  connection: process.env.GLOSSA_REDIS_URL ?? 'redis://localhost:6379',
  concurrency: Number(process.env.GLOSSA_CONCURRENCY ?? 1),
  glossaOptions: { device: process.env.GLOSSA_DEVICE ?? 'auto' },
  onPage: (e) => e.state !== 'start' && console.log(`${e.state} ${e.batchId} #${e.index} ${e.input}${e.code ? ` ${e.code}` : ''} ${e.ms} ms`),
});
console.log(`worker ${worker.id} ready`);
