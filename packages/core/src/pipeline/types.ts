import type { GlossaError } from '../errors.js';
import type { Mask, RgbaImage } from '../image/rgba-image.js';
import type { Page, TextBlock, TextLine } from '../page/page.js';
import type { Inpainter, Ocr, Renderer, TranslationPair, Translator } from '../plugins.js';
import type { BatchingOptions } from './translation-batcher.js';

/** The stages a page goes through, in order. */
export const PIPELINE_STAGES = ['decode', 'ocr', 'translate', 'inpaint', 'layout', 'render', 'encode'] as const;

/** One of {@link PIPELINE_STAGES}. */
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Milliseconds each stage spent on a page (waiting for a free slot excluded), plus `total` (wall time of the page). */
export type StageTimings = Partial<Record<PipelineStage, number>> & { total: number };

/**
 * The layout stage: infers styles and fits each translation into its region.
 * See `createDefaultLayout` for the default.
 */
export type LayoutStage = (page: Page, context: { image: RgbaImage; background: RgbaImage; signal?: AbortSignal }) => Page | Promise<Page>;

/** What a runtime supplies to turn its input type into pixels, and pixels into its output type. */
export interface PipelineCodec<I, O> {
  /** Turns an input (path, bytes, Blob...) into pixels. */
  decode(input: I, options: { signal?: AbortSignal }): Promise<RgbaImage>;
  /** Turns a finished page into the caller's output (encoded bytes...). Optional. */
  encode?(artifacts: PageArtifacts, options: { signal?: AbortSignal }): Promise<O>;
}

/** Everything the pipeline produced for one page. */
export interface PageArtifacts {
  /** The decoded source image. */
  source: RgbaImage;
  /** The page model: blocks with translations, layout and flags. */
  page: Page;
  /** What was erased (255 = erased). */
  mask: Mask;
  /** The source with its text erased. */
  background: RgbaImage;
  /** The background with the translations drawn. */
  image: RgbaImage;
}

/**
 * The parts a pipeline is assembled from. Plugins do the heavy work; the
 * hooks are the small runtime-neutral steps between them (core supplies them
 * for the defaults: see the Node and browser packages).
 */
export interface PipelineOptions<I = RgbaImage, O = undefined> {
  /** Finds text lines. */
  ocr: Ocr;
  /** Translates block texts. Absent: nothing is translated and every detected block is erased (erase-only mode). */
  translator?: Translator;
  /** Erases masked pixels. */
  inpainter: Inpainter;
  /** Draws laid-out translations. */
  renderer: Renderer;
  /** Groups OCR lines into blocks (paragraphs, bubbles). */
  group: (lines: TextLine[], image: RgbaImage) => TextBlock[];
  /** Builds the erase mask for `blocks` (those to erase) on `image`. */
  buildMask: (image: RgbaImage, blocks: TextBlock[]) => Mask;
  /** Infers styles and fits each translation into its region; identity by default (the renderer skips blocks without layout). */
  layout?: LayoutStage;
  /** Input decoding and output encoding; by default inputs must be `RgbaImage`s and there is no encode stage. */
  codec?: PipelineCodec<I, O>;
  /** Most pages running each stage at once. Defaults: decode 2, ocr 1, translate 4, inpaint 1, layout 1, render 1, encode 2. */
  concurrency?: Partial<Record<PipelineStage, number>>;
  /**
   * Most CPU-bound stage runs (every stage but `translate`) at once across all
   * stages, granted earliest page first. Set it to the number of cores so the
   * first pages are not slowed by later pages' OCR; absent: no shared limit.
   */
  cpuSlots?: number;
  /** Most pages started but not yet handed to the consumer of `runMany`; bounds memory. Default 8. */
  maxInFlight?: number;
  /** How translation requests are merged across pages. */
  batching?: BatchingOptions;
  /** Entries in the LRU translation cache (keyed by text, languages and translator id); 0 disables it. Default 5000. */
  cacheSize?: number;
}

/** A progress event: a page entered or left a stage. */
export interface ProgressEvent {
  /** The stage. */
  stage: PipelineStage;
  /** Index of the page in the input order (0-based). */
  page: number;
  /** `start` when the page entered the stage, `end` when it left it (successfully or not). */
  state: 'start' | 'end';
  /** Pages that have left this stage so far. */
  done: number;
  /** Pages known so far (the input count once all inputs were read). */
  total: number;
}

/** Options of one run. */
export interface RunOptions {
  /** Target language (BCP 47). */
  targetLang: string;
  /** Source language; absent means the translator detects it. */
  sourceLang?: string;
  /** Cancels queued and running work. */
  signal?: AbortSignal;
  /** Receives a {@link ProgressEvent} whenever a page enters or leaves a stage. */
  onProgress?: (event: ProgressEvent) => void;
  /** Glossary passed to the translator. */
  glossary?: Readonly<Record<string, string>>;
  /** Earlier translations passed to the translator as context. */
  previous?: readonly TranslationPair[];
  /** Send the page image to the translator (when a call covers one page). Default false. */
  sendImage?: boolean;
}

/** Options of {@link Pipeline.runMany}. */
export interface RunManyOptions extends RunOptions {
  /** `completion` (default): each result as soon as it is ready; `input`: in input order. */
  order?: 'completion' | 'input';
}

/** A page that went through the pipeline. */
export interface PageSuccess<O> extends PageArtifacts {
  /** Always true. */
  ok: true;
  /** Index in the input order. */
  index: number;
  /** The codec's output, when the pipeline has an encode step. */
  output: O | undefined;
  /** Per-stage timings. */
  timings: StageTimings;
}

/** A page that failed; the others go on. */
export interface PageFailure {
  /** Always false. */
  ok: false;
  /** Index in the input order. */
  index: number;
  /** Why. */
  error: GlossaError;
  /** The stage that failed. */
  stage: PipelineStage;
  /** Timings of the stages that ran. */
  timings: StageTimings;
}

/** What `runMany` yields per page. */
export type PageOutcome<O> = PageSuccess<O> | PageFailure;

/** A pipeline assembled by {@link createPipeline}. */
export interface Pipeline<I = RgbaImage, O = undefined> {
  /** Runs one page; rejects with a `GlossaError` when it fails. */
  run(input: I, options: RunOptions): Promise<PageSuccess<O>>;
  /**
   * Runs many pages with stages overlapping across pages, yielding each
   * page's outcome (success or failure) as soon as it is ready. Inputs are read
   * lazily, so an endless or huge source keeps memory flat. Throws `ABORTED`
   * after the last outcome when the signal aborted.
   */
  runMany(inputs: Iterable<I> | AsyncIterable<I>, options: RunManyOptions): AsyncIterable<PageOutcome<O>>;
}
