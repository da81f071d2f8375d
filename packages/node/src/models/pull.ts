import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GlossaError, abortedError, invalidParameter, throwIfAborted, toGlossaError, type PullProgress } from '@glossa/core';
import type { ModelFile } from './manifest.js';
import { modelLocation, verifyFile, type ModelStoreOptions, type ResolvedModel } from './store.js';
import { removeRecord, writeRecord } from './verified-record.js';

export type { PullProgress } from '@glossa/core';

/** Options of {@link pullModel}. */
export interface PullModelOptions extends ModelStoreOptions {
  /** Cancels the download; the partial file is removed. */
  signal?: AbortSignal;
  /** Called with every {@link PullProgress} step (often: once per network chunk). */
  onProgress?: (progress: PullProgress) => void;
  /** The `fetch` to use; default the global one. */
  fetch?: typeof globalThis.fetch;
  /**
   * A mirror to download from instead of the manifest URLs: files are fetched from
   * `<baseUrl>/<id>/<file>`. Default: `GLOSSA_MODELS_BASE_URL` when set, else the manifest URLs.
   */
  baseUrl?: string;
  /** Download again even when a verified copy is in the cache. Default false. */
  force?: boolean;
  /** Retries after a network error (not after a checksum mismatch or an HTTP 4xx). Default 2. */
  retries?: number;
  /** Fail when no byte arrives for this long, in ms. Default 60000. */
  stallTimeoutMs?: number;
}

/**
 * Downloads a model into the cache, verifying it before it is trusted.
 *
 * Each file streams into a uniquely named `*.partial` file beside its final
 * name while being hashed; only when its size and SHA-256 match the manifest is
 * it fsynced and atomically renamed into place. An interrupted, cancelled or
 * corrupted download removes its partial file and never produces a file with
 * the final name, so {@link resolveModel} never sees it. Partial files left by
 * a crashed process are ignored and cleaned up by the next pull. A file already
 * in the cache is re-hashed and kept when good, removed before the download when
 * not, so a failed pull never leaves a damaged file behind. A verified file's
 * size, mtime and hash are recorded beside it (`<file>.verified.json`).
 *
 * @param id - model id, e.g. `lama`
 * @param options - signal, progress, mirror, retries, cache folder
 * @returns the model's paths, as {@link resolveModel} gives them
 * @throws GlossaError `DOWNLOAD_FAILED` (network error, HTTP error, interrupted transfer; `details.status`
 *   holds the HTTP status), `MODEL_INVALID` (size or SHA-256 mismatch), `ABORTED`, `INVALID_INPUT` (unknown id)
 * @example
 * ```ts
 * const lama = await pullModel('lama', {
 *   onProgress: (p) => p.stage === 'download' && process.stderr.write(`\r${((100 * p.done) / p.total).toFixed(0)}%`),
 * });
 * console.log(lama.path);
 * ```
 */
export async function pullModel(id: string, options: PullModelOptions = {}): Promise<ResolvedModel> {
  const { entry, dir } = modelLocation(id, options);
  const retries = options.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) {
    throw invalidParameter('retries', 'a non-negative integer', retries);
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') {
    throw new GlossaError('UNSUPPORTED', 'No fetch() in this runtime; pass options.fetch', { details: { field: 'fetch' } });
  }
  const baseUrl = options.baseUrl ?? (process.env.GLOSSA_MODELS_BASE_URL?.trim() || undefined);
  throwIfAborted(options.signal);
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw toGlossaError(cause, 'DOWNLOAD_FAILED', `Could not create the model folder ${dir}`);
  }

  const files: Record<string, string> = {};
  for (const file of entry.files) {
    const path = join(dir, file.name);
    files[file.name] = path;
    const progress = (stage: PullProgress['stage'], done: number, attempt?: number) =>
      options.onProgress?.({ stage, id: entry.id, file: file.name, done, total: file.bytes, ...(attempt ? { attempt } : {}) });

    await removeStalePartials(dir, file.name);
    if (!options.force) {
      progress('check', 0);
      const existing = await verifyFile(path, file, options.signal);
      if (existing.status === 'ok') {
        progress('cached', file.bytes);
        continue;
      }
      // A damaged copy goes before the download: if the download fails, the
      // cache says "missing" (and `auto` falls back) rather than keeping bad bytes.
      await unlink(path).catch(() => undefined);
      await removeRecord(path);
    }
    const url = baseUrl ? mirrorUrl(baseUrl, entry.id, file.name) : file.url;
    for (let attempt = 1; ; attempt++) {
      try {
        await downloadVerified(url, path, file, doFetch, options, (done) => progress('download', done));
        progress('verify', file.bytes);
        break;
      } catch (error) {
        const failure = toGlossaError(error, 'DOWNLOAD_FAILED', `Downloading ${url} failed`);
        if (attempt > retries || !retryable(failure)) throw failure;
        progress('retry', 0, attempt + 1);
        await sleep(500 * 2 ** (attempt - 1), options.signal);
      }
    }
  }
  return { id: entry.id, dir, path: files[entry.files[0].name], files, entry };
}

