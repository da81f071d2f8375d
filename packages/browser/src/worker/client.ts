// The page side: createBrowserGlossa sends work to the engine (in a Web
// Worker by default) and turns its messages back into promises and streams.
import {
  GlossaError,
  checkProductTextMode,
  disposedError,
  invalidParameter,
  outputFormats,
  pageWarnings,
  splitTranslationScript,
  throwIfAborted,
  type GroupingPolicy,
  type Page,
  type Preset,
  type ProductTextMode,
  type Progress,
  type RgbaImage,
  type StageTimings,
  type TranslationMap,
  type TranslationScript,
  type Translator,
} from '@glossa/core';
import type { GeminiTranslatorOptions } from '@glossa/gemini-translator';
import { resolveTesseractUrls } from '../tesseract-urls.js';
import type { WorkerEndpoint } from './host.js';
import {
  fromWire,
  toWire,
  type EngineConfig,
  type FromWorker,
  type OutputFormat,
  type RunSpec,
  type ToWorker,
  type TranslatorSpec,
  type WireInput,
  type WireOutcome,
} from './protocol.js';

/**
 * Options of {@link createBrowserGlossa}: where models, wasm and fonts are
 * served, and where the engine runs.
 *
 * @example
 * ```ts
 * const options: BrowserTranslatorOptions = {
 *   models: { det: '/models/det.onnx', rec: '/models/rec.onnx', dictionary: '/models/keys.txt' },
 *   wasmPaths: '/ort/',
 *   fonts: '/fonts/',
 *   worker: () => new Worker(new URL('./glossa-worker.ts', import.meta.url), { type: 'module' }),
 * };
 * ```
 */
export interface BrowserGlossaOptions extends EngineConfig {
  /**
   * Where the engine runs. Default: a module worker from the `worker.js` file
   * next to this package's `index.js` (`new URL('./worker.js', import.meta.url)`).
   * A function returning a `Worker` (for bundlers: Vite's
   * `new Worker(new URL(..., import.meta.url), { type: 'module' })` pattern),
   * a `Worker`, or `false` to run on the page itself (blocks the page while
   * models run; for debugging and for browsers without module workers).
   */
  worker?: false | Worker | (() => Worker);
  /** Receives model download progress (`stage: 'model'`: each file's `done` / `total` bytes, `cached`). */
  onProgress?: (progress: Progress) => void;
  /** @deprecated Use `onProgress`, which receives the same events. */
  onModelProgress?: (progress: Progress) => void;
}

/**
 * The old name of {@link BrowserGlossaOptions}.
 * @deprecated Use `BrowserGlossaOptions`.
 */
export type BrowserTranslatorOptions = BrowserGlossaOptions;

/**
 * The translator to use for one call: a translation script (source text to
 * translation, fuzzy matched; an entry may also be `{ translation?, role? }`
 * to force a text to be treated as ad copy or product text, see
 * `TranslationScriptEntry`), `'none'` to erase every detected text only, a
 * Gemini configuration (`{ gemini: { apiKey } }`, run in the worker; needs
 * `@glossa/gemini-translator` installed), or any `Translator` plugin
 * (it runs on the page; the worker asks it for each batch).
 *
 * @example
 * ```ts
 * const a: BrowserTranslatorChoice = { '限时特价': 'Limited offer' };
 * const b: BrowserTranslatorChoice = 'none';
 * const c: BrowserTranslatorChoice = { gemini: { apiKey: key } };
 * ```
 */
export type BrowserTranslatorChoice = Translator | TranslationMap | TranslationScript | 'none' | { gemini: GeminiTranslatorOptions };

/**
 * Options of one translation, the same shape as `translateImage` in `@glossa/node`.
 *
 * @example
 * ```ts
 * const options: BrowserTranslateOptions = { to: 'en', translator: script, format: 'png' };
 * ```
 */
