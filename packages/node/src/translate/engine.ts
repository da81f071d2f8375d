import { availableParallelism } from 'node:os';
import {
  assertLanguageTag,
  GlossaError,
  invalidParameter,
  pageWarnings,
  createPipeline,
  defaultGroup,
  disposedError,
  defaultStages,
  comicStages,
  COMIC_SCRIPT_OPTIONS,
  createComicOcr,
  presetFor,
  PRESETS,
  type Ocr,
  type Preset,
  type TextLine,
  flattenAlpha,
  outputFormats,
  relayoutPage,
  withProductText,
  type BatchingOptions,
  type GroupingPolicy,
  type Inpainter,
  type Mask,
  type Page,
  type PageOutcome,
  type PipelineStage,
  type ProductTextMode,
  type ProgressEvent,
  type RgbaImage,
  type StageTimings,
  type TranslationPair,
} from '@glossa/core';
import { createCanvasMeasurer } from '../canvas/measurer.js';
import { createCanvasRenderer } from '../canvas/renderer.js';
import { decodeImage, encodeImage, type DecodeLimits, type ImageInput } from '../io/image-io.js';
import { createNodeInpainter, type NodeInpainterKind } from '../inpaint/create-inpainter.js';
import { createNodeOcr, type NodeOcrOptions } from '../ocr/create-node-ocr.js';
import { createTesseractReader, type TesseractReader } from '../ocr/tesseract/tesseract-reader.js';
import { createNodeBackend, type NodeBackend, type NodeDevice } from '../ort/session-factory.js';
import { encodeOutput, nodePageEncoder, type OutputFormat } from './formats.js';
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
  /** Source language, when known. `ja` implies the `comic` preset. */
  from?: string;
  /**
   * `default` (PP-OCR lines grouped into paragraphs: posters, screenshots) or
   * `comic` (speech bubbles found on the page, vertical Japanese read with
   * Tesseract, balloon interiors cleared, translations set inside the
   * balloons; see docs/comics.md). Default: `comic` when `from` is `ja`, else `default`.
   */
  preset?: Preset;
  /** With the `comic` preset, also erase and translate sound effects drawn into the art. Default false. */
  eraseSfx?: boolean;
  /**
   * Where translations come from; see {@link TranslatorChoice}. Default: the
   * sidecar scripts beside path inputs (`<stem>.<to>.json`) only; blocks no
   * script covers stay untranslated, with a warning. Glossa calls Gemini only
   * when asked (`translator: 'gemini'`), never just because a key is set.
   */
  translator?: TranslatorChoice;
  /** Output format(s); `image` holds the first. Default `png`. */
  format?: OutputFormat | readonly OutputFormat[];
  /**
   * How OCR lines become blocks (the units translated and typeset together):
   * `design` (default) one block per design element of a poster or ad (a
   * title, a price tag, a badge, a list item, a table cell), `paragraph`
   * rows of similar size that sit close (documents), `bubble` one block per
   * speech bubble or caption (selects the `comic` preset when none is given;
   * the `comic` preset's default).
   */
  grouping?: GroupingPolicy;
  /**
   * Text printed on the product (a bottle's label, the brand on a box):
   * `keep` (default) leaves it as it is (not translated, erased or
   * re-rendered; listed in the page JSON with `role: 'product'`);
   * `translate` treats it like the ad copy. Translation scripts can force
   * either role per text. See docs/product-text.md.
   */
  productText?: ProductTextMode;
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

/** Options of {@link GlossaEngine.render}. */
export interface RenderOptions {
  /** Output format(s); `image` holds the first. Default `png`. */
  format?: OutputFormat | readonly OutputFormat[];
  /** JPEG/WebP quality, 1–100; default 90. */
  quality?: number;
  /** The original image, kept as a hidden layer in a PSD. */
  original?: ImageInput;
  /** Target language; a different one than the page's lays out every block again. Default: the page's. */
  to?: string;
  /** `changed` (default): only blocks whose translation changed or that have no layout; `all`: every block. */
  relayout?: 'changed' | 'all';
  /** Cancels the work. */
  signal?: AbortSignal;
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
  /**
   * Typesets a page again over its erased background (after a person edited
   * its translations) and encodes it, without OCR or erasure: by default only
   * blocks whose translation changed are laid out again. Loads no models.
   */
  render(page: Page, background: ImageInput, options?: RenderOptions): Promise<TranslateResult>;
  /** The device ONNX Runtime ended up on (`cpu`/`cuda`), once models are loaded. */
  readonly device: string | undefined;
  /** Frees the ONNX sessions. Idempotent; later calls throw `DISPOSED`. */
  dispose(): Promise<void>;
  /** The same as `dispose()`, for `await using glossa = createGlossa()`. */
  [Symbol.asyncDispose](): Promise<void>;
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
  const stages = defaultStages({ measurer });
  const encoder = nodePageEncoder(renderer);
  let parts: Promise<{ ocr: Awaited<ReturnType<typeof createNodeOcr>>; inpainter: Inpainter }> | undefined;
  const load = () =>
    (parts ??= (async () => {
      const ocr = await createNodeOcr({ ...options.ocr, backend });
      // One-time set-up here rather than on the first page, which users wait for.
      await ocr.warmUp();
      const inpainter =
        typeof options.inpainter === 'object'
          ? options.inpainter
          : await createNodeInpainter({ inpainter: options.inpainter, backend, modelsDir: options.modelsDir, onWarning: warn });
      return { ocr, inpainter };
    })().catch((error: unknown) => {
      parts = undefined;
      throw error;
    }));
  // The comic preset's reader and OCR start with its first page.
  let comic: { reader: TesseractReader; ocr: Ocr } | undefined;
  const comicParts = async () => {
    const { ocr } = await load();
    comic ??= (() => {
      const reader = createTesseractReader();
      return { reader, ocr: createComicOcr({ detector: ocr, reader }) };
    })();
    return comic;
  };
  let disposed = false;