/** Streams `url` into a temp file, hashing it; renames it to `path` only when it verifies. */
async function downloadVerified(
  url: string,
  path: string,
  file: ModelFile,
  doFetch: typeof globalThis.fetch,
  options: PullModelOptions,
  onBytes: (done: number) => void,
): Promise<void> {
  throwIfAborted(options.signal);
  // Unique per process and attempt: two pulls never write the same temp file,
  // and the pid lets a later pull tell a crashed download from a running one.
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  const stallMs = options.stallTimeoutMs ?? 60_000;
  let stallTimer: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(new Error(`no data for ${stallMs} ms`)), stallMs);
  };

  const handle = await open(temp, 'wx').catch((cause: unknown) => {
    throw toGlossaError(cause, 'DOWNLOAD_FAILED', `Could not write to the model folder (${temp})`);
  });
  let closed = false;
  try {
    armStall();
    let response: Response;
    try {
      response = await doFetch(url, { signal, redirect: 'follow' });
    } catch (cause) {
      throw networkError(cause, url, options.signal, stall.signal);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new GlossaError('DOWNLOAD_FAILED', `Downloading ${url} failed: HTTP ${response.status} ${response.statusText}`.trim(), {
        details: { status: response.status },
      });
    }
    const hash = createHash('sha256');
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw networkError(cause, url, options.signal, stall.signal, received, file.bytes);
      }
      if (chunk.done) break;
      armStall();
      received += chunk.value.byteLength;
      if (received > file.bytes) {
        await reader.cancel().catch(() => undefined);
        throw new GlossaError('MODEL_INVALID', `${url} sent more than the expected ${file.bytes} bytes; the file is not the one the manifest pins`);
      }
      hash.update(chunk.value);
      await handle.write(chunk.value);
      onBytes(received);
    }
    if (received !== file.bytes) {
      throw new GlossaError('DOWNLOAD_FAILED', `The download of ${url} ended after ${received} of ${file.bytes} bytes`);
    }
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256) {
      throw new GlossaError(
        'MODEL_INVALID',
        `${url} has SHA-256 ${sha256}, but the manifest pins ${file.sha256}; the file was not kept`,
        { details: { expected: file.sha256, actual: sha256 } },
      );
    }
    await handle.sync();
    await handle.close();
    closed = true;
    throwIfAborted(options.signal);
    await rename(temp, path);
    await writeRecord(path, sha256);
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(stallTimer);
  }
}

function networkError(
  cause: unknown,
  url: string,
  userSignal: AbortSignal | undefined,
  stallSignal: AbortSignal,
  received?: number,
  expected?: number,
): GlossaError {
  if (userSignal?.aborted) return abortedError(userSignal);
  const where = received === undefined ? '' : ` after ${received} of ${expected} bytes`;
  const why = stallSignal.aborted
    ? String((stallSignal.reason as Error)?.message ?? 'stalled')
    : describeCause(cause);
  return new GlossaError('DOWNLOAD_FAILED', `Downloading ${url} failed${where}: ${why}`, { cause });
}

function describeCause(cause: unknown): string {
  // undici puts the useful part (ECONNREFUSED, "other side closed") in `cause`.
  const outer = (cause as Error)?.message ?? String(cause);
  const inner = (cause as { cause?: { message?: string; code?: string } })?.cause;
  return inner ? `${outer} (${inner.code ?? inner.message})` : outer;
}

function retryable(error: GlossaError): boolean {
  if (error.code !== 'DOWNLOAD_FAILED') return false;
  const status = error.details.status;
  return typeof status !== 'number' || status >= 500 || status === 429 || status === 408;
}

function mirrorUrl(baseUrl: string, id: string, name: string): string {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch (cause) {
    throw new GlossaError('INVALID_INPUT', `Expected an http(s) URL for baseUrl but received '${baseUrl}'`, {
      cause,
      details: { field: 'baseUrl' },
    });
  }
  return new URL(`${encodeURIComponent(id)}/${encodeURIComponent(name)}`, base).href;
}

/** Removes `<name>.<pid>-<hex>.partial` files whose process is gone or that are a day old. */
async function removeStalePartials(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  const prefix = `${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.partial')) continue;
    const match = /^(\d+)-[0-9a-f]+\.partial$/.exec(entry.slice(prefix.length));
    const full = join(dir, entry);
    const pid = match ? Number(match[1]) : undefined;
    let stale = pid === undefined || (pid !== process.pid && !processAlive(pid));
    if (!stale) {
      const s = await stat(full).catch(() => undefined);
      stale = !!s && Date.now() - s.mtimeMs > 24 * 3600 * 1000;
    }
    if (stale) await unlink(full).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
