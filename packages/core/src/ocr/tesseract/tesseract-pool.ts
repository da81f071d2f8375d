// The Tesseract worker pool both runtimes share: which language reads a
// block, how workers are started, shared, retired and ended, and how
// tesseract's output is cleaned. Only starting a worker differs per runtime
// (files on disk in Node, URLs the app serves in the browser), so that comes
// in as `startWorker`.
import type { BlockReader, BlockReading, ReadBlockOptions } from '../../comic/bubble.js';
import { GlossaError } from '../../errors.js';
import type { RgbaImage } from '../../image/rgba-image.js';
import type { TextDirection } from '../../page/page.js';
import { invalidParameter } from '../../validate.js';
import { toPgm } from './pgm.js';

/**
 * The part of a tesseract.js worker (`Tesseract.Worker`, in Node or the
 * browser) that the pool uses.
 *
 * @example
 * ```ts
 * const worker: TesseractWorker = await createWorker('jpn_vert', OEM.LSTM_ONLY, { langPath });
 * ```
 */
export interface TesseractWorker {
  /** Sets Tesseract variables (the pool sets `tessedit_pageseg_mode`). */
  setParameters(params: Record<string, string>): Promise<unknown>;
  /** Reads an encoded image (the pool sends a binary PGM). */
  recognize(image: Uint8Array): Promise<{ data: { text: string; confidence: number } }>;
  /** Ends the worker. */
  terminate(): Promise<unknown>;
}

/**
 * Options of {@link createTesseractPool}.
 *
 * @example
 * ```ts
 * const options: TesseractPoolOptions = { workers: 2, startWorker: (lang) => createWorker(lang, OEM.LSTM_ONLY, { langPath }) };
 * ```
 */
export interface TesseractPoolOptions {
  /** Most workers alive at once, across languages: a positive integer. */
  workers: number;
  /** Traineddata per text direction. Default {@link DEFAULT_TESSERACT_LANGUAGES}. */
  languages?: Partial<Record<TextDirection, string>>;
  /**
   * Starts a tesseract.js worker with a language loaded. The pool sets its
   * page segmentation mode and ends it. A rejection fails the reads waiting
   * for it: reject with a `GlossaError` that says what to install or serve.
   */
  startWorker(lang: string): Promise<TesseractWorker>;
}

/**
 * A `BlockReader` on a pool of Tesseract workers: `createTesseractReader` in
 * `@glossa/node`, `createWebTesseractReader` in `@glossa/browser`.
 *
 * @example
 * ```ts
 * const { text, score } = await reader.read(crop, { direction: 'vertical', signal });
 * await reader.dispose();
 * ```
 */
export interface TesseractPool extends BlockReader {
  /** Reads a crop as one block of text in the given direction. */
  read(image: RgbaImage, options: ReadBlockOptions): Promise<BlockReading>;
  /** Ends every worker; reads queued or running reject with `ABORTED`. Idempotent. */
  dispose(): Promise<void>;
  /** Same as {@link TesseractPool.dispose}. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Workers alive now (for monitoring and tests). */
  readonly workerCount: number;
}

/**
 * The traineddata read per direction by default: Japanese, `jpn_vert` for
 * vertical blocks and `jpn` for horizontal ones.
 *
 * @example
 * ```ts
 * DEFAULT_TESSERACT_LANGUAGES.vertical; // 'jpn_vert'
 * ```
 */
export const DEFAULT_TESSERACT_LANGUAGES: Readonly<Record<TextDirection, string>> = Object.freeze({ vertical: 'jpn_vert', horizontal: 'jpn' });

/**
 * Tesseract's page segmentation mode for a block: "single block of vertical
 * text" (5) for vertical columns, "single block" (6) for horizontal rows.
 */
const PAGE_SEGMENTATION: Readonly<Record<TextDirection, string>> = { vertical: '5', horizontal: '6' };

interface Slot {
  /** Language and direction: a worker is set up for one of each. */
  key: string;
  worker: Promise<TesseractWorker>;
  busy: boolean;
}

interface Job {
  key: string;
  lang: string;
  direction: TextDirection;
  image: RgbaImage;
  signal?: AbortSignal;
  resolve: (reading: BlockReading) => void;
  reject: (error: unknown) => void;
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
 * A pool of Tesseract workers read through as one `BlockReader`. Each worker
 * is bound to one language (and its direction's page segmentation), started
 * on demand up to `workers`, and shared by every read; a worker of a
 * language nothing waits for gives way to a queued read in another. Crops
 * travel as greyscale PGM. A read whose signal aborts leaves the queue, or,
 * if it is running, ends its worker (Tesseract cannot stop half way).
 *
 * @param options - pool size, languages, and how to start a worker in this runtime
 * @returns the pool; `dispose()` ends its workers
 * @throws GlossaError `INVALID_INPUT` for a pool size that is not a positive integer
 * @example
 * ```ts
 * const pool = createTesseractPool({ workers: 2, startWorker: (lang) => createWorker(lang, OEM.LSTM_ONLY, { langPath }) });
 * const { text } = await pool.read(crop, { direction: 'vertical' });
 * await pool.dispose();
 * ```
 */
export function createTesseractPool(options: TesseractPoolOptions): TesseractPool {
  const size = options?.workers;
  if (!Number.isInteger(size) || size < 1) {
    throw invalidParameter('workers', 'a positive integer', size);
  }
  const languages: Record<TextDirection, string> = { ...DEFAULT_TESSERACT_LANGUAGES, ...options.languages };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  /** Running reads, each with what rejects it (when the pool is disposed under it). */
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

  const start = (job: Job): Slot => {
    const worker = (async () => {
      const w = await options.startWorker(job.lang);
      await w.setParameters({ tessedit_pageseg_mode: PAGE_SEGMENTATION[job.direction] });
      return w;
    })();
    const slot: Slot = { key: job.key, worker, busy: false };
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
      let slot = slots.find((s) => !s.busy && s.key === job.key);
      if (!slot && slots.length >= size) {
        // A worker of another language that nothing waits for makes room.
        const idle = slots.find((s) => !s.busy && !queue.some((q) => q.key === s.key));
        if (idle) retire(idle);
      }
      if (!slot && slots.length < size) slot = start(job);
      if (!slot) continue;
      queue.splice(i--, 1);
      run(slot, job);
    }
  };

  const run = (slot: Slot, job: Job) => {
    slot.busy = true;
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
        ({ data }) => finish(() => job.resolve({ text: cleanText(data.text, job.lang), score: Math.max(0, Math.min(1, data.confidence / 100)) })),
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

  const pool: TesseractPool = {
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
        const lang = languages[direction];
        const job: Job = {
          key: `${lang}/${direction}`,
          lang,
          direction,
          image,
          signal,
          resolve,
          reject,
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
      return pool.dispose();
    },
  };
  return pool;
}

/** Tesseract's text as a block reading: no spaces between CJK glyphs, no CJK noise symbols; other scripts on one line. */
function cleanText(text: string, lang: string): string {
  return UNSPACED.test(lang) ? text.replace(/\s+/gu, '').replace(CJK_NOISE, '') : text.replace(/\s*\n\s*/g, ' ').trim();
}

function aborted(signal: AbortSignal | undefined): GlossaError {
  return new GlossaError('ABORTED', 'The read was aborted', { cause: signal?.reason });
}

function toReadError(cause: unknown, lang: string): GlossaError {
  if (cause instanceof GlossaError) return cause;
  return new GlossaError('INFERENCE_FAILED', `Tesseract (${lang}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}
