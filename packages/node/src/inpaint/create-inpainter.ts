import {
  createClassicalInpainter,
  createLamaInpainter,
  GlossaError,
  isGlossaError,
  type ClassicalInpainterOptions,
  type InferenceBackend,
  type Inpainter,
  type LamaInpainterOptions,
} from '@glossa/core';
import { createNodeBackend, type NodeBackend, type NodeDevice } from '../ort/session-factory.js';
import type { ModelManifest } from '../models/manifest.js';
import { resolveModel } from '../models/store.js';

/** Inpainters `createNodeInpainter` can build. `auto` = LaMa when its model is in the cache, else classical. */
export const NODE_INPAINTERS = ['auto', 'classical', 'lama'] as const;

/** One of {@link NODE_INPAINTERS}. */
export type NodeInpainterKind = (typeof NODE_INPAINTERS)[number];

/** Options of {@link createNodeInpainter}. */
export interface NodeInpainterOptions {
  /** Which inpainter; default `auto`. */
  inpainter?: NodeInpainterKind;
  /** Device of the LaMa session when the inpainter creates its backend; default `auto` (CUDA, else CPU). */
  device?: NodeDevice;
  /** Threads per CPU session when the inpainter creates its backend. */
  threads?: number;
  /** An ONNX Runtime backend to share (e.g. with OCR); not disposed by the inpainter. Default: a new `createNodeBackend`. */
  backend?: InferenceBackend;
  /** The model cache folder; default `GLOSSA_MODELS_DIR` or the user cache dir. */
  modelsDir?: string;
  /** Manifest to look the `lama` model up in; default the bundled one. */
  manifest?: ModelManifest;
  /** A LaMa ONNX file to use instead of the cached `lama` model (your own export). */
  lamaModel?: string;
  /** Tuning passed to `createLamaInpainter` (batch size, regions, output range...). */
  lama?: Omit<Partial<LamaInpainterOptions>, 'backend' | 'model'>;
  /** Tuning passed to `createClassicalInpainter`. */
  classical?: ClassicalInpainterOptions;
  /** Receives warnings, such as `auto` falling back to classical over a damaged LaMa file; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** The inpainter `createNodeInpainter` returns. */
export interface NodeInpainter extends Inpainter {
  /** What `auto` resolved to: `lama` or `classical`. */
  readonly kind: 'lama' | 'classical';
  /** The LaMa model file in use (kind `lama` only). */
  readonly modelPath?: string;
  /** Frees the ONNX session (and the backend, when the inpainter created it). Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Builds the inpainter for Node. `auto` (the default) uses LaMa when the
 * model is in the cache (`glossa models pull lama`) and the classical inpainter
 * otherwise; `lama` requires the model; `classical` never touches ONNX.
 * LaMa runs on the same CUDA-then-CPU backend factory as OCR.
 *
 * @param options - see {@link NodeInpainterOptions}
 * @throws GlossaError `MODEL_NOT_FOUND` (naming `glossa models pull lama`) when `lama` is asked for and
 *   missing; `MODEL_INVALID` when `lama` is asked for and the cached file is damaged (`auto` falls back to
 *   classical with a warning); `INVALID_INPUT` for a bad option
 * @example
 * ```ts
 * const inpainter = await createNodeInpainter({ inpainter: 'auto' });
 * console.log(inpainter.kind); // 'lama' once `glossa models pull lama` has run
 * const clean = await inpainter.inpaint(image, mask);
 * await inpainter.dispose();
 * ```
 */
export async function createNodeInpainter(options: NodeInpainterOptions = {}): Promise<NodeInpainter> {
  const kind = options.inpainter ?? 'auto';
  if (!(NODE_INPAINTERS as readonly string[]).includes(kind)) {
    throw new GlossaError('INVALID_INPUT', `Expected one of ${NODE_INPAINTERS.join(', ')} for inpainter but received '${String(kind)}'`, {
      details: { field: 'inpainter' },
    });
  }
  if (kind === 'classical') return classical(options);

  let modelPath = options.lamaModel;
  let outputMax = options.lama?.outputMax;
  if (modelPath === undefined) {
    try {
      const model = await resolveModel('lama', { modelsDir: options.modelsDir, manifest: options.manifest });
      modelPath = model.path;
      outputMax ??= model.entry.input.outputs[0]?.range?.[1];
    } catch (error) {
      // `auto` degrades to classical when the model is not there (silently: that is
      // the default set-up) or damaged (with a warning saying how to repair it).
      if (kind === 'auto' && isGlossaError(error) && error.code === 'MODEL_NOT_FOUND') return classical(options);
      if (kind === 'auto' && isGlossaError(error) && error.code === 'MODEL_INVALID') {
        (options.onWarning ?? console.warn)(`${error.message} Using the classical inpainter meanwhile.`);
        return classical(options);
      }
      throw error;
    }
  }

  const owned: NodeBackend | undefined = options.backend
    ? undefined
    : createNodeBackend({ device: options.device ?? 'auto', ...(options.threads ? { threads: options.threads } : {}) });
  const backend = options.backend ?? owned!;
  const lama = createLamaInpainter({ ...options.lama, backend, model: modelPath, ...(outputMax ? { outputMax } : {}) });
  let disposed = false;
  return {
    kind: 'lama',
    modelPath,
    inpaint: (image, mask, call) => lama.inpaint(image, mask, call),
    async dispose() {
      if (disposed) return;
      disposed = true;
      lama.dispose();
      await owned?.dispose();
    },
  };
}

function classical(options: NodeInpainterOptions): NodeInpainter {
  const inner = createClassicalInpainter(options.classical);
  return {
    kind: 'classical',
    inpaint: (image, mask, call) => inner.inpaint(image, mask, call),
    async dispose() {
      await inner.dispose?.();
    },
  };
}
