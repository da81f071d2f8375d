// The demo's worker: Vite bundles it (and everything it imports) as a module
// worker, started from main.ts with `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
import { startTranslatorWorker } from '@glossa/browser';

startTranslatorWorker();
