// One progress type for everything long Glossa does: a page moving through
// the pipeline's stages, a model file arriving in the browser, a model being
// pulled into Node's cache. Each member is told apart by `stage`.
import type { ProgressEvent } from './types.js';

/**
 * Progress of one model file: `done` and `total` are bytes (`total` is
 * `undefined` when the server sends no `Content-Length`); `cached` is true when
 * the bytes came from Cache Storage instead of the network.
 *
 * @example
 * ```ts
 * const onProgress = (p: ModelProgress) => console.log(p.url, p.done, '/', p.total ?? '?');
 * ```
 */
export interface ModelProgress {
  /** Always `'model'`, so model events can share a progress union with pipeline stages. */
  stage: 'model';
  /** The model URL. */
  url: string;
  /** Bytes received so far. */
  done: number;
  /** Expected size, when known. */
  total: number | undefined;
  /** The bytes came from Cache Storage. */
  cached: boolean;
}

/** A step of `pullModel` in `@glossa/node`, for progress bars. `done`/`total` are bytes of `file`. */
export interface PullProgress {
  /**
   * `check`: hashing a file already in the cache; `cached`: that file is good, no download;
   * `download`: bytes arriving; `verify`: the download finished and was checked; `retry`: a
   * network error, trying again.
   */
  stage: 'check' | 'cached' | 'download' | 'verify' | 'retry';
  /** Model id. */
  id: string;
  /** File name within the model. */
  file: string;
  /** Bytes done. */
  done: number;
  /** Bytes in all. */
  total: number;
  /** For `retry`: the attempt about to start (2 = first retry). */
  attempt?: number;
}

/**
 * Every progress event Glossa reports, told apart by `stage`: a pipeline
 * stage (`decode`...`encode`, {@link ProgressEvent}), a model file fetched in
 * the browser (`model`, {@link ModelProgress}), or a step of pulling a model
 * into Node's cache (`check`, `cached`, `download`, `verify`, `retry`,
 * {@link PullProgress}).
 *
 * @example
 * ```ts
 * const onProgress = (p: Progress) => {
 *   if (p.stage === 'model') bar.update(p.done / (p.total ?? p.done));
 *   else if ('page' in p) console.log(`page ${p.page}: ${p.stage} ${p.state}`);
 * };
 * ```
 */
export type Progress = ProgressEvent | ModelProgress | PullProgress;