export interface BrowserTranslateOptions {
  /** Target language (BCP 47). */
  to: string;
  /** Source language; absent means detect. `ja` implies the `comic` preset. */
  from?: string;
  /**
   * `default` (PP-OCR lines grouped into paragraphs: posters, screenshots) or
   * `comic` (speech bubbles found on the page, text read with Tesseract,
   * balloon interiors cleared, translations set inside the balloons; needs
   * the `tesseract` URLs of {@link BrowserGlossaOptions}; see docs/comics.md).
   * Default: `comic` when `from` is `ja` or `grouping` is `bubble`, else
   * `default`. The same option as `translateImage` in `@glossa/node`.
   */
  preset?: Preset;
  /** With the `comic` preset, also erase and translate sound effects drawn into the art. Default false. */
  eraseSfx?: boolean;
  /**
   * How OCR lines become blocks: `design` (default), `paragraph`, or
   * `bubble` (one block per speech bubble; the `comic` preset's default).
   * The same option as in `@glossa/node`.
   */
  grouping?: GroupingPolicy;
  /**
   * See {@link BrowserTranslatorChoice}. Default: no translator and no network
   * use; every block stays untranslated, with a warning naming `translator`.
   */
  translator?: BrowserTranslatorChoice;
  /** Output format(s); `image` holds the first. Default `png`. */
  format?: OutputFormat | readonly OutputFormat[];
  /** jpeg/webp quality in [0, 1]; default 0.92. */
  quality?: number;
  /** Terms that must be translated a fixed way. */
  glossary?: Readonly<Record<string, string>>;
  /**
   * Text printed on the product (a bottle's label, the brand on a box):
   * `keep` (default) leaves it as it is (not translated, erased or
   * re-rendered; listed in the page JSON with `role: 'product'`);
   * `translate` treats it like the ad copy. Translation scripts can force
   * either role per text. The same option as `translateImage` in `@glossa/node`.
   */
  productText?: ProductTextMode;
  /** Cancels the call; the worker stops at the next step. */
  signal?: AbortSignal;
  /** Pipeline progress: a page entered or left a stage. */
  onProgress?: (event: Progress) => void;
}

/**
 * Options of {@link BrowserTranslator.translateImages}.
 *
 * @example
 * ```ts
 * const options: BrowserTranslateManyOptions = { to: 'ko', translator: 'none', order: 'input' };
 * ```
 */
export interface BrowserTranslateManyOptions extends BrowserTranslateOptions {
  /** `completion` (default): each result when ready; `input`: in input order. */
  order?: 'completion' | 'input';
}

/**
 * One translated image.
 *
 * @example
 * ```ts
 * const { image, page, background } = await glossa.translateImage(file, { to: 'en', translator: 'none' });
 * ```
 */
export interface BrowserTranslateResult {
  /** Index in the input order (0 for `translateImage`). */
  index: number;
  /** The output in the first requested format. */
  image: Blob;
  /** Every requested format. */
  outputs: Partial<Record<OutputFormat, Blob>>;
  /** The page model: blocks, translations, layout, flags. */
  page: Page;
  /** The erased image's pixels (for display, and for {@link BrowserGlossa.render} after edits). */
  background: RgbaImage;
  /** Things worth showing (blocks left untranslated, overflowing blocks...). */
  warnings: string[];
  /** Milliseconds per stage and `total`. */
  timings: StageTimings;
  /** @deprecated The same Blob as `image`. */
  blob: Blob;
}

/**
 * Options of {@link BrowserGlossa.render}, the same as the Node engine's `render`.
 *
 * @example
 * ```ts
 * const options: BrowserRenderOptions = { format: ['png', 'json'], relayout: 'changed' };
 * ```
 */
export interface BrowserRenderOptions {
  /** Output format(s); `image` holds the first. Default `png`. */
  format?: OutputFormat | readonly OutputFormat[];
  /** jpeg/webp quality in [0, 1]; default 0.92. */
  quality?: number;
  /** The original image, kept as a hidden layer in a PSD. */
  original?: RgbaImage;
  /** Target language; a different one than the page's lays out every block again. Default: the page's. */
  to?: string;
  /** `changed` (default): only blocks whose translation changed or that have no layout; `all`: every block. */
  relayout?: 'changed' | 'all';
  /** Cancels the work. */
  signal?: AbortSignal;
}

