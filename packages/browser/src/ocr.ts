import { createPaddleOcr, GlossaError, type PaddleOcr, type PaddleOcrOptions } from '@glossa/core';
import { fetchModel } from './cache.js';
import { createWebBackend, type WebBackend, type WebBackendOptions } from './ort.js';

/**
 * URLs of the PaddleOCR files, as the app serves them.
 *
 * @example
 * ```ts
 * const models: WebOcrModelUrls = {
 *   det: '/models/ch_PP-OCRv4_det_infer.onnx',
 *   rec: '/models/ch_PP-OCRv4_rec_infer.onnx',
 *   dictionary: '/models/ppocr_keys_v1.txt',
 * };
 * ```
 */
export interface WebOcrModelUrls {
  /** Detection model. */
  det: string;
  /** Recognition model. */
  rec: string;
  /** Angle classifier, used with `useAngleClassifier`. */
  cls?: string;
  /** The recognition model's keys file (one character per line). */
  dictionary: string;
}

/**
 * Options of {@link createWebOcr}: the model URLs, the backend (or the
 * options to create one) and core's PP-OCR tuning.
 *
 * @example
 * ```ts
 * const options: WebOcrOptions = { models, device: 'wasm', wasmPaths: '/ort/' };
 * ```
 */
export interface WebOcrOptions extends Omit<PaddleOcrOptions, 'backend' | 'models'>, WebBackendOptions {
  /** Model URLs. */
  models: WebOcrModelUrls;
  /** A backend to share with other models (it is not disposed here); default: one created from the other options. */
  backend?: WebBackend;
  /** Cancels loading the dictionary. */
  signal?: AbortSignal;
}

/**
 * Creates core's PP-OCR reader on onnxruntime-web. The dictionary is fetched
 * now (through Cache Storage); the models are fetched and their sessions
 * created on the first `recognize()`.
 *
 * @param options - model URLs, device and tuning
 * @returns an `Ocr` with `dispose()` (which also disposes a backend created here)
 * @throws GlossaError `INVALID_INPUT` for missing model URLs, `MODEL_NOT_FOUND` / `DOWNLOAD_FAILED` for the dictionary
 * @example
 * ```ts
 * const ocr = await createWebOcr({ models, wasmPaths: '/ort/' });
 * const lines = await ocr.recognize(await decodeImage(file));
 * await ocr.dispose();
 * ```
 */
export async function createWebOcr(options: WebOcrOptions): Promise<PaddleOcr> {
  const { models, backend: given, signal, device, wasmPaths, numThreads, wasmOnly, cache, fetch, onProgress, ...tuning } = options ?? ({} as WebOcrOptions);
  for (const key of ['det', 'rec', 'dictionary'] as const) {
    if (typeof models?.[key] !== 'string' || models[key] === '') {
      throw new GlossaError('INVALID_INPUT', `Expected a URL for models.${key} but received ${String(models?.[key])}`, {
        details: { field: `models.${key}` },
      });
    }
  }
  const dictionary = new TextDecoder().decode(await fetchModel(models.dictionary, { cache, fetch, signal, onProgress }));
  const backend = given ?? createWebBackend({ device, wasmPaths, numThreads, wasmOnly, cache, fetch, onProgress });
  const ocr = createPaddleOcr({ ...tuning, backend, models: { det: models.det, rec: models.rec, cls: models.cls, dictionary } });
  let disposed = false;
  return {
    recognize: (image, callOptions) => ocr.recognize(image, callOptions),
    warmUp: (callOptions) => ocr.warmUp(callOptions),
    detect: (image, callOptions) => ocr.detect(image, callOptions),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await ocr.dispose();
      if (!given) await backend.dispose();
    },
  };
}
