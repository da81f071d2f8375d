import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlossaError, toGlossaError, throwIfAborted, type InferenceBackend, type ModelSource } from '@glossa/core';
import * as ort from 'onnxruntime-node';

/** Devices a Node session can run on. `auto` tries CUDA, then CPU. */
export const NODE_DEVICES = ['auto', 'cpu', 'cuda'] as const;

/** One of {@link NODE_DEVICES}. */
export type NodeDevice = (typeof NODE_DEVICES)[number];

/** Options of {@link createNodeBackend}. */
export interface NodeBackendOptions {
  /** `auto` (default) tries CUDA and falls back to CPU with one warning; `cuda` fails if CUDA cannot be used. */
  device?: NodeDevice;
  /** Threads per CPU session (intra-op); default: ONNX Runtime's choice (all physical cores). */
  threads?: number;
  /**
   * Let idle ONNX Runtime CPU threads spin-wait for work; default false. Spinning
   * saves microseconds on an idle machine but burns the cores that Glossa's
   * other stages (inpainting, rendering, the next page's OCR) need at the same time.
   */
  spinning?: boolean;
  /** Receives the one-line warning when `auto` falls back to CPU; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/**
 * An `InferenceBackend` on onnxruntime-node that caches sessions per
 * model path, so every model of the package is loaded once.
 */
export interface NodeBackend extends InferenceBackend {
  /** The device sessions run on: `cuda` or `cpu` (`undefined` until the first session exists). */
  readonly device: 'cpu' | 'cuda' | undefined;
  /** Releases every session created. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Creates the ONNX Runtime backend used by every model in `@glossa/node`.
 *
 * onnxruntime-node throws, rather than falls back, when the CUDA provider is
 * missing; with `device: 'auto'` this factory catches that once, warns once, and
 * keeps using CPU for every later session.
 *
 * @param options - device and threading
 * @example
 * ```ts
 * const backend = createNodeBackend({ device: 'auto' });
 * const session = await backend.createSession('/path/to/model.onnx');
 * // ... later
 * await backend.dispose();
 * ```
 */
export function createNodeBackend(options: NodeBackendOptions = {}): NodeBackend {
  const requested = options.device ?? 'auto';
  if (!(NODE_DEVICES as readonly string[]).includes(requested)) {
    throw new GlossaError('INVALID_INPUT', `Expected one of ${NODE_DEVICES.join(', ')} for device but received '${String(requested)}'`, {
      details: { field: 'device' },
    });
  }
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const cache = new Map<string | Uint8Array, Promise<ort.InferenceSession>>();
  // Settles on the first session: later sessions go straight to the device that worked.
  let device: 'cpu' | 'cuda' | undefined = requested === 'cpu' ? 'cpu' : undefined;
  let disposed = false;

  const sessionOptions = (provider: 'cpu' | 'cuda'): ort.InferenceSession.SessionOptions => ({
    executionProviders: provider === 'cuda' ? ['cuda'] : ['cpu'],
    graphOptimizationLevel: 'all',
    // A failed CUDA attempt logs a native error before throwing; the fallback
    // warning below is the one line users should see.
    ...(provider === 'cuda' && requested === 'auto' ? { logSeverityLevel: 4 as const } : {}),
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    ...(provider === 'cpu' && !options.spinning ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } : {}),
  });

  const open = (model: ModelSource, provider: 'cpu' | 'cuda') =>
    typeof model === 'string'
      ? ort.InferenceSession.create(model, sessionOptions(provider))
      : ort.InferenceSession.create(model, sessionOptions(provider));

  // The first session decides the device; later ones wait for that decision
  // instead of each trying CUDA (and each logging its failure).
  let decided: Promise<unknown> | undefined;

  async function load(model: ModelSource): Promise<ort.InferenceSession> {
    if (decided) await decided.catch(() => undefined);
    if (device === 'cpu') return open(model, 'cpu');
    if (device === 'cuda') return open(model, 'cuda');
    const attempt = tryCuda(model);
    decided = attempt;
    return attempt;
  }

  async function tryCuda(model: ModelSource): Promise<ort.InferenceSession> {
    const missing = cudaProviderMissing();
    if (missing && requested === 'cuda') {
      throw new GlossaError('UNSUPPORTED', `CUDA was requested but ${missing}. See docs/cuda.md, or use device 'auto' or 'cpu'.`, {
        details: { field: 'device' },
      });
    }
    if (missing) {
      warn(`glossa: CUDA is not available (${missing}); running on CPU. See docs/cuda.md.`);
      device = 'cpu';
      return open(model, 'cpu');
    }
    try {
      const session = await open(model, 'cuda');
      device = 'cuda';
      return session;
    } catch (error) {
      if (requested === 'cuda') {
        throw new GlossaError(
          'UNSUPPORTED',
          `CUDA was requested but ONNX Runtime could not use it (${firstLine(error)}). See docs/cuda.md, or use device 'auto' or 'cpu'.`,
          { cause: error, details: { field: 'device' } },
        );
      }
      warn(`glossa: CUDA is not available (${firstLine(error)}); running on CPU. See docs/cuda.md.`);
      device = 'cpu';
      return open(model, 'cpu');
    }
  }

  return {
    Tensor: ort.Tensor,
    get device() {
      return device;
    },
    async createSession(model, callOptions = {}) {
      if (disposed) throw new GlossaError('INVALID_INPUT', 'This backend was disposed; create a new one');
      throwIfAborted(callOptions.signal);
      let pending = cache.get(model);
      if (!pending) {
        pending = load(model).catch((error: unknown) => {
          cache.delete(model);
          if (error instanceof GlossaError) throw error;
          const where = typeof model === 'string' ? model : `${model.byteLength} bytes`;
          throw toGlossaError(error, 'MODEL_INVALID', `Could not load the ONNX model ${where}`);
        });
        cache.set(model, pending);
      }
      return pending;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const sessions = await Promise.allSettled(cache.values());
      cache.clear();
      await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)));
    },
  };
}

/**
 * Why CUDA cannot work, when that is visible without trying: onnxruntime-node
 * ships the CUDA provider only after its CUDA install step (skipped by default).
 * Trying anyway makes the native library print an error before it throws.
 */
function cudaProviderMissing(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32') return `no CUDA build of ONNX Runtime for ${process.platform}`;
  try {
    const binding = createRequire(import.meta.url).resolve('onnxruntime-node');
    const root = join(dirname(binding), '..');
    const dir = join(root, 'bin', 'napi-v6', process.platform, process.arch);
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return existsSync(join(dir, lib)) ? undefined : `the onnxruntime-node CUDA provider is not installed`;
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].slice(0, 160);
}
