import { availableParallelism } from 'node:os';
import {
  GlossaError,
  buildTextMask,
  createBlocks,
  createPipeline,
  flattenAlpha,
  inferBlockStyles,
  layoutPage,
  backgroundFreeSpace,
  type BatchingOptions,
  type Inpainter,
  type Mask,
  type Page,
  type PageOutcome,
  type PipelineStage,
  type ProgressEvent,
  type RgbaImage,
  type StageTimings,
  type TranslationPair,
} from '@glossa/core';
import { fontFamilyFor } from '../canvas/fonts.js';
import { createCanvasMeasurer } from '../canvas/measurer.js';
import { createCanvasRenderer } from '../canvas/renderer.js';
import { decodeImage, encodeImage, type DecodeLimits, type ImageInput } from '../io/image-io.js';
import { createNodeInpainter, type NodeInpainterKind } from '../inpaint/create-inpainter.js';
import { createNodeOcr, type NodeOcrOptions } from '../ocr/create-node-ocr.js';
import { createNodeBackend, type NodeBackend, type NodeDevice } from '../ort/session-factory.js';
import { OUTPUT_FORMATS, encodeOutput, type OutputFormat } from './formats.js';
import { findSidecar, readTranslationScript, resolveTranslator, type TranslatorChoice } from './translator.js';

