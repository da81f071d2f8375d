import { GlossaError } from '../../errors.js';
import type { TesseractWorker } from './tesseract-pool.js';

/**
 * Starts a tesseract.js worker and settles when it is ready or has failed.
 * tesseract.js's `createWorker` never settles when a language fails to load
 * or initialise (a traineddata URL that answers 404, a corrupt file): it
 * reports that only to its `errorHandler` option, and without one it throws
 * where nothing can catch it (in Node, an uncaught exception). `create` gets
 * the handler to pass on; the first of "ready" and "failed" wins. A worker
 * that failed this way cannot be ended (tesseract.js gives no handle to it),
 * so the runtimes check what they can (the traineddata is there) before.
 *
 * @param lang - the language code, for the error message
 * @param create - calls `createWorker(lang, oem, { ...options, errorHandler })`
 * @returns the worker
 * @throws GlossaError `MODEL_NOT_FOUND` when the traineddata could not be fetched, `INFERENCE_FAILED` for other failures
 * @example
 * ```ts
 * const worker = await startTesseractWorker('jpn_vert', (errorHandler) => createWorker('jpn_vert', OEM.LSTM_ONLY, { langPath, errorHandler }));
 * ```
 */
export function startTesseractWorker(lang: string, create: (errorHandler: (error: unknown) => void) => Promise<TesseractWorker>): Promise<TesseractWorker> {
  return new Promise<TesseractWorker>((resolve, reject) => {
    const fail = (error: unknown) => reject(startError(lang, error));
    create(fail).then(resolve, fail);
  });
}

function startError(lang: string, error: unknown): GlossaError {
  if (error instanceof GlossaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // tesseract.js's words for a traineddata file it could not get.
  if (/Network error while fetching|no such file|ENOENT/i.test(message)) {
    return new GlossaError('MODEL_NOT_FOUND', `Tesseract could not load the traineddata for '${lang}': ${message}`, { cause: error, details: { language: lang } });
  }
  return new GlossaError('INFERENCE_FAILED', `Tesseract (${lang}) failed to start: ${message}`, { cause: error, details: { language: lang } });
}
