// The worker side: holds the models, fonts and plugins, assembles core's
// pipeline for each call and answers over a MessagePort-like endpoint. The
// same code runs inline (on a MessageChannel) when no worker is wanted.
import {
  abortedError,
  COMIC_SCRIPT_OPTIONS,
  comicFontFamily,
  comicStages,
  createClassicalInpainter,
  createComicOcr,
  createLamaInpainter,
  createPipeline,
  createTranslationMapTranslator,
  defaultGroup,
  defaultStages,
  encodePage,
  FORMAT_MIME_TYPES,
  GlossaError,
  invalidParameter,
  presetFor,
  PRESETS,
  relayoutPage,
  throwIfAborted,
  toGlossaError,
  withProductText,
  type FinishedPage,
  type Inpainter,
  type Ocr,
  type OutputFormat,
  type StageTimings,
  type TranslationMapOptions,
  type Page,
  type PageEncoderIo,
  type RgbaImage,
  type TesseractPool,
  type Translator,
} from '@glossa/core';
import { createCanvasMeasurer, createCanvasRenderer, decodeImage, defaultFontFaces, encodeImage, loadFonts } from '../canvas.js';
import { createWebOcr } from '../ocr.js';
import { createWebBackend, type WebBackend } from '../ort.js';
import { createWebTesseractReader } from '../tesseract.js';
import { fromWire, toWire, type EngineConfig, type FromWorker, type RunSpec, type ToWorker, type WireError, type WireInput } from './protocol.js';

/**
 * The endpoint the engine talks through: a `DedicatedWorkerGlobalScope`
 * (`self` in a worker) or a `MessagePort`.
 *
 * @example
 * ```ts
 * startTranslatorWorker(self as unknown as WorkerEndpoint);
 * ```
 */
export interface WorkerEndpoint {
  /** Sends a message, transferring the listed buffers/bitmaps. */
  postMessage(message: unknown, transfer?: Transferable[]): void;
  /** Receives messages. */
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Runs the Glossa engine on `endpoint`: call it once in your worker script
 * (the package's `@glossa/browser/worker` entry does it for you). It waits
 * for the page's `init` message, then serves translate and render calls.
 *
 * @param endpoint - where messages come from; default the worker's global scope
 * @example
 * ```ts
 * // my-worker.ts, bundled by your app
 * import { startTranslatorWorker } from '@glossa/browser';
 * startTranslatorWorker();
 * ```
 */
export function startTranslatorWorker(endpoint: WorkerEndpoint = globalThis as unknown as WorkerEndpoint): void {
  const send = (message: FromWorker, transfer: Transferable[] = []) => endpoint.postMessage(message, transfer);
  let engine: Promise<Engine> | undefined;
  const calls = new Map<number, AbortController>();
  const pendingTranslations = new Map<string, { resolve: (items: unknown) => void; reject: (e: unknown) => void }>();
  let nextRequest = 0;

  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToWorker;
    switch (message.type) {
      case 'init':
        engine = createEngine(message.config, (progress) => send({ type: 'model-progress', progress }));
        engine.then(
          (e) => send({ type: 'ready', device: e.backend.device }),
          (error) => send({ type: 'init-failed', error: toWire_(error) }),
        );
        break;
      case 'abort':
        calls.get(message.call)?.abort(abortedError());
        break;
      case 'translated': {
        const key = `${message.call}:${message.request}`;
        const pending = pendingTranslations.get(key);
        pendingTranslations.delete(key);
        if (message.error) pending?.reject(fromWire(message.error));
        else pending?.resolve(message.items);
        break;
      }
      case 'run':
      case 'render': {
        const controller = new AbortController();
        calls.set(message.call, controller);
        const call = message.call;
        const rpcTranslator = (id: string, partial?: boolean): Translator => ({
          id,
          partial,
          translate(request) {
            const n = nextRequest++;
            const { signal, context, ...rest } = request;
            const { image: _image, ...plainContext } = context ?? {};
            return new Promise((resolve, reject) => {
              pendingTranslations.set(`${call}:${n}`, { resolve: resolve as (items: unknown) => void, reject });
              signal?.addEventListener('abort', () => reject(abortedError()), { once: true });
              send({ type: 'translate', call, request: n, translator: id, payload: { ...rest, context: plainContext } });
            });
          },
        });
        const work = (async () => {
          if (!engine) throw new GlossaError('INTERNAL', 'The worker received a call before init');
          const e = await engine;
          if (message.type === 'run') {
            await e.run(message.inputs, message.spec, message.order, controller.signal, rpcTranslator, (event) =>
              send({ type: 'progress', call, event }),
            (outcome, transfer) => send({ type: 'outcome', call, outcome }, transfer));
          } else {
            const { outputs, page, timings } = await e.render(message.page, message.background, message.original, message.spec, controller.signal);
            const { wire, transfer } = toWire(message.background);
            send({ type: 'outcome', call, outcome: { ok: true, index: 0, outputs, page, background: wire, timings } }, transfer);
          }
        })();
        work.then(
          () => send({ type: 'done', call }),
          (error) => send({ type: 'done', call, error: toWire_(error) }),
        ).finally(() => calls.delete(call));
        break;
      }
      case 'dispose':
        void (async () => {
          for (const c of calls.values()) c.abort();
          const e = await engine?.catch(() => undefined);
          await e?.dispose();
          send({ type: 'disposed' });
        })();
        break;
    }
  });
}