  async function* run(inputs: Iterable<ImageInput> | AsyncIterable<ImageInput>, opts: TranslateManyOptions): AsyncGenerator<TranslateOutcome> {
    if (disposed) throw disposedError('This Glossa engine');
    const formats = outputFormats(opts.format);
    // A BCP 47 tag: it names sidecar files (`poster.<to>.json`), so never a path.
    assertLanguageTag('to', opts.to);
    if (opts.from !== undefined) assertLanguageTag('from', opts.from);
    const preset = presetFor(opts.from, opts.preset, opts.grouping);
    if (!(PRESETS as readonly string[]).includes(preset)) {
      throw invalidParameter('preset', `one of ${PRESETS.join(', ')}`, opts.preset);
    }
    const { inpainter } = await load();
    const ocr = preset === 'comic' ? (await comicParts()).ocr : (await load()).ocr;
    // Readings of comic lettering are noisier: scripts match them more loosely.
    const resolved = await resolveTranslator(opts.translator, preset === 'comic' ? COMIC_SCRIPT_OPTIONS : {});
    // Inputs are kept by index only until their page is yielded.
    const inputsByIndex = new Map<number, ImageInput>();
    const warningsOf = new WeakMap<RgbaImage, string[]>();
    let counter = 0;
    const pipeline = createPipeline<ImageInput, Partial<Record<OutputFormat, Buffer>>>({
      ocr,
      translator: resolved.translator,
      inpainter,
      renderer,
      ...(preset === 'comic'
        ? comicStages({ measurer, eraseSfx: opts.eraseSfx, grouping: opts.grouping })
        : {
            ...stages,
            group: withProductText((lines: TextLine[], image: RgbaImage) => defaultGroup(lines, image, { policy: opts.grouping }), {
              productText: opts.productText,
              roles: resolved.roles,
            }),
          }),
      codec: {
        async decode(input) {
          if (resolved.sidecars) {
            const sidecar = await findSidecar(input, opts.to);
            if (sidecar) resolved.addSidecar(await readTranslationScript(sidecar));
          }
          const { image, warnings } = await decodeImage(input, options.limits);
          // OCR and inpainting see what a person sees: transparency over white.
          flattenAlpha(image);
          warningsOf.set(image, warnings);
          return image;
        },
        async encode(done, { signal }) {
          const outputs: Partial<Record<OutputFormat, Buffer>> = {};
          for (const format of formats) outputs[format] = await encodeOutput(format, done, encoder, { signal });
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
      yield await toOutcome(outcome, input, formats, opts, warningsOf.get((outcome as { source?: RgbaImage }).source as RgbaImage) ?? [], resolved.hint ?? resolved.label);
    }
  }

  const engine: GlossaEngine = {
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
    async render(page, background, opts = {}) {
      if (disposed) throw disposedError('This Glossa engine');
      const formats = outputFormats(opts.format);
      const started = performance.now();
      const timings: StageTimings = { total: 0 };
      const timed = async <T>(stage: PipelineStage, work: () => T | Promise<T>): Promise<T> => {
        const t0 = performance.now();
        try {
          return await work();
        } finally {
          timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
        }
      };
      const { bg, original } = await timed('decode', async () => ({
        bg: (await decodeImage(background, options.limits)).image,
        original: opts.original === undefined ? undefined : (await decodeImage(opts.original, options.limits)).image,
      }));
      if (bg.width !== page.width || bg.height !== page.height) {
        throw new GlossaError(
          'INVALID_INPUT',
          `The background is ${bg.width}x${bg.height} but the page is ${page.width}x${page.height}; pass the erased image the page was made from`,
          { details: { field: 'background' } },
        );
      }
      const retarget = opts.to !== undefined && opts.to !== page.targetLang;
      const laidOut = await timed('layout', () =>
        relayoutPage(retarget ? { ...page, targetLang: opts.to } : page, bg, {
          measurer,
          relayout: opts.relayout ?? (retarget ? 'all' : 'changed'),
          signal: opts.signal,
        }),
      );
      const image = await timed('render', () => renderer.render(bg, laidOut, { signal: opts.signal }));
      const outputs: Partial<Record<OutputFormat, Buffer>> = {};
      await timed('encode', async () => {
        for (const format of formats) {
          outputs[format] = await encodeOutput(format, { page: laidOut, background: bg, image, source: original }, encoder, {
            signal: opts.signal,
            quality: opts.quality,
          });
        }
      });
      timings.total = performance.now() - started;
      return { image: outputs[formats[0]] as Buffer, outputs, page: laidOut, timings, warnings: pageWarnings(laidOut) };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const loaded = await parts?.catch(() => undefined);
      await comic?.reader.dispose();
      await loaded?.ocr.dispose();
      if (loaded && typeof options.inpainter !== 'object') await (loaded.inpainter as { dispose?: () => Promise<void> }).dispose?.();
      await backend.dispose();
    },
    [Symbol.asyncDispose]() {
      return engine.dispose();
    },
  };
  return engine;
}

async function toOutcome(
  outcome: PageOutcome<Partial<Record<OutputFormat, Buffer>>>,
  input: ImageInput,
  formats: readonly OutputFormat[],
  opts: TranslateOptions,
  decodeWarnings: string[],
  translatorNote: string,
): Promise<TranslateOutcome> {
  if (!outcome.ok) return { ok: false, index: outcome.index, input, error: outcome.error, stage: outcome.stage };
  const outputs = outcome.output ?? {};
  const warnings = [...decodeWarnings, ...pageWarnings(outcome.page, translatorNote)];
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

