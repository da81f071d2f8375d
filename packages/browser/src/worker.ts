// The worker entry (`@glossa/browser/worker`, built to dist/worker.js): a
// module worker script that runs the engine. createBrowserTranslator starts it
// by default; apps that bundle their own worker call startTranslatorWorker().
import { startTranslatorWorker } from './worker/host.js';

startTranslatorWorker();
