/**
 * Stable error codes carried by every {@link GlossaError}. Callers branch on
 * the code, never on the message: messages may be reworded, codes may not.
 *
 * @example
 * ```ts
 * try { await translateImage(file, { to: 'ko' }); }
 * catch (err) {
 *   if (isGlossaError(err) && err.code === 'IMAGE_TOO_LARGE') showResizeHint();
 * }
 * ```
 */
export const ERROR_CODES = [
  /** An argument or document is malformed (wrong type, out of range, missing field). */
  'INVALID_INPUT',
  /** An image exceeds the pixel or byte limit. */
  'IMAGE_TOO_LARGE',
  /** The bytes are not an image format Glossa can decode, or are truncated/corrupt. */
  'UNSUPPORTED_FORMAT',
  /** A model file is missing from the cache or the given path. */
  'MODEL_NOT_FOUND',
  /** A model file failed to load or its checksum does not match. */
  'MODEL_INVALID',
  /** Downloading a model failed (network error, interrupted transfer). */
  'DOWNLOAD_FAILED',
  /** Inference with an ONNX model failed. */
  'INFERENCE_FAILED',
  /** The translator plugin failed or returned an unusable reply. */
  'TRANSLATOR_FAILED',
  /** A stage took longer than its timeout. */
  'TIMEOUT',
  /** The operation was cancelled through an `AbortSignal`. */
  'ABORTED',
  /** The engine, backend or plugin was disposed; create a new one. */
  'DISPOSED',
  /** A requested device or feature is not available in this runtime. */
  'UNSUPPORTED',
  /** A bug or an unexpected state inside Glossa. */
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type GlossaErrorCode = (typeof ERROR_CODES)[number];

/** Extra, machine-readable facts attached to a {@link GlossaError}. */
export interface GlossaErrorDetails {
  /** The offending parameter or document path, e.g. `blocks[2].polygon`. */
  readonly field?: string;
  /** The HTTP status of a failed remote call. */
  readonly status?: number;
  /** The pipeline stage that failed. */
  readonly stage?: string;
  /** Anything else worth logging; never secrets. */
  readonly [key: string]: unknown;
}

/**
 * The one error type Glossa throws across package boundaries.
 *
 * @example
 * ```ts
 * throw new GlossaError('INVALID_INPUT', 'Expected a positive integer for width but received -1', {
 *   details: { field: 'width' },
 * });
 * ```
 */
export class GlossaError extends Error {
  /** The stable code; see {@link ERROR_CODES}. */
  readonly code: GlossaErrorCode;
  /** Machine-readable context (field, status, stage...). */
  readonly details: GlossaErrorDetails;

  /**
   * @param code - stable code of the failure
   * @param message - what went wrong and, where possible, what the user can do
   * @param options - `cause` (the underlying error) and `details`
   */
  constructor(
    code: GlossaErrorCode,
    message: string,
    options: { cause?: unknown; details?: GlossaErrorDetails } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GlossaError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain object for logs and JSON output: `{code, message, ...details}`. */
  toJSON(): { code: GlossaErrorCode; message: string } & GlossaErrorDetails {
    return { ...this.details, code: this.code, message: this.message };
  }
}

/**
 * True when `value` is a {@link GlossaError} (also across bundle copies, by duck typing).
 *
 * @example
 * ```ts
 * if (isGlossaError(err)) console.error(err.code);
 * ```
 */
export function isGlossaError(value: unknown): value is GlossaError {
  return (
    value instanceof GlossaError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'GlossaError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * Wraps any thrown value as a {@link GlossaError}, keeping a `GlossaError` as is.
 * An `AbortError` becomes `ABORTED`.
 *
 * @param error - what was thrown
 * @param code - the code to use when `error` is not already a GlossaError
 * @param message - prefix for the message
 * @example
 * ```ts
 * try { await session.run(feeds); } catch (e) { throw toGlossaError(e, 'INFERENCE_FAILED', 'Detection failed'); }
 * ```
 */
export function toGlossaError(error: unknown, code: GlossaErrorCode = 'INTERNAL', message?: string): GlossaError {
  if (isGlossaError(error)) return error;
  if (isAbortError(error)) return abortedError(undefined, error);
  const text = error instanceof Error ? error.message : String(error);
  return new GlossaError(code, message ? `${message}: ${text}` : text, { cause: error });
}

/** @internal */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' || (error as { code?: unknown }).code === 'ABORTED')
  );
}

/**
 * Throws `GlossaError('ABORTED')` when `signal` is aborted. Call it between
 * stages, tiles and batches.
 *
 * @param signal - the caller's signal, if any
 * @example
 * ```ts
 * for (const tile of tiles) { throwIfAborted(signal); await run(tile); }
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/**
 * The one `ABORTED` error: every cancellation in Glossa is built here, so
 * they read the same and carry the signal's reason as `cause`.
 *
 * @param signal - the signal that aborted, if any
 * @param cause - what was thrown instead, when there is no signal (an `AbortError`)
 * @example
 * ```ts
 * signal.addEventListener('abort', () => reject(abortedError(signal)), { once: true });
 * ```
 */
export function abortedError(signal?: AbortSignal, cause?: unknown): GlossaError {
  const reason = signal?.reason ?? cause;
  return new GlossaError('ABORTED', 'The operation was aborted', reason === undefined ? {} : { cause: reason });
}

/**
 * The `DISPOSED` error of something used after `dispose()`.
 *
 * @param what - what was disposed, as the message names it (`This Glossa engine`)
 * @example
 * ```ts
 * if (disposed) throw disposedError('This backend');
 * ```
 */
export function disposedError(what: string): GlossaError {
  return new GlossaError('DISPOSED', `${what} was disposed; create a new one`);
}
