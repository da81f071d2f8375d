import { GlossaError, abortedError, isGlossaError, toGlossaError } from '../errors.js';
import { invalidParameter } from '../validate.js';
import { assertRgbaImage } from '../image/rgba-image.js';
import type { RgbaImage } from '../image/rgba-image.js';
import { PAGE_VERSION, type Page, type TextBlock } from '../page/page.js';
import { Limiter, anySignal } from './limiter.js';
import { LruCache } from './lru-cache.js';
import { ResultQueue } from './result-queue.js';
import { TranslationBatcher } from './translation-batcher.js';
import {
  PIPELINE_STAGES,
  type PageFailure,
  type PageOutcome,
  type PageSuccess,
  type Pipeline,
  type PipelineOptions,
  type PipelineStage,
  type RunManyOptions,
  type RunOptions,
  type StageTimings,
} from './types.js';

const DEFAULT_CONCURRENCY: Record<PipelineStage, number> = { decode: 2, ocr: 1, translate: 4, inpaint: 1, layout: 1, render: 1, encode: 2 };

/**
 * Assembles a pipeline from plugins: decode → OCR → group → translate (batched
 * across pages) → mask → inpaint → layout → render → encode. Each stage has
 * its own concurrency limit, so while page N is being translated, page N+1 is
 * in OCR and page N−1 is being rendered.
 *
 * @param options - plugins, hooks and limits; see {@link PipelineOptions}
 * @throws GlossaError `INVALID_INPUT` when a plugin or limit is missing or malformed
 * @example
 * ```ts
 * const pipeline = createPipeline({ ocr, translator, inpainter, renderer, ...defaultStages({ measurer }) });
 * for await (const result of pipeline.runMany(images, { targetLang: 'ko' })) {
 *   if (result.ok) save(result.index, result.image);
 *   else console.error(result.index, result.error.code, result.error.message);
 * }
 * ```
 */