/** @internal */
interface Engine {
  backend: WebBackend;
  run(
    inputs: WireInput[],
    spec: RunSpec,
    order: 'completion' | 'input',
    signal: AbortSignal,
    rpc: (id: string, partial?: boolean) => Translator,
    onProgress: (event: import('@glossa/core').ProgressEvent) => void,
    onOutcome: (outcome: import('./protocol.js').WireOutcome, transfer: Transferable[]) => void,
  ): Promise<void>;
  render(
    page: Page,
    background: RgbaImage,
    original: RgbaImage | undefined,
    spec: RunSpec,
    signal: AbortSignal,
  ): Promise<{ outputs: Partial<Record<OutputFormat, Blob>>; page: Page; timings: StageTimings }>;
  dispose(): Promise<void>;
}

async function createEngine(config: EngineConfig, onModelProgress: (p: import('../cache.js').ModelProgress) => void): Promise<Engine> {
  const backend = createWebBackend({
    device: config.device,
    wasmPaths: config.wasmPaths,
    numThreads: config.numThreads,
    cache: config.cache,
    onProgress: onModelProgress,
  });
  // A folder of the default fonts is loaded per target language when first
  // needed (the CJK files are large); an explicit list is loaded up front.
  // The comic preset letters Latin-script translations in the comic family.
  const fontsFor = (lang: string, comic = false) =>
    typeof config.fonts === 'string' ? loadFonts(defaultFontFaces(config.fonts, [lang], comic ? [comicFontFamily(lang)] : [])) : undefined;
  const [ocr] = await Promise.all([
    createWebOcr({ backend, models: config.models, cache: config.cache, onProgress: onModelProgress }),
    typeof config.fonts === 'string' ? undefined : loadFonts(config.fonts ?? []),
  ]);
  // Load the models now, not on the first page: downloads show progress while
  // the app is idle, and the device actually used is known when ready() resolves.
  await Promise.all([backend.createSession(config.models.det), backend.createSession(config.models.rec)]);
  const lama = typeof config.inpainter === 'object' ? config.inpainter : undefined;
  const inpainter: Inpainter = lama
    ? createLamaInpainter({ backend, model: lama.lama, size: lama.size, outputMax: lama.outputMax })
    : createClassicalInpainter();
  if (lama) await backend.createSession(lama.lama);
  const renderer = createCanvasRenderer();
  const measurer = createCanvasMeasurer();
  // The comic preset's reader and OCR start with its first page: Tesseract's
  // workers and traineddata cost nothing to apps that never read a comic.
  let comic: { reader: TesseractPool; ocr: Ocr } | undefined;
  const comicOcr = (): Ocr => {
    if (!config.tesseract) {
      throw new GlossaError(
        'INVALID_INPUT',
        "The comic preset (from: 'ja', preset: 'comic' or grouping: 'bubble') reads text with Tesseract, and createBrowserGlossa was given no tesseract URLs: " +
          "pass tesseract: { workerPath, corePath, langPath } (see docs/comics.md), or preset: 'default' for this call",
        { details: { field: 'tesseract' } },
      );
    }
    comic ??= (() => {
      const reader = createWebTesseractReader(config.tesseract);
      return { reader, ocr: createComicOcr({ detector: ocr, reader }) };
    })();
    return comic.ocr;
  };

  const encode = async (finished: FinishedPage, spec: RunSpec): Promise<Partial<Record<OutputFormat, Blob>>> => {
    const io: PageEncoderIo = {
      // The browser's quality is in [0, 1] (the caller's spec.quality), not core's 1–100.
      encodeImage: async (image, format) =>
        new Uint8Array(await (await encodeImage(image, { format, quality: format === 'png' ? undefined : spec.quality })).arrayBuffer()),
      renderBlock: (page, block) => renderer.renderBlock(page, block),
    };
    const outputs: Partial<Record<OutputFormat, Blob>> = {};
    for (const format of spec.formats) {
      const bytes = await encodePage(format, finished, io);
      outputs[format] = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: FORMAT_MIME_TYPES[format] });
    }
    return outputs;
  };

  return {
    backend,
    async run(inputs, spec, order, signal, rpc, onProgress, onOutcome) {
      const preset = presetFor(spec.from, spec.preset, spec.grouping);
      if (!(PRESETS as readonly string[]).includes(preset)) throw invalidParameter('preset', `one of ${PRESETS.join(', ')}`, spec.preset);
      const isComic = preset === 'comic';
      const reader = isComic ? comicOcr() : ocr;
      // Readings of comic lettering are noisier: scripts match them more loosely (as in Node).
      const [translator] = await Promise.all([makeTranslator(spec, rpc, isComic ? COMIC_SCRIPT_OPTIONS : {}), fontsFor(spec.to, isComic)]);
      const pipeline = createPipeline<WireInput, Partial<Record<OutputFormat, Blob>>>({
        ocr: { recognize: (image, o) => between(o?.signal, () => reader.recognize(image, o)) },
        translator,
        inpainter: { inpaint: (image, mask, o) => between(o?.signal, () => inpainter.inpaint(image, mask, o)) },
        renderer: { render: (background, page, o) => between(o?.signal, () => renderer.render(background, page, o)) },
        // Per call: the preset, grouping, product-text option and the script's roles shape the stages.
        ...(isComic
          ? comicStages({ measurer, eraseSfx: spec.eraseSfx, grouping: spec.grouping })
          : {
              ...defaultStages({ measurer, productText: spec.productText, roles: spec.roles }),
              group: withProductText((lines, image) => defaultGroup(lines, image, { policy: spec.grouping }), { productText: spec.productText, roles: spec.roles }),
            }),
        codec: {
          decode: (input, { signal: s }) => decodeImage(input, { maxPixels: config.maxPixels, signal: s }),
          encode: (artifacts) => encode(artifacts, spec),
        },
      });
      try {
        for await (const outcome of pipeline.runMany(inputs, { targetLang: spec.to, sourceLang: spec.from, glossary: spec.glossary, signal, onProgress, order })) {
          if (outcome.ok) {
            const { wire, transfer } = toWire(outcome.background);
            onOutcome({ ok: true, index: outcome.index, outputs: outcome.output!, page: outcome.page, background: wire, timings: outcome.timings }, transfer);
          } else {
            onOutcome({ ok: false, index: outcome.index, error: toWire_(outcome.error), stage: outcome.stage }, []);
          }
        }
      } finally {
        await translator?.dispose?.();
      }
    },
    async render(page, background, original, spec, signal) {
      // Re-lays out only the blocks whose translation changed (edits), then draws and encodes.
      const started = performance.now();
      const to = spec.to || page.targetLang || 'en';
      const retarget = to !== page.targetLang;
      // Balloon blocks (the comic preset's) are lettered in the comic family.
      await fontsFor(to, page.blocks.some((b) => b.balloon !== undefined));
      const t0 = performance.now();
      const laidOut = relayoutPage(retarget ? { ...page, targetLang: to } : page, background, {
        measurer,
        relayout: spec.relayout ?? (retarget ? 'all' : 'changed'),
        signal,
      });
      const t1 = performance.now();
      const image = await renderer.render(background, laidOut, { signal });
      const t2 = performance.now();
      const outputs = await encode({ page: laidOut, background, image, source: original }, spec);
      const t3 = performance.now();
      return { page: laidOut, outputs, timings: { layout: t1 - t0, render: t2 - t1, encode: t3 - t2, total: t3 - started } };
    },
    async dispose() {
      await comic?.reader.dispose();
      await inpainter.dispose?.();
      await ocr.dispose();
      await backend.dispose();
    },
  };
}

