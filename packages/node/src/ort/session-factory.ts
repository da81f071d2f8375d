import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlossaError, createSessionCache, sessionFailure, type SessionCache } from '@glossa/core';
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
 * model path, so every model of the package is loaded once. `device` is
 * `cuda` or `cpu` once the first session exists.
 */
export type NodeBackend = SessionCache<'cpu' | 'cuda'>;

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

  const sessionOptions = (provider: 'cpu' | 'cuda'): ort.InferenceSession.SessionOptions => ({
    executionProviders: provider === 'cuda' ? ['cuda'] : ['cpu'],
    graphOptimizationLevel: 'all',
    // A failed CUDA attempt logs a native error before throwing; the fallback
    // warning below is the one line users should see.
    ...(provider === 'cuda' && requested === 'auto' ? { logSeverityLevel: 4 as const } : {}),
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    ...(provider === 'cpu' && !options.spinning ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } : {}),
  });

  return createSessionCache<'cpu' | 'cuda'>({
    Tensor: ort.Tensor,
    devices: requested === 'auto' ? ['cuda', 'cpu'] : [requested],
    open: (model, device) =>
      typeof model === 'string'
        ? ort.InferenceSession.create(model, sessionOptions(device))
        : ort.InferenceSession.create(model, sessionOptions(device)),
    probe: (device) => (device === 'cuda' ? cudaProviderMissing() : undefined),
    onFallback: (_device, failures) => warn(`glossa: CUDA is not available (${failures[0].reason.slice(0, 160)}); running on CPU. See docs/cuda.md.`),
    failure: (model, failures) => {
      const cuda = failures.find((f) => f.device === 'cuda');
      if (requested === 'cuda' && cuda) {
        const why = cuda.probed ? cuda.reason : `ONNX Runtime could not use it (${cuda.reason.slice(0, 160)})`;
        return new GlossaError('UNSUPPORTED', `CUDA was requested but ${why}. See docs/cuda.md, or use device 'auto' or 'cpu'.`, {
          cause: cuda.error,
          details: { field: 'device' },
        });
      }
      return sessionFailure(model, failures);
    },
  });
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