/**
 * A failed image in a batch; the others go on.
 *
 * @example
 * ```ts
 * for await (const r of translator.translateImages(files, options)) if (!r.ok) console.warn(r.index, r.error.code);
 * ```
 */
export interface BrowserTranslateFailure {
  /** Always false. */
  ok: false;
  /** Index in the input order. */
  index: number;
  /** Why. */
  error: GlossaError;
  /** The stage that failed. */
  stage?: string;
}

/**
 * Glossa in the browser: the pipeline running in a Web Worker, with the same
 * methods, options and result shape as the Node engine (`createGlossa`).
 *
 * @example
 * ```ts
 * const result = await glossa.translateImage(file, { to: 'en', translator: script });
 * img.src = URL.createObjectURL(result.image);
 * ```
 */
export interface BrowserGlossa {
  /** Resolves when models, fonts and the device are ready; gives the device used (`webgpu` or `wasm`). */
  ready(): Promise<string | undefined>;
  /** Translates one image. An `ImageBitmap` input is transferred to the worker (and closed on the page). */
  translateImage(input: BrowserImageInput, options: BrowserTranslateOptions): Promise<BrowserTranslateResult>;
  /** Translates many, yielding each result (or failure) as soon as it is ready. */
  translateImages(
    inputs: Iterable<BrowserImageInput> | AsyncIterable<BrowserImageInput>,
    options: BrowserTranslateManyOptions,
  ): AsyncIterable<(BrowserTranslateResult & { ok: true }) | BrowserTranslateFailure>;
  /**
   * Re-renders a page after edits (changed translations), without OCR or
   * erasure: lays out the blocks whose translation changed and draws them on
   * `background`. `original` adds the source image as a hidden PSD layer.
   */
  render(page: Page, background: RgbaImage, options?: BrowserRenderOptions): Promise<BrowserTranslateResult>;
  /** The device ONNX Runtime settled on (`webgpu` or `wasm`), once ready. */
  readonly device: string | undefined;
  /** Stops the worker and frees its models. Idempotent; later calls throw `DISPOSED`. */
  dispose(): Promise<void>;
  /** The same as `dispose()`, for `await using glossa = createBrowserGlossa(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The old name of {@link BrowserGlossa}.
 * @deprecated Use `BrowserGlossa`.
 */
export type BrowserTranslator = BrowserGlossa;

/**
 * What the browser translator accepts as an image.
 *
 * @example
 * ```ts
 * const input: BrowserImageInput = fileInput.files![0];
 * ```
 */
export type BrowserImageInput = Blob | File | ImageBitmap | HTMLImageElement;

/**
 * Creates Glossa in the browser. The models, ONNX Runtime and fonts live in
 * a Web Worker, so the page stays responsive; images cross as Blobs (shared,
 * not copied) or transferred ImageBitmaps, results come back as Blobs and
 * transferred pixel buffers. Cancelling a call's `AbortSignal` tells the
 * worker, which stops at its next step.
 *
 * @param options - model/wasm/font URLs, device, worker
 * @throws GlossaError `INVALID_INPUT` for missing model URLs; calls reject with the worker's `GlossaError`s
 * @example
 * ```ts
 * const glossa = createBrowserGlossa({
 *   models: { det: '/models/ch_PP-OCRv4_det_infer.onnx', rec: '/models/ch_PP-OCRv4_rec_infer.onnx', dictionary: '/models/ppocr_keys_v1.txt' },
 *   wasmPaths: '/ort/',
 *   fonts: '/fonts/',
 *   worker: () => new Worker(new URL('./glossa-worker.ts', import.meta.url), { type: 'module' }),
 * });
 * const { image } = await glossa.translateImage(file, { to: 'en', translator: { '限时特价': 'Limited offer' } });
 * ```
 */
export function createBrowserGlossa(options: BrowserGlossaOptions): BrowserGlossa {
  for (const key of ['det', 'rec', 'dictionary'] as const) {
    if (typeof options?.models?.[key] !== 'string' || !options.models[key]) {
      throw new GlossaError('INVALID_INPUT', `Expected a URL for models.${key} but received ${String(options?.models?.[key])}`, {
        details: { field: `models.${key}` },
      });
    }
  }
  const { worker: workerOption, onProgress: onModelProgress = options.onModelProgress, onModelProgress: _deprecated, ...config } = options;
  // Checked here, and made absolute against this page: the worker resolves
  // relative URLs against its own script, and tesseract's workers not at all.
  if (config.tesseract !== undefined) config.tesseract = resolveTesseractUrls(config.tesseract, 'tesseract');
  const { endpoint, terminate } = openEndpoint(workerOption);

  const listeners = new Map<number, (message: FromWorker) => void>();
  const plugins = new Map<string, Translator>();
  let nextCall = 0;
  let disposed = false;
  let onDisposed: (() => void) | undefined;
  let device: string | undefined;
  let readyResolve!: (device: string | undefined) => void;
  let readyReject!: (e: unknown) => void;
  const ready = new Promise<string | undefined>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  ready.catch(() => undefined); // surfaced through the calls that await it

  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as FromWorker;
    switch (message.type) {
      case 'ready':
        device = message.device;
        readyResolve(message.device);
        break;
      case 'init-failed':
        readyReject(fromWire(message.error));
        break;
      case 'model-progress':
        onModelProgress?.(message.progress);
        break;
      case 'translate':
        void answerTranslate(message);
        break;
      case 'disposed':
        onDisposed?.();
        break;
      default:
        listeners.get(message.call)?.(message);
    }
  });
  (endpoint.addEventListener as (t: string, l: (e: Event) => void) => void)('error', (event: Event) => {
    readyReject(new GlossaError('INTERNAL', `The Glossa worker failed to start: ${(event as ErrorEvent).message ?? 'unknown error'}. Check that the worker script is served.`));
  });
  send({ type: 'init', config });

  function send(message: ToWorker, transfer: Transferable[] = []): void {
    endpoint.postMessage(message, transfer);
  }

  async function answerTranslate(message: Extract<FromWorker, { type: 'translate' }>): Promise<void> {
    const plugin = plugins.get(message.translator);
    try {
      if (!plugin) throw new GlossaError('INTERNAL', `Unknown translator ${message.translator}`);
      const items = await plugin.translate(message.payload);
      send({ type: 'translated', call: message.call, request: message.request, items });
    } catch (error) {
      const e = error instanceof GlossaError ? error : new GlossaError('TRANSLATOR_FAILED', `Translator ${plugin?.id} failed: ${(error as Error)?.message ?? error}`);
      send({ type: 'translated', call: message.call, request: message.request, error: { code: e.code, message: e.message } });
    }
  }

  function spec(o: BrowserTranslateOptions | (BrowserRenderOptions & { to: string }), call: number): RunSpec {
    const formats = outputFormats(o.format);
    const full = o as BrowserTranslateOptions;
    if (full.productText !== undefined) checkProductTextMode(full.productText);
    // No translator named: a script with no entries, so nothing leaves the page (no network use).
    const { roles, ...translator } =
      'translator' in o && o.translator !== undefined ? translatorSpec(o.translator, call) : ({ kind: 'map', map: {} } as const);
    return {
      to: o.to ?? '',
      from: full.from,
      preset: full.preset,
      eraseSfx: full.eraseSfx,
      grouping: full.grouping,
      translator: translator as TranslatorSpec,
      formats,
      quality: o.quality,
      glossary: full.glossary,
      relayout: (o as BrowserRenderOptions).relayout,
      productText: full.productText,
      roles,
    };
  }

  function translatorSpec(choice: BrowserTranslatorChoice, call: number): TranslatorSpec & Pick<RunSpec, 'roles'> {
    if (choice === 'none') return { kind: 'none' };
    if (typeof choice === 'object' && choice !== null) {
      if (typeof (choice as Translator).translate === 'function') {
        const id = `rpc-${call}`;
        plugins.set(id, choice as Translator);
        return { kind: 'rpc', id, partial: (choice as Translator).partial };
      }
      if ('gemini' in choice && typeof choice.gemini === 'object') return { kind: 'gemini', options: choice.gemini as GeminiTranslatorOptions };
      // Checked here, on the page, so a bad entry rejects the call with the entry named, as in Node.
      const { translations, roles } = splitTranslationScript(choice, 'translator');
      return { kind: 'map', map: translations, roles };
    }
    throw invalidParameter('translator', "a translation map, 'none', { gemini } or a Translator", choice);
  }

  /** Runs one call: posts it, routes its messages, cancels it on abort. */
  async function* call(
    post: (call: number) => { message: ToWorker; transfer: Transferable[] },
    signal: AbortSignal | undefined,
    onProgress: ((event: Progress) => void) | undefined,
  ): AsyncGenerator<WireOutcome> {
    if (disposed) throw disposedError('This Glossa engine');
    throwIfAborted(signal);
    await ready;
    const id = nextCall++;
    const queue: WireOutcome[] = [];
    let finished: { error?: GlossaError } | undefined;
    let wake: (() => void) | undefined;
    listeners.set(id, (message) => {
      if (message.type === 'progress') onProgress?.(message.event);
      else if (message.type === 'outcome') queue.push(message.outcome);
      else if (message.type === 'done') finished = { error: message.error && fromWire(message.error) };
      wake?.();
    });
    const onAbort = () => send({ type: 'abort', call: id });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { message, transfer } = post(id);
      send(message, transfer);
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift()!;
          continue;
        }
        if (finished) {
          if (finished.error) throw finished.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      listeners.delete(id);
      plugins.delete(`rpc-${id}`);
      // Leaving early (break, error) cancels what is still running.
      if (!finished) send({ type: 'abort', call: id });
    }
  }

  const toResult = (o: Extract<WireOutcome, { ok: true }>, s: RunSpec, note?: string): BrowserTranslateResult => {
    const image = o.outputs[s.formats[0]] as Blob;
    return { index: o.index, image, outputs: o.outputs, page: o.page, background: o.background, warnings: pageWarnings(o.page, note), timings: o.timings, blob: image };
  };

  const api: BrowserGlossa = {
    ready: () => ready,
    get device() {
      return device;
    },

    async translateImage(input, opts) {
      for await (const outcome of api.translateImages([input], opts)) {
        if (!outcome.ok) throw outcome.error;
        const { ok: _ok, ...result } = outcome;
        return result;
      }
      throw new GlossaError('INTERNAL', 'The worker returned no result');
    },

    translateImages(inputs, opts) {
      checkTo(opts?.to);
      // The stream reads all inputs first: images become Blobs or bitmaps
      // cheaply, and the worker's pipeline bounds how many are in flight.
      return {
        [Symbol.asyncIterator]: async function* () {
          const wire: WireInput[] = [];
          const transfer: Transferable[] = [];
          for await (const input of inputs as AsyncIterable<BrowserImageInput>) {
            const w = await toWireInput(input);
            wire.push(w);
            if (isBitmap(w)) transfer.push(w);
          }
          let s: RunSpec | undefined;
          for await (const outcome of call(
            (id) => {
              s = spec(opts, id);
              return { message: { type: 'run', call: id, inputs: wire, spec: s, order: opts.order ?? 'completion' }, transfer };
            },
            opts.signal,
            opts.onProgress,
          )) {
            if (outcome.ok) yield { ok: true as const, ...toResult(outcome, s!, opts.translator === undefined ? NO_TRANSLATOR_HINT : undefined) };
            else yield { ok: false as const, index: outcome.index, error: fromWire(outcome.error), stage: outcome.stage };
          }
        },
      };
    },

    async render(page, background, opts = {}) {
      let s!: RunSpec;
      for await (const outcome of call(
        (id) => {
          s = spec({ ...opts, to: opts.to ?? page.targetLang ?? 'en' }, id);
          // The app keeps its copy of the background; the worker gets its own.
          const bg = toWire({ ...background, data: new Uint8ClampedArray(background.data) });
          const original = opts.original ? toWire({ ...opts.original, data: new Uint8ClampedArray(opts.original.data) }) : undefined;
          return {
            message: { type: 'render', call: id, page, background: bg.wire, original: original?.wire, spec: s },
            transfer: [...bg.transfer, ...(original?.transfer ?? [])],
          };
        },
        opts.signal,
        undefined,
      )) {
        if (!outcome.ok) throw fromWire(outcome.error);
        return toResult(outcome, s);
      }
      throw new GlossaError('INTERNAL', 'The worker returned no result');
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      const gone = new Promise<void>((resolve) => {
        onDisposed = resolve;
        setTimeout(resolve, 2000); // a wedged worker is terminated anyway
      });
      send({ type: 'dispose' });
      await gone;
      terminate();
    },
    [Symbol.asyncDispose]: () => api.dispose(),
  };
  return api;
}

