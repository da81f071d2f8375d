// Messages between createBrowserTranslator (the page) and the engine (the
// worker). Pixel buffers travel as transferables; Blobs travel by reference.
import {
  GlossaError,
  type GroupingPolicy,
  type OutputFormat,
  type Page,
  type Preset,
  type ProductTextMode,
  type ProgressEvent,
  type RgbaImage,
  type ScriptRole,
  type StageTimings,
  type TranslationItem,
  type TranslationMap,
  type TranslationRequest,
} from '@glossa/core';
import type { GeminiTranslatorOptions } from '@glossa/gemini-translator';
import type { ModelProgress } from '../cache.js';
import type { FontFaceSource } from '../canvas.js';
import type { WebOcrModelUrls } from '../ocr.js';
import type { WebDevice, WebExecutionDevice } from '../ort.js';
import type { WebTesseractReaderOptions } from '../tesseract.js';

export { OUTPUT_FORMATS, type OutputFormat } from '@glossa/core';

/**
 * What the engine is set up with, once per translator: everything here must
 * survive `postMessage` (no functions).
 *
 * @example
 * ```ts
 * const config: EngineConfig = { models, wasmPaths: '/ort/', fonts: '/fonts/' };
 * ```
 */
export interface EngineConfig {
  /** The PP-OCR files, served by the app. */
  models: WebOcrModelUrls;
  /** Device preference for ONNX sessions; default `auto`. */
  device?: WebDevice | readonly WebExecutionDevice[];
  /** Where onnxruntime-web's wasm files are served (see `createWebBackend`). */
  wasmPaths?: string | { mjs?: string; wasm?: string };
  /** wasm threads (1 unless the page is cross-origin isolated). */
  numThreads?: number;
  /** Cache model files in Cache Storage (default true) or the bucket name. */
  cache?: boolean | string;
  /** Fonts: a folder URL serving the default Noto files (see `BUNDLED_FONT_FILES`), or explicit faces. */
  fonts?: string | readonly FontFaceSource[];
  /** Largest input in pixels; default 50 megapixels. */
  maxPixels?: number;
  /**
   * How text is erased: `classical` (default; no model, fast on flat and
   * gradient backgrounds) or LaMa from a model URL the app serves (better on
   * photos and textures; large download, best with WebGPU). `outputMax` is the
   * model's output range (255 for the Carve export, 1 for 0..1 exports).
   */
  inpainter?: 'classical' | { lama: string; size?: number; outputMax?: number };
  /**
   * Tesseract for the `comic` preset (`from: 'ja'`): the URLs the app serves
   * tesseract.js's worker script, wasm core and traineddata from, and the
   * pool size (see `createWebTesseractReader`). Without it, a call that
   * selects the comic preset fails with `INVALID_INPUT`. The workers start
   * with the first comic page.
   */
  tesseract?: WebTesseractReaderOptions;
}

/**
 * The translator as it crosses into the worker: a translation script, `none`
 * (erase only), a Gemini configuration (run in the worker), or a plugin that
 * stays on the page (`rpc`).
 * @internal
 */
export type TranslatorSpec =
  | { kind: 'none' }
  | { kind: 'map'; map: TranslationMap }
  | { kind: 'gemini'; options: GeminiTranslatorOptions }
  | { kind: 'rpc'; id: string; partial?: boolean };

/** Per-call settings that cross into the worker. @internal */
export interface RunSpec {
  to: string;
  from?: string;
  preset?: Preset;
  eraseSfx?: boolean;
  grouping?: GroupingPolicy;
  translator: TranslatorSpec;
  /** Formats to encode, the first is `image`. */
  formats: readonly OutputFormat[];
  quality?: number;
  /** For `render`: which blocks to lay out again. */
  relayout?: 'changed' | 'all';
  glossary?: Readonly<Record<string, string>>;
  /** `keep` (default) or `translate`: what the group stage does with product text. */
  productText?: ProductTextMode;
  /** Roles a translation script forced per source text. */
  roles?: Readonly<Record<string, ScriptRole>>;
}

/** An image input as it crosses: a Blob (by reference) or an ImageBitmap (transferred). @internal */
export type WireInput = Blob | ImageBitmap;

/** Pixels as they cross: the buffer is transferred. @internal */
export interface WireImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** @internal */
export type ToWorker =
  | { type: 'init'; config: EngineConfig }
  | { type: 'run'; call: number; inputs: WireInput[]; spec: RunSpec; order: 'completion' | 'input' }
  | { type: 'render'; call: number; page: Page; background: WireImage; original?: WireImage; spec: RunSpec }
  | { type: 'abort'; call: number }
  | { type: 'translated'; call: number; request: number; items?: TranslationItem[]; error?: WireError }
  | { type: 'dispose' };

/** @internal */
export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** One page's result as it crosses. @internal */
export type WireOutcome =
  | { ok: true; index: number; outputs: Partial<Record<OutputFormat, Blob>>; page: Page; background: WireImage; timings: StageTimings }
  | { ok: false; index: number; error: WireError; stage?: string };

/** @internal */
export type FromWorker =
  | { type: 'ready'; device: string | undefined }
  | { type: 'init-failed'; error: WireError }
  | { type: 'model-progress'; progress: ModelProgress }
  | { type: 'progress'; call: number; event: ProgressEvent }
  | { type: 'outcome'; call: number; outcome: WireOutcome }
  | { type: 'done'; call: number; error?: WireError }
  | { type: 'translate'; call: number; request: number; translator: string; payload: Omit<TranslationRequest, 'signal' | 'context'> & { context?: Omit<NonNullable<TranslationRequest['context']>, 'image'> } }
  | { type: 'disposed' };

/** The transferable buffer of `image`'s pixels: the whole buffer when the view covers it, else a copy. @internal */
export function toWire(image: RgbaImage): { wire: WireImage; transfer: ArrayBuffer[] } {
  const { data } = image;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  const bytes = whole ? data : new Uint8ClampedArray(data);
  return { wire: { width: image.width, height: image.height, data: bytes }, transfer: [bytes.buffer as ArrayBuffer] };
}

/** A GlossaError rebuilt on this side of the boundary (code, message, details). @internal */
export function fromWire(error: WireError): GlossaError {
  return new GlossaError(error.code as GlossaError['code'], error.message, { details: error.details });
}
