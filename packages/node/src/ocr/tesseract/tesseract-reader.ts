import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { GlossaError, invalidParameter, type BlockReader, type BlockReading, type ReadBlockOptions, type RgbaImage, type TextDirection } from '@glossa/core';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { toPgm } from './pgm.js';

/**
 * Options of {@link createTesseractReader}.
 *
 * @example
 * ```ts
 * const options: TesseractReaderOptions = { workers: 2, languages: { vertical: 'jpn_vert', horizontal: 'jpn' } };
 * ```
 */
export interface TesseractReaderOptions {
  /** Most tesseract workers alive at once, across languages. Default: the CPUs this process may use. */
  workers?: number;
  /** Traineddata per text direction. Default `jpn_vert` for vertical blocks, `jpn` for horizontal ones. */
  languages?: Partial<Record<TextDirection, string>>;
  /**
   * Folder holding `<code>.traineddata.gz` per language code. Default: the
   * folder of the `@tesseract.js-data/<code>` npm package, so nothing is
   * fetched at run time.
   */
  langPaths?: Readonly<Record<string, string>>;
}

/** A `BlockReader` (from `@glossa/core`) on tesseract.js with a pool of workers. */
export interface TesseractReader extends BlockReader {
  /** Reads a crop as one block of text in the given direction. */
  read(image: RgbaImage, options: ReadBlockOptions): Promise<BlockReading>;
  /** Ends every worker; reads queued or running reject with `ABORTED`. Idempotent. */
  dispose(): Promise<void>;
  /** Same as {@link TesseractReader.dispose}. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Workers alive now (for monitoring and tests). */
  readonly workerCount: number;
}

interface Slot {
  lang: string;
  worker: Promise<Worker>;
  busy: boolean;
}

interface Job {
  lang: string;
  direction: TextDirection;
  image: RgbaImage;
  signal?: AbortSignal;
  resolve: (reading: BlockReading) => void;
  reject: (error: unknown) => void;
  started: boolean;
  /** What an abort of `signal` does to this read: leave the queue, or end the running worker. */
  cancel: () => void;
}

/** Scripts written without spaces between words: tesseract's spaces between their glyphs are noise. */
const UNSPACED = /^(jpn|chi|tha|lao|khm|mya)/;
/**
 * What tesseract's CJK models read from speckles, screentone and stray
 * strokes: ASCII symbols that CJK lettering does not use (full-width forms and
 * ASCII ! ? . , stay).
 */