const NO_TRANSLATOR_HINT = "no translator was given; pass translator: { gemini: { ... } }, a translation script or a Translator plugin";

/**
 * The old name of {@link createBrowserGlossa}, kept for one release.
 *
 * @deprecated Use `createBrowserGlossa`.
 * @example
 * ```ts
 * const glossa = createBrowserTranslator(options); // same as createBrowserGlossa(options)
 * ```
 */
export const createBrowserTranslator: (options: BrowserGlossaOptions) => BrowserGlossa = createBrowserGlossa;

function checkTo(to: unknown): void {
  if (typeof to !== 'string' || to.trim() === '') {
    throw invalidParameter('to', "a language tag such as 'en'", to);
  }
}

function isBitmap(value: unknown): value is ImageBitmap {
  return typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap;
}

async function toWireInput(input: BrowserImageInput): Promise<WireInput> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  if (isBitmap(input)) return input;
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) {
    await input.decode();
    return createImageBitmap(input);
  }
  throw invalidParameter('input', 'a Blob, File, ImageBitmap or HTMLImageElement', Object.prototype.toString.call(input));
}

function openEndpoint(option: BrowserGlossaOptions['worker']): { endpoint: WorkerEndpoint; terminate: () => void } {
  if (option === false) {
    // Same engine, same messages, on this thread: a MessageChannel keeps transfers and ordering identical.
    // The engine is imported on demand, so pages that use a worker do not
    // bundle ONNX Runtime; the port queues messages until it starts.
    const channel = new MessageChannel();
    void import('./host.js').then(({ startTranslatorWorker }) => {
      startTranslatorWorker(channel.port2);
      channel.port2.start();
    });
    channel.port1.start();
    return { endpoint: channel.port1, terminate: () => (channel.port1.close(), channel.port2.close()) };
  }
  let worker: Worker;
  try {
    // dist/worker.js sits next to dist/index.js. The URL is built apart from
    // `new Worker(...)` on purpose: bundlers rewrite the inline pattern and
    // would look for the file beside this source file. Apps that bundle this
    // package pass `worker` (see docs/browser.md).
    const defaultUrl = new URL(/* @vite-ignore */ './worker.js', import.meta.url);
    worker = typeof option === 'function' ? option() : (option ?? new Worker(defaultUrl, { type: 'module', name: 'glossa' }));
  } catch (error) {
    throw new GlossaError('UNSUPPORTED', `Could not start the Glossa worker (${(error as Error).message}); pass options.worker or worker: false`, {
      cause: error,
      details: { field: 'worker' },
    });
  }
  return { endpoint: worker, terminate: () => worker.terminate() };
}
