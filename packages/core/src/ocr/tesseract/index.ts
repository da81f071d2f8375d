export {
  createTesseractPool,
  DEFAULT_TESSERACT_LANGUAGES,
  type TesseractPool,
  type TesseractPoolOptions,
  type TesseractWorker,
} from './tesseract-pool.js';
export { startTesseractWorker } from './start-worker.js';
