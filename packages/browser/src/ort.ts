import { GlossaError, invalidParameter, createSessionCache, type ModelSource, type SessionCache } from '@glossa/core';
import * as ort from 'onnxruntime-web';
import { fetchModel, type ModelProgress } from './cache.js';

/**
 * Devices a browser session can run on. `auto` prefers WebGPU on a hardware
 * adapter and falls back to wasm (CPU).
 *
 * @example
 * ```ts
 * select.append(...WEB_DEVICES.map((d) => new Option(d)));
 * ```
 */
export const WEB_DEVICES = ['auto', 'webgpu', 'wasm'] as const;

/** One of {@link WEB_DEVICES}. @example `const device: WebDevice = 'auto';` */
export type WebDevice = (typeof WEB_DEVICES)[number];

/** A device a session actually runs on. @example `const used: WebExecutionDevice = backend.device ?? 'wasm';` */
export type WebExecutionDevice = 'webgpu' | 'wasm';

/**
 * Options of {@link createWebBackend}.
 *
 * @example
 * ```ts
 * const options: WebBackendOptions = { device: ['webgpu', 'wasm'], wasmPaths: '/ort/' };
 * ```
 */
export interface WebBackendOptions {
  /**
   * `auto` (default): WebGPU when `navigator.gpu.requestAdapter()` yields a
   * hardware adapter, else wasm. A software ("fallback") adapter such as
   * SwiftShader is slower than wasm, so `auto` passes over it; ask for
   * `'webgpu'` to use it anyway. An array is an ordered preference: each
   * device is tried in turn and, if none works, one error lists every failure.
   */
  device?: WebDevice | readonly WebExecutionDevice[];
  /**
   * Where onnxruntime-web's `.wasm`/`.mjs` files are served: a URL prefix
   * ending in `/`, or explicit file URLs. Default: next to the bundled
   * onnxruntime-web script (bundlers such as Vite emit them as assets); never a CDN.
   * Read once, when the first session of the page or worker is created.
   */
  wasmPaths?: string | { mjs?: string; wasm?: string };
  /** wasm threads; default ONNX Runtime's choice (1 unless the page is cross-origin isolated). */
  numThreads?: number;
  /**
   * Models that must run on wasm even when WebGPU was picked (a URL, or a
   * predicate on it), for models whose WebGPU kernels give wrong results.
   */
  wasmOnly?: readonly string[] | ((model: string) => boolean);
  /** Keep model files in Cache Storage (default `true`), or the name of a bucket to use. */
  cache?: boolean | string;
  /** The `fetch` used for model files; default the global one. */
  fetch?: typeof fetch;
  /** Receives model download progress. */
  onProgress?: (progress: ModelProgress) => void;
}

/**
 * An `InferenceBackend` on onnxruntime-web that caches one session per model;
 * `device` is the device the first session settled on.
 *
 * @example
 * ```ts
 * const backend: WebBackend = createWebBackend();
 * await backend.createSession('/models/det.onnx');
 * console.log(backend.device); // 'webgpu' or 'wasm'
 * ```
 */
export type WebBackend = SessionCache<WebExecutionDevice>;

/**
 * Creates the ONNX Runtime backend for the browser (window or worker). Model
 * sources are URLs the app serves (fetched through Cache Storage, see
 * {@link fetchModel}) or the model bytes.
 *
 * @param options - device preference, wasm file location, caching, progress
 * @throws GlossaError `INVALID_INPUT` for a bad option; `createSession` throws `UNSUPPORTED` (listing why each device failed), `MODEL_NOT_FOUND`, `DOWNLOAD_FAILED`, `MODEL_INVALID` or `ABORTED`
 * @example
 * ```ts
 * const backend = createWebBackend({ device: 'auto', wasmPaths: '/ort/' });
 * const session = await backend.createSession('/models/ch_PP-OCRv4_det_infer.onnx');
 * // ...
 * await backend.dispose();
 * ```
 */
export function createWebBackend(options: WebBackendOptions = {}): WebBackend {
  const preference = resolvePreference(options.device ?? 'auto');
  const auto = options.device === undefined || options.device === 'auto';
  if (options.numThreads !== undefined && !(Number.isInteger(options.numThreads) && options.numThreads >= 1 && options.numThreads <= 64)) {
    throw invalidParameter('numThreads', 'integer between 1 and 64', options.numThreads);
  }
  const wasmOnly = options.wasmOnly;
  const pinned = (model: ModelSource): boolean =>
    typeof model === 'string' && wasmOnly !== undefined && (typeof wasmOnly === 'function' ? wasmOnly(model) : wasmOnly.includes(model));

  configureEnv(options);

  return createSessionCache<WebExecutionDevice>({
    Tensor: ort.Tensor,
    devices: preference,
    // A model that fails on WebGPU after another worked there still gets wasm.
    settle: 'first',
    open: (bytes, device) =>
      ort.InferenceSession.create(bytes as Uint8Array, {
        executionProviders: [device],
        graphOptimizationLevel: 'all',
        // ORT logs a warning for every node it leaves on the CPU; that is expected here.
        logSeverityLevel: 3,
      }),
    fetch: (model, { signal }) =>
      typeof model === 'string' ? fetchModel(model, { cache: options.cache, fetch: options.fetch, onProgress: options.onProgress, signal }) : Promise.resolve(model),
    probe: (device) => (device === 'webgpu' ? probeWebGpu(auto) : undefined),
    devicesFor: (model, devices) => (pinned(model) ? devices.filter((d) => d === 'wasm') : devices),
  });
}

function resolvePreference(device: unknown): WebExecutionDevice[] {
  if (device === 'auto') return ['webgpu', 'wasm'];
  if (device === 'webgpu' || device === 'wasm') return [device];
  if (Array.isArray(device) && device.length > 0 && device.every((d) => d === 'webgpu' || d === 'wasm')) {
    return [...new Set(device as WebExecutionDevice[])];
  }
  throw new GlossaError(
    'INVALID_INPUT',
    `Expected one of ${WEB_DEVICES.join(', ')} or a non-empty array of webgpu, wasm for device but received ${JSON.stringify(device)}`,
    { details: { field: 'device' } },
  );
}

/** Sets ORT's process-wide flags, which it reads when the first session is created. */
function configureEnv(options: WebBackendOptions): void {
  if (options.wasmPaths !== undefined) {
    const paths = options.wasmPaths;
    if (typeof paths === 'string') ort.env.wasm.wasmPaths = absolute(paths);
    else ort.env.wasm.wasmPaths = { mjs: paths.mjs && absolute(paths.mjs), wasm: paths.wasm && absolute(paths.wasm) };
  }
  if (options.numThreads !== undefined) ort.env.wasm.numThreads = options.numThreads;
}

// ORT resolves relative paths against its own script, which after bundling is
// rarely what the app meant; resolve against the page (or worker) instead.
function absolute(url: string): string {
  return new URL(url, globalThis.location?.href).href;
}

/** Why WebGPU cannot be used here, or `undefined` when it can. */
async function probeWebGpu(auto: boolean): Promise<string | undefined> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return 'navigator.gpu is missing (no WebGPU in this browser, or the page is not a secure context)';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'navigator.gpu.requestAdapter() returned no adapter';
    if (auto && adapter.info?.isFallbackAdapter) return 'only a software (fallback) adapter is available, which is slower than wasm';
    return undefined;
  } catch (error) {
    return `requestAdapter() failed: ${firstLine(error)}`;
  }
}

/** The part of `GPUAdapter` read here (the WebGPU types are not in TypeScript's DOM lib). @internal */
interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].slice(0, 200);
}
