import { GlossaError, invalidParameter, throwIfAborted, toGlossaError, type ModelProgress } from '@glossa/core';

/**
 * The Cache Storage bucket model files are kept in. The version suffix changes
 * when the stored layout changes, so an old bucket is never read by new code.
 *
 * @example
 * ```ts
 * await caches.delete(MODEL_CACHE_NAME); // forget every downloaded model
 * ```
 */
export const MODEL_CACHE_NAME = 'glossa-models-v1';

export type { ModelProgress } from '@glossa/core';

/**
 * Options of {@link fetchModel}.
 *
 * @example
 * ```ts
 * const options: FetchModelOptions = { cache: true, onProgress: (p) => bar.update(p.done / (p.total ?? 1)) };
 * ```
 */
export interface FetchModelOptions {
  /**
   * Keep the file in Cache Storage and read it from there next time (default
   * `true`); a string names another cache bucket than {@link MODEL_CACHE_NAME}.
   * Ignored where Cache Storage is unavailable (insecure origins).
   */
  cache?: boolean | string;
  /** The `fetch` to use; default the global one (inject one to add headers or auth). */
  fetch?: typeof fetch;
  /** Receives download progress. */
  onProgress?: (progress: ModelProgress) => void;
  /** Cancels the download. */
  signal?: AbortSignal;
}

/**
 * Loads a model file from a URL the app configures, through Cache Storage: the
 * first visit downloads it (with progress) and stores it, later visits read it
 * from the cache, offline too. A file is stored only once it has arrived
 * whole, so an interrupted download never leaves a truncated model behind.
 *
 * @param url - absolute or page-relative URL of the model
 * @param options - cache bucket, fetch, progress and cancellation
 * @returns the file's bytes
 * @throws GlossaError `MODEL_NOT_FOUND` on HTTP 404, `DOWNLOAD_FAILED` on other HTTP or network errors, `ABORTED`
 * @example
 * ```ts
 * const bytes = await fetchModel('/models/ch_PP-OCRv4_det_infer.onnx', {
 *   onProgress: ({ done, total }) => console.log(`${done} of ${total ?? '?'} bytes`),
 * });
 * ```
 */
export async function fetchModel(url: string, options: FetchModelOptions = {}): Promise<Uint8Array> {
  if (typeof url !== 'string' || url.length === 0) {
    throw invalidParameter('url', 'a non-empty URL string', url);
  }
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const key = new URL(url, globalThis.location?.href).href;
  const cache = await openCache(options.cache);

  const hit = await cache?.match(key);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    onProgress?.({ stage: 'model', url, done: bytes.byteLength, total: bytes.byteLength, cached: true });
    return bytes;
  }

  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(key, { signal });
  } catch (error) {
    throw toGlossaError(error, 'DOWNLOAD_FAILED', `Could not download the model ${url}`);
  }
  if (!response.ok) {
    throw new GlossaError(
      response.status === 404 ? 'MODEL_NOT_FOUND' : 'DOWNLOAD_FAILED',
      `Could not download the model ${url}: HTTP ${response.status} ${response.statusText}`.trim(),
      { details: { status: response.status, url } },
    );
  }
  // A compressed response's Content-Length counts compressed bytes, not what the body yields.
  const length = response.headers.get('content-encoding') ? NaN : Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const bytes = await readBody(response, url, total, options);

  if (cache) {
    try {
      await cache.put(
        key,
        new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) } }),
      );
    } catch {
      // Quota exceeded or storage disabled (private mode): the model still
      // works this visit; it will simply be downloaded again next time.
    }
  }
  return bytes;
}

/**
 * Removes every cached model file.
 *
 * @param name - the bucket; default {@link MODEL_CACHE_NAME}
 * @returns whether a bucket existed
 * @example
 * ```ts
 * settingsButton.onclick = () => clearModelCache();
 * ```
 */
export async function clearModelCache(name: string = MODEL_CACHE_NAME): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  return caches.delete(name);
}

async function openCache(option: boolean | string | undefined): Promise<Cache | undefined> {
  if (option === false || typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(typeof option === 'string' ? option : MODEL_CACHE_NAME);
  } catch {
    // Some browsers throw on opaque or storage-partitioned origins; run uncached.
    return undefined;
  }
}

async function readBody(response: Response, url: string, total: number | undefined, options: FetchModelOptions): Promise<Uint8Array<ArrayBuffer>> {
  const { signal, onProgress } = options;
  const emit = (done: number) => onProgress?.({ stage: 'model', url, done, total, cached: false });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    emit(bytes.byteLength);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  emit(0);
  try {
    for (;;) {
      throwIfAborted(signal);
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.byteLength;
      emit(done);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw toGlossaError(error, 'DOWNLOAD_FAILED', `Download of the model ${url} was interrupted`);
  }
  if (total !== undefined && done !== total) {
    throw new GlossaError('DOWNLOAD_FAILED', `Download of the model ${url} was truncated: ${done} of ${total} bytes`, {
      details: { url },
    });
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