const CJK_NOISE = /[|_\\/`^~<>{}[\]@#$%&*+=]/g;

/**
 * A Tesseract block reader on tesseract.js (WebAssembly, no native code):
 * vertical Japanese with `jpn_vert` (page segmentation "single block of
 * vertical text"), horizontal with `jpn` ("single block"). Traineddata comes
 * from the `@tesseract.js-data/*` npm packages on disk; the wasm core from
 * `tesseract.js-core`: nothing is downloaded. One pool of workers is shared by
 * every page read through this reader, each worker bound to one language,
 * started on demand up to `workers`; a worker of an idle language gives way
 * to a queued read in another.
 *
 * @param options - pool size, languages, traineddata folders
 * @returns a reader; call `dispose()` to end the workers
 * @throws GlossaError `MODEL_NOT_FOUND` (on the first read of a language) when its traineddata package is not installed
 * @example
 * ```ts
 * const reader = createTesseractReader();
 * try {
 *   const { text, score } = await reader.read(crop, { direction: 'vertical', signal: AbortSignal.timeout(10_000) });
 * } finally {
 *   await reader.dispose();
 * }
 * ```
 */
export function createTesseractReader(options: TesseractReaderOptions = {}): TesseractReader {
  const size = options.workers ?? availableParallelism();
  if (!Number.isInteger(size) || size < 1) {
    throw invalidParameter('workers', 'a positive integer', size);
  }
  const languages: Record<TextDirection, string> = { vertical: 'jpn_vert', horizontal: 'jpn', ...options.languages };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  /** Running reads, each with what rejects it (when the reader is disposed under it). */
  const running = new Map<Job, (error: GlossaError) => void>();
  let disposed = false;
  // One abort listener per signal, however many reads share it (a page's bubbles do).
  const watched = new Map<AbortSignal, { jobs: Set<Job>; listener: () => void }>();
  const watch = (job: Job) => {
    const { signal } = job;
    if (!signal) return;
    let entry = watched.get(signal);
    if (!entry) {
      const jobs = new Set<Job>();
      const listener = () => [...jobs].forEach((j) => j.cancel());
      entry = { jobs, listener };
      watched.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    entry.jobs.add(job);
  };
  const unwatch = (job: Job) => {
    const entry = job.signal && watched.get(job.signal);
    if (!entry) return;
    entry.jobs.delete(job);
    if (entry.jobs.size === 0) {
      job.signal!.removeEventListener('abort', entry.listener);
      watched.delete(job.signal!);
    }
  };

  const start = (lang: string, direction: TextDirection): Slot => {
    const worker = (async () => {
      const langPath = options.langPaths?.[lang] ?? packageLangPath(lang);
      const w = await createWorker(lang, OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
      await w.setParameters({
        tessedit_pageseg_mode: direction === 'vertical' ? PSM.SINGLE_BLOCK_VERT_TEXT : PSM.SINGLE_BLOCK,
      });
      return w;
    })();
    const slot: Slot = { lang, worker, busy: false };
    slots.push(slot);
    return slot;
  };

  const retire = (slot: Slot) => {
    slots.splice(slots.indexOf(slot), 1);
    void slot.worker.then((w) => w.terminate()).catch(() => undefined);
  };

  const pump = () => {
    for (let i = 0; i < queue.length; i++) {
      const job = queue[i];
      let slot = slots.find((s) => !s.busy && s.lang === job.lang);
      if (!slot && slots.length >= size) {
        // A worker of another language that nothing waits for makes room.
        const idle = slots.find((s) => !s.busy && !queue.some((q) => q.lang === s.lang));
        if (idle) retire(idle);
      }
      if (!slot && slots.length < size) slot = start(job.lang, job.direction);
      if (!slot) continue;
      queue.splice(i--, 1);
      run(slot, job);
    }
  };

  const run = (slot: Slot, job: Job) => {
    slot.busy = true;
    job.started = true;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(job);
      unwatch(job);
      outcome();
    };
    running.set(job, (error) => finish(() => job.reject(error)));
    // Tesseract cannot stop a recognition half way: an abort ends the worker.
    job.cancel = () => {
      finish(() => job.reject(aborted(job.signal)));
      if (slots.includes(slot)) retire(slot);
      pump();
    };
    slot.worker
      .then((w) => {
        // The worker may have been ended (abort, dispose) while it started.
        if (settled || !slots.includes(slot)) throw aborted(job.signal);
        return w.recognize(toPgm(job.image));
      })
      .then(
        ({ data }) => {
          const text = UNSPACED.test(job.lang) ? data.text.replace(/\s+/gu, '').replace(CJK_NOISE, '') : data.text.replace(/\s*\n\s*/g, ' ').trim();
          finish(() => job.resolve({ text, score: Math.max(0, Math.min(1, data.confidence / 100)) }));
        },
        (cause: unknown) => {
          if (slots.includes(slot)) retire(slot);
          finish(() => job.reject(toReadError(cause, job.lang)));
        },
      )
      .finally(() => {
        slot.busy = false;
        if (!disposed) pump();
      });
  };

  const reader: TesseractReader = {
    get workerCount() {
      return slots.length;
    },
    read(image, { direction, signal }) {
      if (disposed) return Promise.reject(new GlossaError('INVALID_INPUT', 'This Tesseract reader was disposed; create a new one'));
      if (direction !== 'vertical' && direction !== 'horizontal') {
        return Promise.reject(invalidParameter('direction', "'vertical' or 'horizontal'", direction));
      }
      if (signal?.aborted) return Promise.reject(aborted(signal));
      return new Promise<BlockReading>((resolve, reject) => {
        const job: Job = {
          lang: languages[direction],
          direction,
          image,
          signal,
          resolve,
          reject,
          started: false,
          // Until it starts, an aborted read just leaves the queue.
          cancel: () => {
            queue.splice(queue.indexOf(job), 1);
            unwatch(job);
            reject(aborted(signal));
          },
        };
        watch(job);
        queue.push(job);
        pump();
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const job of queue.splice(0)) {
        unwatch(job);
        job.reject(new GlossaError('ABORTED', 'The Tesseract reader was disposed before this read started'));
      }
      for (const reject of [...running.values()]) reject(new GlossaError('ABORTED', 'The Tesseract reader was disposed during this read'));
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.then((w) => w.terminate()).catch(() => undefined)));
    },
    [Symbol.asyncDispose]() {
      return reader.dispose();
    },
  };
  return reader;
}

/** The traineddata folder of the `@tesseract.js-data/<code>` package. */
function packageLangPath(code: string): string {
  try {
    return (createRequire(import.meta.url)(`@tesseract.js-data/${code}`) as { langPath: string }).langPath;
  } catch (cause) {
    throw new GlossaError('MODEL_NOT_FOUND', `Tesseract traineddata for '${code}' comes from the npm package @tesseract.js-data/${code}, which is not installed; install it or pass langPaths`, {
      cause,
      details: { field: 'languages', language: code },
    });
  }
}

function aborted(signal: AbortSignal | undefined): GlossaError {
  return new GlossaError('ABORTED', 'The read was aborted', { cause: signal?.reason });
}

function toReadError(cause: unknown, lang: string): GlossaError {
  if (cause instanceof GlossaError) return cause;
  return new GlossaError('INFERENCE_FAILED', `Tesseract (${lang}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}