/** Options of {@link createGlossa}: models and devices, fixed for the engine's life. */
export interface GlossaOptions {
  /** ONNX Runtime device: `auto` (CUDA, else CPU; default), `cpu` or `cuda`. */
  device?: NodeDevice;
  /** Threads per CPU session; default: all available cores. */
  threads?: number;
  /** `auto` (LaMa when `glossa models pull lama` was run, else classical; default), `classical`, `lama`, or your own plugin. */
  inpainter?: NodeInpainterKind | Inpainter;
  /** OCR model paths and tuning (e.g. PaddleOCR's Korean recognition model with its dictionary). */
  ocr?: Omit<NodeOcrOptions, 'device' | 'backend' | 'threads'>;
  /** Model cache folder; default `GLOSSA_MODELS_DIR` or the user cache dir. */
  modelsDir?: string;
  /** Input limits; default 50 megapixels and 50 MB. */
  limits?: DecodeLimits;
  /** Receives warnings such as the CUDA fallback; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** Options of one {@link GlossaEngine.translateImage} call. */
export interface TranslateOptions {
  /** Target language (BCP 47): `ko`, `en`, `ja`, `zh`... */
  to: string;
  /** Source language, when known. */
  from?: string;
  /**
   * Where translations come from; see {@link TranslatorChoice}. Default: sidecar
   * scripts beside path inputs (`<stem>.<to>.json`), then Gemini when
   * `@glossa/gemini-translator` is installed and `GEMINI_API_KEY` is set.
   */
  translator?: TranslatorChoice;
  /** Output format(s); `image` holds the first. Default `png`. */
  format?: OutputFormat | readonly OutputFormat[];
  /** Also return the erase mask as PNG. */
  includeMask?: boolean;
  /** Also return the erased background as PNG. */
  includeBackground?: boolean;
  /** Terms the translator must translate a fixed way. */
  glossary?: Readonly<Record<string, string>>;
  /** Earlier translations, as context for the translator. */
  previous?: readonly TranslationPair[];
  /** Cancels the work. */
  signal?: AbortSignal;
  /** Progress per page and stage. */
  onProgress?: (event: ProgressEvent) => void;
}

/** Options of {@link GlossaEngine.translateImages}. */
export interface TranslateManyOptions extends TranslateOptions {
  /** `completion` (default) or `input` order. */
  order?: 'completion' | 'input';
  /** Pages processed at once (bounds memory); default 8. */
  maxInFlight?: number;
  /** Per-stage concurrency; defaults: decode 2, ocr 1, translate 4, inpaint 1, render 1, encode 2. */
  concurrency?: Partial<Record<PipelineStage, number>>;
  /** Cross-page translation batching. */
  batching?: BatchingOptions;
  /**
   * CPU-bound stage runs at once, earliest page first; default one less than
   * the cores (at least 1): ONNX Runtime and sharp run threads of their own,
   * and a stage that shares the cores with another page's OCR delays the first
   * results (measured: first of 23 results 3.1–3.4 s with 2 slots, 2.96 s with 1, on 2 cores).
   */
  cpuSlots?: number;
}

/** One translated image. */
export interface TranslateResult {
  /** The output in the first requested format. */
  image: Buffer;
  /** Every requested format. */
  outputs: Partial<Record<OutputFormat, Buffer>>;
  /** The page model: blocks, translations, layout, flags. */
  page: Page;
  /** The erase mask as PNG (white = erased), when asked for. */
  mask?: Buffer;
  /** The erased background as PNG, when asked for. */
  background?: Buffer;
  /** Milliseconds per stage and in total. */
  timings: StageTimings;
  /** Things worth logging (first frame of an animation used, blocks left untranslated...). */
  warnings: string[];
}

/** What {@link GlossaEngine.translateImages} yields per input. */
export type TranslateOutcome =
  | ({ ok: true; index: number; input: ImageInput } & TranslateResult)
  | { ok: false; index: number; input: ImageInput; error: GlossaError; stage: PipelineStage };

/** Loaded models, reused across calls. */
export interface GlossaEngine {
  /** Translates one image. */
  translateImage(input: ImageInput, options: TranslateOptions): Promise<TranslateResult>;
  /** Translates many, streaming each result (or error) as it is ready; one bad input never stops the rest. */
  translateImages(inputs: Iterable<ImageInput> | AsyncIterable<ImageInput>, options: TranslateManyOptions): AsyncIterable<TranslateOutcome>;
  /** The device ONNX Runtime ended up on (`cpu`/`cuda`), once models are loaded. */
  readonly device: string | undefined;
  /** Frees the ONNX sessions. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Loads Glossa's models once for many calls: PP-OCR, the inpainter (LaMa when
 * present, else classical) and the canvas renderer with bundled fonts.
 *
 * @param options - devices, models, limits
 * @example
 * ```ts
 * const glossa = createGlossa({ device: 'auto' });
 * for await (const r of glossa.translateImages(['a.jpg', 'b.jpg'], { to: 'ko', translator: 'gemini' })) {
 *   if (r.ok) await writeFile(`out-${r.index}.png`, r.image);
 * }
 * await glossa.dispose();
 * ```
 */
export function createGlossa(options: GlossaOptions = {}): GlossaEngine {
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const backend: NodeBackend = createNodeBackend({ device: options.device, threads: options.threads, onWarning: warn });
  const renderer = createCanvasRenderer();
  const measurer = createCanvasMeasurer();
  let parts: Promise<{ ocr: Awaited<ReturnType<typeof createNodeOcr>>; inpainter: Inpainter }> | undefined;
  const load = () =>
    (parts ??= (async () => {
      const ocr = await createNodeOcr({ ...options.ocr, backend });
      // One-time set-up here rather than on the first page, which users wait for.
      await ocr.warmUp();
      const inpainter =
        typeof options.inpainter === 'object'
          ? options.inpainter
          : await createNodeInpainter({ inpainter: options.inpainter, backend, modelsDir: options.modelsDir });
      return { ocr, inpainter };
    })().catch((error: unknown) => {
      parts = undefined;
      throw error;
    }));
  let disposed = false;

  async function* run(inputs: Iterable<ImageInput> | AsyncIterable<ImageInput>, opts: TranslateManyOptions): AsyncGenerator<TranslateOutcome> {
    if (disposed) throw new GlossaError('INVALID_INPUT', 'This Glossa engine was disposed; create a new one');
    const formats = checkFormats(opts.format);
    if (typeof opts.to !== 'string' || !opts.to.trim()) {
      throw new GlossaError('INVALID_INPUT', `Expected a target language such as 'ko' for to but received ${String(opts.to)}`, { details: { field: 'to' } });
    }
    const { ocr, inpainter } = await load();
    const resolved = await resolveTranslator(opts.translator);
    // Inputs are kept by index only until their page is yielded.
    const inputsByIndex = new Map<number, ImageInput>();
    const warningsOf = new WeakMap<RgbaImage, string[]>();
    let counter = 0;
    const pipeline = createPipeline<ImageInput, Partial<Record<OutputFormat, Buffer>>>({
      ocr,
      translator: resolved.translator,
      inpainter,
      renderer,
      group: (lines) => createBlocks(lines),
      buildMask: (image, blocks): Mask => buildTextMask(image, blocks.flatMap((b) => b.lines)),
      layout: (page, { image, background, signal }) =>
        layoutPage(inferBlockStyles(page, image, background), {
          measurer,
          targetLang: opts.to,
          fontFamily: (lang) => fontFamilyFor(lang),
          freeSpace: backgroundFreeSpace(background),
          signal,
        }),
      codec: {
        async decode(input) {
          if (resolved.sidecars) {
            const sidecar = await findSidecar(input, opts.to);
            if (sidecar) resolved.sidecars.add(await readTranslationScript(sidecar));
          }
          const { image, warnings } = await decodeImage(input, options.limits);
          // OCR and inpainting see what a person sees: transparency over white.
          flattenAlpha(image);
          warningsOf.set(image, warnings);
          return image;
        },
        async encode(done, { signal }) {
          const outputs: Partial<Record<OutputFormat, Buffer>> = {};
          for (const format of formats) outputs[format] = await encodeOutput(format, done, renderer, signal);
          return outputs;
        },
      },
      concurrency: opts.concurrency,
      cpuSlots: opts.cpuSlots ?? Math.max(1, availableParallelism() - 1),
      maxInFlight: opts.maxInFlight,
      batching: opts.batching,
    });
    const indexed = (async function* () {
      for await (const input of inputs as AsyncIterable<ImageInput>) {
        inputsByIndex.set(counter++, input);
        yield input;
      }
    })();
    for await (const outcome of pipeline.runMany(indexed, {
      targetLang: opts.to,
      sourceLang: opts.from,
      signal: opts.signal,
      onProgress: opts.onProgress,
      glossary: opts.glossary,
      previous: opts.previous,
      order: opts.order,
    })) {
      const input = inputsByIndex.get(outcome.index) as ImageInput;
      inputsByIndex.delete(outcome.index);
      yield await toOutcome(outcome, input, formats, opts, warningsOf.get((outcome as { source?: RgbaImage }).source as RgbaImage) ?? [], resolved.label);
    }
  }

  return {
    get device() {
      return backend.device;
    },
    async translateImage(input, opts) {
      for await (const outcome of run([input], { ...opts, maxInFlight: 1 })) {
        if (!outcome.ok) throw outcome.error;
        const { ok: _ok, index: _index, input: _input, ...result } = outcome;
        return result;
      }
      throw new GlossaError('INTERNAL', 'The pipeline produced no result');
    },
    translateImages(inputs, opts) {
      return { [Symbol.asyncIterator]: () => run(inputs, opts) };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const loaded = await parts?.catch(() => undefined);
      await loaded?.ocr.dispose();
      if (loaded && typeof options.inpainter !== 'object') await (loaded.inpainter as { dispose?: () => Promise<void> }).dispose?.();
      await backend.dispose();
    },
  };
}

async function toOutcome(
  outcome: PageOutcome<Partial<Record<OutputFormat, Buffer>>>,
  input: ImageInput,
  formats: readonly OutputFormat[],
  opts: TranslateOptions,
  decodeWarnings: string[],
  translatorLabel: string,
): Promise<TranslateOutcome> {
  if (!outcome.ok) return { ok: false, index: outcome.index, input, error: outcome.error, stage: outcome.stage };
  const outputs = outcome.output ?? {};
  const warnings = [...decodeWarnings];
  const untranslated = outcome.page.blocks.filter((b) => b.flags.untranslated).length;
  if (untranslated > 0) warnings.push(`${untranslated} of ${outcome.page.blocks.length} blocks have no translation (${translatorLabel}); their text was left in place`);
  const overflow = outcome.page.blocks.filter((b) => b.flags.overflow).length;
  if (overflow > 0) warnings.push(`${overflow} blocks overflow their region at the minimum font size`);
  return {
    ok: true,
    index: outcome.index,
    input,
    image: outputs[formats[0]] as Buffer,
    outputs,
    page: outcome.page,
    ...(opts.includeMask ? { mask: await encodeMask(outcome.mask) } : {}),
    ...(opts.includeBackground ? { background: await encodeImage(outcome.background, 'png') } : {}),
    timings: outcome.timings,
    warnings,
  };
}

function encodeMask(mask: Mask): Promise<Buffer> {
  const rgba = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) {
    const v = mask.data[i];
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return encodeImage({ width: mask.width, height: mask.height, data: rgba }, 'png');
}

function checkFormats(format: TranslateOptions['format']): readonly OutputFormat[] {
  const list = format === undefined ? ['png' as const] : typeof format === 'string' ? [format] : format;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GlossaError('INVALID_INPUT', `Expected one or more of ${OUTPUT_FORMATS.join(', ')} for format`, { details: { field: 'format' } });
  }
  for (const f of list) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new GlossaError('INVALID_INPUT', `Expected one of ${OUTPUT_FORMATS.join(', ')} for format but received '${String(f)}'`, {
        details: { field: 'format' },
      });
    }
  }
  return list;
}
