// The URLs of tesseract.js's files as the app serves them: checked, and made
// absolute. Apart from tesseract.ts so the page side (createBrowserGlossa)
// checks them without bundling tesseract.js.
import { GlossaError } from '@glossa/core';

/**
 * Where the app serves tesseract.js's files. Relative URLs are resolved
 * against the page (or, in a worker, the worker script).
 *
 * @example
 * ```ts
 * const urls: WebTesseractUrls = {
 *   workerPath: '/tesseract/worker.min.js',     // node_modules/tesseract.js/dist/worker.min.js
 *   corePath: '/tesseract-core/',               // node_modules/tesseract.js-core/
 *   langPath: { jpn: '/tessdata/jpn/', jpn_vert: '/tessdata/jpn_vert/' },
 * };
 * ```
 */
export interface WebTesseractUrls {
  /** tesseract.js's worker script, `dist/worker.min.js` of the `tesseract.js` package. */
  workerPath: string;
  /**
   * The folder of the `tesseract.js-core` package's files (the worker picks
   * the build this browser supports: SIMD, relaxed SIMD or plain wasm), or
   * one of its `tesseract-core*.wasm.js` files to pin a build.
   */
  corePath: string;
  /**
   * The folder serving `<code>.traineddata.gz` for every language, or one
   * folder per language code. The files are in the `@tesseract.js-data/<code>`
   * packages (`4.0.0/<code>.traineddata.gz`, the data `@glossa/node` reads).
   */
  langPath: string | Readonly<Record<string, string>>;
}

/**
 * Checks that `options` holds the three URLs a browser Tesseract reader
 * needs, and makes them absolute against this document (or worker script):
 * tesseract's workers resolve nothing themselves, and a Glossa worker would
 * resolve a relative URL against its own script rather than the page.
 *
 * @param options - the URLs
 * @param field - the option's name in error messages
 * @throws GlossaError `INVALID_INPUT` naming the missing URL
 * @internal
 */
export function resolveTesseractUrls<T extends Partial<WebTesseractUrls>>(options: T | undefined, field = 'options'): T & WebTesseractUrls {
  const missing = (['workerPath', 'corePath', 'langPath'] as const).filter((key) => {
    const value = options?.[key];
    return !(typeof value === 'string' ? value !== '' : key === 'langPath' && typeof value === 'object' && value !== null);
  });
  if (missing.length > 0) {
    throw new GlossaError(
      'INVALID_INPUT',
      `Tesseract in the browser needs the URLs the app serves its files from; ${missing.map((k) => `${field}.${k}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. ` +
        'Serve tesseract.js/dist/worker.min.js (workerPath), the tesseract.js-core folder (corePath) and the @tesseract.js-data traineddata (langPath); see docs/comics.md',
      { details: { field: `${field}.${missing[0]}` } },
    );
  }
  const { workerPath, corePath, langPath } = options as WebTesseractUrls;
  return {
    ...options!,
    workerPath: absoluteUrl(workerPath),
    corePath: absoluteUrl(corePath),
    langPath: typeof langPath === 'string' ? absoluteUrl(langPath) : Object.fromEntries(Object.entries(langPath).map(([code, url]) => [code, absoluteUrl(url)])),
  };
}

function absoluteUrl(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return base ? new URL(url, base).href : url;
}