async function makeTranslator(spec: RunSpec, rpc: (id: string, partial?: boolean) => Translator, scriptOptions: TranslationMapOptions): Promise<Translator | undefined> {
  const t = spec.translator;
  switch (t.kind) {
    case 'none':
      return undefined;
    case 'map':
      return createTranslationMapTranslator(t.map, scriptOptions);
    case 'rpc':
      return rpc(t.id, t.partial);
    case 'gemini': {
      // Loaded only when asked for, so apps without Gemini do not ship its SDK.
      const { createGeminiTranslator } = await import('@glossa/gemini-translator');
      return createGeminiTranslator(t.options);
    }
  }
}

/**
 * Wraps a plugin call so the worker's event loop turns before and after it.
 * Model runs and pixel loops keep the worker busy, and an `abort` message from
 * the page is only delivered when the loop turns; without this, a cancel
 * would wait for the whole page to finish.
 */
async function between<R>(signal: AbortSignal | undefined, work: () => Promise<R>): Promise<R> {
  await turn();
  throwIfAborted(signal);
  const result = await work();
  await turn();
  throwIfAborted(signal);
  return result;
}

function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function toWire_(error: unknown): WireError {
  const e = toGlossaError(error);
  return { code: e.code, message: e.message, details: { ...e.details } };
}
