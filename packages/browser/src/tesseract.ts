// Tesseract in the browser: core's worker pool (createTesseractPool) with
// workers started from tesseract.js's browser build. Every file comes from a
// URL the app serves (the worker script, tesseract.js-core's wasm, the
// traineddata); tesseract.js's CDN defaults are never used.
import { createTesseractPool, GlossaError, startTesseractWorker, type TesseractPool, type TextDirection } from '@glossa/core';
import { createWorker, OEM } from 'tesseract.js';
import { resolveTesseractUrls, type WebTesseractUrls } from './tesseract-urls.js';

export type { WebTesseractUrls } from './tesseract-urls.js';

/**
 * Options of {@link createWebTesseractReader}: the URLs, and the same pool
 * options as `createTesseractReader` in `@glossa/node`. Everything here
 * survives `postMessage`, so it can be part of `createBrowserGlossa`'s options.
 *
 * @example
 * ```ts
 * const options: WebTesseractReaderOptions = { ...urls, workers: 2 };
 * ```
 */
export interface WebTesseractReaderOptions extends WebTesseractUrls {
  /** Most workers alive at once, across languages. Default: `navigator.hardwareConcurrency`, at most {@link MAX_WEB_TESSERACT_WORKERS}. */
  workers?: number;
  /** Traineddata per text direction. Default `jpn_vert` for vertical blocks, `jpn` for horizontal ones. */
  languages?: Partial<Record<TextDirection, string>>;
  /**
   * Keep traineddata in IndexedDB after the first download (tesseract.js's
   * cache, keyed by language code), so later page loads skip it. Default
   * false: every worker fetches it from `langPath` (the browser's HTTP
   * cache applies).
   */
  cache?: boolean;
}

/**
 * The most workers {@link createWebTesseractReader} starts by default: each
 * holds its own wasm heap and copy of the language model, and a page's
 * bubbles rarely keep more busy.
 *
 * @example
 * ```ts
 * createWebTesseractReader({ ...urls, workers: Math.min(8, navigator.hardwareConcurrency) }); // more than the default
 * ```
 */
export const MAX_WEB_TESSERACT_WORKERS = 4;

/**
 * A Tesseract block reader in the browser, for the comic preset (vertical
 * Japanese with `jpn_vert`, horizontal with `jpn`, chosen per block by its
 * direction). It is core's `createTesseractPool` with workers from
 * tesseract.js's browser build: one pool of Web Workers shared by every page
 * read through it, started on first use; `dispose()` terminates them. A read
 * whose signal aborts leaves the queue, or ends its worker if running. Works
 * on the page and inside a Web Worker (the workers nest).
 *
 * @param options - the URLs of the worker script, wasm core and traineddata; pool size and languages
 * @returns the reader (a `TesseractPool`)
 * @throws GlossaError `INVALID_INPUT` when a URL is missing or the pool size is not a positive integer; reads reject with `MODEL_NOT_FOUND` when a language has no `langPath` or its traineddata URL answers an error status, `INFERENCE_FAILED` when Tesseract cannot load a file
 * @example
 * ```ts
 * import { createComicOcr } from '@glossa/core';
 * const reader = createWebTesseractReader({ workerPath: '/tesseract/worker.min.js', corePath: '/tesseract-core/', langPath: '/tessdata/' });
 * const ocr = createComicOcr({ detector: await createWebOcr({ models }), reader });
 * const lines = await ocr.recognize(image);
 * await reader.dispose();
 * ```
 */
export function createWebTesseractReader(options: WebTesseractReaderOptions): TesseractPool {
  const { workerPath, corePath, langPath } = resolveTesseractUrls(options);
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
  return createTesseractPool({
    workers: options.workers ?? Math.min(MAX_WEB_TESSERACT_WORKERS, cores),
    languages: options.languages,
    startWorker: async (lang) => {
      const folder = typeof langPath === 'string' ? langPath : langPath[lang];
      if (typeof folder !== 'string' || folder === '') {
        throw new GlossaError('MODEL_NOT_FOUND', `No traineddata URL for Tesseract language '${lang}': add it to langPath (the file is in the npm package @tesseract.js-data/${lang})`, {
          details: { field: 'langPath', language: lang },
        });
      }
      await checkServed(`${folder.replace(/\/$/, '')}/${lang}.traineddata.gz`, lang);
      // workerBlobURL: false starts the worker from the app's URL itself, not
      // from a blob: URL that imports it, so a Content-Security-Policy with
      // worker-src 'self' allows it.
      return startTesseractWorker(lang, (errorHandler) =>
        createWorker(lang, OEM.LSTM_ONLY, { workerPath, corePath, langPath: folder, workerBlobURL: false, gzip: true, cacheMethod: options.cache ? 'write' : 'none', errorHandler }),
      );
    },
  });
}

/**
 * Fails with `MODEL_NOT_FOUND` when the traineddata URL answers an error
 * status: a tesseract.js worker whose language does not load cannot be ended,
 * so this is asked (a HEAD request) before starting one. A network failure
 * is left to the worker, which may have the file in its cache.
 */
async function checkServed(url: string, lang: string): Promise<void> {
  const response = await fetch(url, { method: 'HEAD' }).catch(() => undefined);
  if (response && !response.ok) {
    throw new GlossaError('MODEL_NOT_FOUND', `Tesseract traineddata for '${lang}' is not served at ${url} (HTTP ${response.status}); check langPath`, {
      details: { field: 'langPath', language: lang, url, status: response.status },
    });
  }
}