export function createPipeline<I = RgbaImage, O = undefined>(options: PipelineOptions<I, O>): Pipeline<I, O> {
  for (const name of ['ocr', 'inpainter', 'renderer'] as const) {
    if (typeof options[name] !== 'object' || options[name] === null) {
      throw new GlossaError('INVALID_INPUT', `Expected a plugin object for ${name}`, { details: { field: name } });
    }
  }
  for (const name of ['group', 'buildMask'] as const) {
    if (typeof options[name] !== 'function') {
      throw new GlossaError('INVALID_INPUT', `Expected a function for ${name}`, { details: { field: name } });
    }
  }
  const limits = {} as Record<PipelineStage, Limiter>;
  for (const stage of PIPELINE_STAGES) {
    const n = options.concurrency?.[stage] ?? DEFAULT_CONCURRENCY[stage];
    if (!Number.isInteger(n) || n < 1) {
      throw new GlossaError('INVALID_INPUT', `Expected a positive integer for concurrency.${stage} but received ${String(n)}`, {
        details: { field: `concurrency.${stage}` },
      });
    }
    limits[stage] = new Limiter(n);
  }
  if (options.cpuSlots !== undefined && (!Number.isInteger(options.cpuSlots) || options.cpuSlots < 1)) {
    throw invalidParameter('cpuSlots', 'a positive integer', options.cpuSlots);
  }
  const cpu = options.cpuSlots ? new Limiter(options.cpuSlots) : undefined;
  const maxInFlight = options.maxInFlight ?? 8;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw invalidParameter('maxInFlight', 'a positive integer', maxInFlight);
  }
  const cacheSize = options.cacheSize ?? 5000;
  const batcher =
    options.translator &&
    new TranslationBatcher(options.translator, limits.translate, options.batching ?? {}, cacheSize > 0 ? new LruCache(cacheSize) : undefined);

  /** Runs one page through every stage; never throws, returns the outcome. */
  async function processPage(input: I, index: number, run: RunOptions, counters: StageCounters): Promise<PageOutcome<O>> {
    const started = now();
    const timings: StageTimings = { total: 0 };
    const signal = run.signal;
    let current: PipelineStage = 'decode';
    const stage = <T>(name: PipelineStage, work: () => Promise<T>, limiter: Limiter | null = limits[name]): Promise<T> => {
      current = name;
      const body = async () => {
        if (signal?.aborted) throw abortedError(signal);
        run.onProgress?.({ stage: name, page: index, state: 'start', done: counters.done[name], total: counters.total });
        const t0 = now();
        try {
          return await work();
        } finally {
          timings[name] = (timings[name] ?? 0) + now() - t0;
          counters.done[name]++;
          run.onProgress?.({ stage: name, page: index, state: 'end', done: counters.done[name], total: counters.total });
        }
      };
      if (!limiter) return body();
      // A CPU stage also needs one of the shared CPU slots, earliest page
      // first: the first pages finish early instead of every page's work
      // sharing the cores evenly.
      const onCpu = cpu && name !== 'translate' ? () => cpu.run(body, signal, index) : body;
      return limiter.run(onCpu, signal, index);
    };
    try {
      const source = await stage('decode', async () => {
        if (options.codec) return options.codec.decode(input, { signal });
        assertRgbaImage(input, 'input');
        return input;
      });
      const blocks = await stage('ocr', async () => options.group(await options.ocr.recognize(source, { signal }), source));
      let page: Page = {
        version: PAGE_VERSION,
        width: source.width,
        height: source.height,
        ...(run.sourceLang ? { sourceLang: run.sourceLang } : {}),
        targetLang: run.targetLang,
        blocks,
      };
      if (batcher) {
        // The batcher holds the translate limiter only while a call is in flight.
        page = await stage('translate', () => translatePage(batcher, page, source, run), null);
      }
      const toErase = page.blocks.filter((b) => !b.flags.keep && !b.flags.untranslated);
      const { mask, background } = await stage('inpaint', async () => {
        const mask = options.buildMask(source, toErase);
        return { mask, background: await options.inpainter.inpaint(source, mask, { signal }) };
      });
      if (options.layout) {
        const layout = options.layout;
        page = await stage('layout', async () => layout(page, { image: source, background, signal }));
      }
      const image = await stage('render', () => options.renderer.render(background, page, { signal }));
      const artifacts = { source, page, mask, background, image };
      const output = options.codec?.encode ? await stage('encode', () => options.codec!.encode!(artifacts, { signal })) : undefined;
      timings.total = now() - started;
      const success: PageSuccess<O> = { ok: true, index, ...artifacts, output, timings };
      return success;
    } catch (error) {
      timings.total = now() - started;
      const failure: PageFailure = { ok: false, index, error: asStageError(error, current, signal), stage: current, timings };
      return failure;
    }
  }

  return {
    async run(input, run) {
      checkRunOptions(run);
      const outcome = await processPage(input, 0, run, newCounters(1));
      if (!outcome.ok) throw outcome.error;
      return outcome;
    },

    runMany(inputs, run: RunManyOptions) {
      checkRunOptions(run);
      return {
        [Symbol.asyncIterator]: () => manyIterator(inputs, run)[Symbol.asyncIterator](),
      };
    },
  };

  async function* manyIterator(inputs: Iterable<I> | AsyncIterable<I>, run: RunManyOptions): AsyncGenerator<PageOutcome<O>> {
    // Our own controller lets an early `break` by the consumer cancel what is in flight.
    const stop = new AbortController();
    const signal = anySignal([run.signal, stop.signal]);
    const pageRun: RunOptions = { ...run, signal };
    const counters = newCounters(Array.isArray(inputs) ? inputs.length : 0);
    const queue = new ResultQueue<PageOutcome<O>>();
    let free = maxInFlight;
    let wakeFeeder: (() => void) | undefined;
    let started = 0;
    let finished = 0;
    let feederDone = false;
    let feederError: unknown;

    const closeIfDone = () => {
      if (feederDone && finished === started) queue.close();
    };
    const inFlight = new Set<AbortController>();
    const onAbort = () => {
      for (const page of inFlight) page.abort(signal?.reason);
      wakeFeeder?.();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const feeder = (async () => {
      const source = iteratorOf(inputs);
      try {
        for (;;) {
          // Wait for a free slot before reading the next input, so no input is held unstarted.
          while (free === 0 && !signal?.aborted) await new Promise<void>((resolve) => (wakeFeeder = resolve));
          if (signal?.aborted) break;
          const next = await source.next();
          if (next.done) break;
          free--;
          const index = started++;
          counters.total = Math.max(counters.total, started);
          // Each page has its own signal; the run's signal has one listener
          // (below) that aborts every page in flight, so listeners never pile
          // up on the caller's signal however many pages run at once.
          const page = new AbortController();
          inFlight.add(page);
          void processPage(next.value, index, { ...pageRun, signal: page.signal }, counters).then((outcome) => {
            inFlight.delete(page);
            finished++;
            queue.push(outcome);
            closeIfDone();
          });
        }
      } catch (error) {
        feederError = error;
      } finally {
        if (signal?.aborted) await source.return?.();
        counters.total = started;
        feederDone = true;
        closeIfDone();
      }
    })();

    const pending = new Map<number, PageOutcome<O>>();
    let nextIndex = 0;
    try {
      for (;;) {
        const { value, done } = await queue.next();
        if (done) break;
        if (run.order === 'input') {
          pending.set(value.index, value);
          while (pending.has(nextIndex)) {
            const ready = pending.get(nextIndex)!;
            pending.delete(nextIndex++);
            yield ready;
            release();
          }
        } else {
          yield value;
          release();
        }
      }
      await feeder;
      if (feederError !== undefined) throw toGlossaError(feederError, 'INVALID_INPUT', 'Reading the inputs failed');
      if (run.signal?.aborted) throw abortedError(run.signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
      wakeFeeder?.();
    }

    function release() {
      free++;
      const wake = wakeFeeder;
      wakeFeeder = undefined;
      wake?.();
    }
  }
}

/** Per-stage "done" counts shared by the pages of one run, for progress events. @internal */
interface StageCounters {
  done: Record<PipelineStage, number>;
  total: number;
}

function iteratorOf<T>(inputs: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  const asyncSource = (inputs as AsyncIterable<T>)[Symbol.asyncIterator];
  if (typeof asyncSource === 'function') return asyncSource.call(inputs);
  const syncSource = (inputs as Iterable<T>)[Symbol.iterator];
  if (typeof syncSource === 'function') return syncSource.call(inputs);
  throw new GlossaError('INVALID_INPUT', 'Expected an iterable or async iterable of inputs', { details: { field: 'inputs' } });
}

function newCounters(total: number): StageCounters {
  const done = {} as Record<PipelineStage, number>;
  for (const s of PIPELINE_STAGES) done[s] = 0;
  return { done, total };
}

async function translatePage(batcher: TranslationBatcher, page: Page, source: RgbaImage, run: RunOptions): Promise<Page> {
  const wanted = page.blocks.filter((b) => !b.flags.keep && b.sourceText.trim() !== '');
  if (wanted.length === 0) return page;
  const texts = await batcher.translate({
    items: wanted.map((b) => ({ id: b.id, text: b.sourceText })),
    sourceLang: run.sourceLang,
    targetLang: run.targetLang,
    context: { glossary: run.glossary, previous: run.previous, ...(run.sendImage ? { image: source } : {}) },
    signal: run.signal,
  });
  const blocks: TextBlock[] = page.blocks.map((b) => {
    if (b.flags.keep || b.sourceText.trim() === '') return b;
    const translation = texts.get(b.id);
    return translation === undefined
      ? { ...b, flags: { ...b.flags, untranslated: true } }
      : { ...b, translation, flags: { ...b.flags, untranslated: undefined } };
  });
  return { ...page, blocks };
}

function checkRunOptions(run: RunOptions): void {
  if (!run || typeof run.targetLang !== 'string' || run.targetLang.trim() === '') {
    throw invalidParameter('targetLang', "a language tag such as 'ko'", run?.targetLang);
  }
}

function asStageError(error: unknown, stage: PipelineStage, signal?: AbortSignal): GlossaError {
  if (signal?.aborted && !(isGlossaError(error) && error.code !== 'ABORTED')) return abortedError(signal);
  const fallback = stage === 'translate' ? 'TRANSLATOR_FAILED' : stage === 'ocr' || stage === 'inpaint' ? 'INFERENCE_FAILED' : 'INTERNAL';
  const wrapped = toGlossaError(error, fallback, `${stage} failed`);
  return wrapped.details.stage ? wrapped : new GlossaError(wrapped.code, wrapped.message, { cause: wrapped.cause, details: { ...wrapped.details, stage } });
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
