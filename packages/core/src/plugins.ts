import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { Mask, RgbaImage } from './image/rgba-image.js';
import type { Page, TextLine } from './page/page.js';

/** Options every plugin call accepts. */
export interface CallOptions {
  /** Cancels the call; implementations stop early and throw `GlossaError('ABORTED')`. */
  signal?: AbortSignal;
}

/**
 * Finds and reads text lines in an image.
 *
 * @example
 * ```ts
 * const ocr: Ocr = {
 *   async recognize(image, { signal } = {}) {
 *     const found = await myEngine.read(image.data, image.width, image.height, { signal });
 *     return found.map((f) => ({ polygon: f.corners, text: f.text, score: f.confidence }));
 *   },
 * };
 * ```
 */
export interface Ocr {
  /** Returns every text line found, in image coordinates. */
  recognize(image: RgbaImage, options?: CallOptions): Promise<TextLine[]>;
  /** Frees native resources (sessions). Idempotent. */
  dispose?(): Promise<void> | void;
}

/** One text to translate; `id` ties the answer back to the block. */
export interface TranslationItem {
  /** Unique within one request. */
  id: string;
  /** The text: source text in a request, translated text in a reply. */
  text: string;
}

/** A source text and its translation from an earlier page, given as context. */
export interface TranslationPair {
  /** Source text. */
  source: string;
  /** Its translation. */
  translation: string;
}

/** Optional context a translator may use to translate better. */
export interface TranslationContext {
  /** The page image, for translators that can look at it. */
  image?: RgbaImage;
  /** Terms that must be translated a fixed way: source term to required translation. */
  glossary?: Readonly<Record<string, string>>;
  /** Earlier pages' text and translations, oldest first. */
  previous?: readonly TranslationPair[];
}

/** What {@link Translator.translate} receives. */
export interface TranslationRequest extends CallOptions {
  /** The texts; ids are unique. */
  items: readonly TranslationItem[];
  /** BCP 47 source language (`zh`, `ja`...); absent means "detect". */
  sourceLang?: string;
  /** BCP 47 target language (`ko`, `en`...). */
  targetLang: string;
  /** Optional context. */
  context?: TranslationContext;
}

/**
 * Translates texts. Must return exactly one item per input id; the scheduler
 * treats anything else as `TRANSLATOR_FAILED`.
 *
 * @example
 * ```ts
 * const upper: Translator = {
 *   id: 'upper',
 *   async translate({ items }) { return items.map(({ id, text }) => ({ id, text: text.toUpperCase() })); },
 * };
 * ```
 */
export interface Translator {
  /** Stable identifier, part of the translation cache key (include the model name if it matters). */
  readonly id: string;
  /**
   * When true the reply may leave ids out: those blocks keep their source text
   * (flagged `untranslated`, neither erased nor re-rendered). A translation
   * script does this for lines it has no entry for. Default false: a missing id
   * is an error.
   */
  readonly partial?: boolean;
  /** Translates a batch. */
  translate(request: TranslationRequest): Promise<TranslationItem[]>;
  /** Frees resources. Idempotent. */
  dispose?(): Promise<void> | void;
}

/**
 * Fills the masked pixels of an image with plausible background.
 *
 * @example
 * ```ts
 * const flat: Inpainter = {
 *   async inpaint(image, mask) { return fillWithMedianOfRing(image, mask); },
 * };
 * ```
 */
export interface Inpainter {
  /** Returns a new image; pixels where `mask` is 0 are unchanged. */
  inpaint(image: RgbaImage, mask: Mask, options?: CallOptions): Promise<RgbaImage>;
  /** Frees native resources. Idempotent. */
  dispose?(): Promise<void> | void;
}

/**
 * Draws each block's laid-out translation onto a background.
 *
 * @example
 * ```ts
 * const out = await renderer.render(erased, page);
 * ```
 */
export interface Renderer {
  /** Returns a new image; `background` is not modified. Blocks without `layout` are skipped. */
  render(background: RgbaImage, page: Page, options?: CallOptions): Promise<RgbaImage>;
}

/** A font as the layout engine asks for it. */
export interface FontSpec {
  /** A family registered with the runtime's canvas. */
  family: string;
  /** Size in pixels. */
  size: number;
  /** Weight; normal by default. */
  weight?: 'normal' | 'bold';
}

/** What a measurement returns, in pixels. */
export interface TextMetrics {
  /** Advance width of the whole string. */
  width: number;
  /** Distance from the baseline up to the top of the tallest glyph drawn. */
  ascent: number;
  /** Distance from the baseline down to the bottom of the lowest glyph drawn. */
  descent: number;
}

/**
 * The one thing the layout engine needs from a canvas. Node supplies one on
 * @napi-rs/canvas, the browser on OffscreenCanvas.
 *
 * @example
 * ```ts
 * const measurer: TextMeasurer = {
 *   measure(text, font) {
 *     ctx.font = `${font.weight ?? 'normal'} ${font.size}px "${font.family}"`;
 *     const m = ctx.measureText(text);
 *     return { width: m.width, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
 *   },
 * };
 * ```
 */
export interface TextMeasurer {
  /** Measures `text` set in `font` on one line. */
  measure(text: string, font: FontSpec): TextMetrics;
}

/** The ONNX Runtime `Tensor` constructor of the runtime in use (onnxruntime-node or onnxruntime-web). */
export type TensorConstructor = typeof Tensor;

/** Where a model comes from: a path or URL the runtime understands, or the bytes. */
export type ModelSource = string | Uint8Array;

/**
 * ONNX Runtime, injected. Core's model code (PP-OCR, LaMa) is written against
 * `onnxruntime-common` types only and receives the runtime through this, so
 * Node and the browser share one implementation.
 *
 * @example
 * ```ts
 * const backend = createNodeBackend({ device: 'auto' }); // from @glossa/node
 * const session = await backend.createSession('/models/det.onnx');
 * const input = new backend.Tensor('float32', data, [1, 3, h, w]);
 * ```
 */
export interface InferenceBackend {
  /** The runtime's Tensor class; tensors given to its sessions must come from it. */
  readonly Tensor: TensorConstructor;
  /** Creates a session on the backend's device (with its fallback rules). */
  createSession(model: ModelSource, options?: CallOptions): Promise<InferenceSession>;
  /** The device sessions actually run on, once known (`cpu`, `cuda`, `webgpu`, `wasm`). */
  readonly device?: string;
}
