import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createTesseractPool, GlossaError, startTesseractWorker, type TesseractPool, type TextDirection } from '@glossa/core';
import { createWorker, OEM } from 'tesseract.js';

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

/**
 * A `BlockReader` (from `@glossa/core`) on tesseract.js with a pool of
 * workers: core's `TesseractPool`, which the browser's reader is too.
 *
 * @example
 * ```ts
 * const reader: TesseractReader = createTesseractReader();
 * ```
 */
export type TesseractReader = TesseractPool;

/**
 * A Tesseract block reader on tesseract.js (WebAssembly, no native code):
 * vertical Japanese with `jpn_vert` (page segmentation "single block of
 * vertical text"), horizontal with `jpn` ("single block"). Traineddata comes
 * from the `@tesseract.js-data/*` npm packages on disk; the wasm core from
 * `tesseract.js-core`: nothing is downloaded. One pool of workers (core's
 * `createTesseractPool`) is shared by every page read through this reader,
 * each worker bound to one language, started on demand up to `workers`; a
 * worker of an idle language gives way to a queued read in another.
 *
 * @param options - pool size, languages, traineddata folders
 * @returns a reader; call `dispose()` to end the workers
 * @throws GlossaError `MODEL_NOT_FOUND` (on the first read of a language) when its traineddata package is not installed or `langPaths` has no file for it; `INFERENCE_FAILED` when Tesseract cannot load the file
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
  return createTesseractPool({
    workers: options.workers ?? availableParallelism(),
    languages: options.languages,
    startWorker: async (lang) => {
      const langPath = options.langPaths?.[lang] ?? packageLangPath(lang);
      const file = join(langPath, `${lang}.traineddata.gz`);
      // Checked here: a worker whose traineddata is missing fails where it cannot be ended.
      if (!/^[a-z]+:\/\//i.test(langPath) && !existsSync(file)) {
        throw new GlossaError('MODEL_NOT_FOUND', `Tesseract traineddata for '${lang}' is not at ${file}; check langPaths`, {
          details: { field: 'langPaths', language: lang },
        });
      }
      return startTesseractWorker(lang, (errorHandler) => createWorker(lang, OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', errorHandler }));
    },
  });
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
