// One ONNX session per model, each opened on the first device of a
// preference order that works. Node (CUDA then CPU) and the browser (WebGPU
// then wasm) share this; each supplies only how to open a session on a device.
import { GlossaError, disposedError, throwIfAborted, toGlossaError } from '../errors.js';
import type { InferenceSession } from 'onnxruntime-common';
import type { CallOptions, InferenceBackend, ModelSource, TensorConstructor } from '../plugins.js';

/**
 * Why one device could not open a model.
 *
 * @example
 * ```ts
 * const failure: DeviceFailure = { device: 'webgpu', reason: 'navigator.gpu is missing', probed: true };
 * ```
 */
export interface DeviceFailure<D extends string = string> {
  /** The device. */
  device: D;
  /** One line saying why. */
  reason: string;
  /** True when the device was ruled out by `probe` without trying to open the model. */
  probed: boolean;
  /** What opening the model threw, when it was tried. */
  error?: unknown;
}

/**
 * What a runtime supplies to {@link createSessionCache}.
 *
 * @example
 * ```ts
 * const options: SessionCacheOptions<'cpu'> = {
 *   Tensor: ort.Tensor,
 *   devices: ['cpu'],
 *   open: (model) => ort.InferenceSession.create(model),
 * };
 * ```
 */
export interface SessionCacheOptions<D extends string> {
  /** The runtime's Tensor class. */
  Tensor: TensorConstructor;
  /** Devices to try, most preferred first. */
  devices: readonly D[];
  /** Opens `model` on `device`; throws when the device cannot run it. */
  open(model: ModelSource, device: D): Promise<InferenceSession & { release(): Promise<void> }>;
  /** Why `device` cannot be used at all, found without opening a model (asked once per device), or `undefined` when it may work. */
  probe?(device: D): string | undefined | Promise<string | undefined>;
  /** Turns a model source into what `open` takes (the browser fetches a URL through its cache). Default: as is. */
  fetch?(model: ModelSource, options: CallOptions): Promise<ModelSource>;
  /** The devices a model may run on, from the ordered list to try (to pin a model to one device). Default: all. */
  devicesFor?(model: ModelSource, devices: readonly D[]): readonly D[];
  /**
   * `only` (default): once a session worked on a device, every later session
   * uses that device alone. `first`: it is tried first and the others after it.
   */
  settle?: 'only' | 'first';
  /** Called once, when the first session opened on a device after more preferred ones failed. */
  onFallback?(device: D, failures: readonly DeviceFailure<D>[]): void;
  /** The error for a model no device could open. Default: {@link sessionFailure}. */
  failure?(model: string, failures: readonly DeviceFailure<D>[]): GlossaError;
}

/**
 * An `InferenceBackend` that opens each model once, on the device the
 * preference order settled on.
 *
 * @example
 * ```ts
 * const backend: SessionCache<'cpu'> = createSessionCache({ Tensor: ort.Tensor, devices: ['cpu'], open });
 * ```
 */
export interface SessionCache<D extends string> extends InferenceBackend {
  /** The device the first session settled on (`undefined` before any session exists). */
  readonly device: D | undefined;
  /** Releases every session created. Idempotent; later `createSession` calls throw. */
  dispose(): Promise<void>;
}

/**
 * Creates a session cache over a runtime's `open(model, device)`: each model
 * is opened once (concurrent requests share the promise); the first session
 * walks the device preference order (devices that `probe` rules out are
 * skipped without trying) and later sessions wait for that decision, so a
 * missing accelerator is found, and reported, once.
 *
 * @param options - the runtime's Tensor, devices, `open` and hooks
 * @throws GlossaError `INVALID_INPUT` when there are no devices
 * @example
 * ```ts
 * const backend = createSessionCache({
 *   Tensor: ort.Tensor,
 *   devices: ['cuda', 'cpu'],
 *   open: (model, device) => ort.InferenceSession.create(model as string, { executionProviders: [device] }),
 *   onFallback: (device, failures) => console.warn(`running on ${device}: ${failures[0].reason}`),
 * });
 * const session = await backend.createSession('/models/det.onnx');
 * ```
 */
export function createSessionCache<D extends string>(options: SessionCacheOptions<D>): SessionCache<D> {
  if (!Array.isArray(options.devices) || options.devices.length === 0) {
    throw new GlossaError('INVALID_INPUT', 'Expected a non-empty list of devices for devices', { details: { field: 'devices' } });
  }
  const sessions = new Map<ModelSource, Promise<InferenceSession & { release(): Promise<void> }>>();
  const probes = new Map<D, Promise<string | undefined>>();
  const settle = options.settle ?? 'only';
  let settled: D | undefined;
  let fellBack = false;
  let disposed = false;
  // The first session decides the device; later ones wait for that decision
  // instead of each trying (and each logging the failure of) the same device.
  let deciding: Promise<unknown> | undefined;

  const probe = (device: D): Promise<string | undefined> => {
    let pending = probes.get(device);
    if (!pending) {
      pending = Promise.resolve(options.probe?.(device));
      probes.set(device, pending);
    }
    return pending;
  };

  async function load(model: ModelSource, call: CallOptions) {
    const source = options.fetch ? await options.fetch(model, call) : model;
    throwIfAborted(call.signal);
    if (deciding) await deciding.catch(() => undefined);
    const attempt = openOnFirstDevice(model, source);
    if (settled === undefined) deciding = attempt;
    return attempt;
  }

  async function openOnFirstDevice(model: ModelSource, source: ModelSource) {
    const preferred = settled === undefined ? options.devices : settle === 'only' ? [settled] : [settled, ...options.devices.filter((d) => d !== settled)];
    const order = options.devicesFor ? options.devicesFor(model, preferred) : preferred;
    const failures: DeviceFailure<D>[] = [];
    for (const device of order) {
      const unusable = await probe(device);
      if (unusable) {
        failures.push({ device, reason: unusable, probed: true });
        continue;
      }
      try {
        const session = await options.open(source, device);
        if (settled === undefined) {
          settled = device;
          if (failures.length > 0 && !fellBack) {
            fellBack = true;
            options.onFallback?.(device, failures);
          }
        }
        return session;
      } catch (error) {
        failures.push({ device, reason: firstLine(error), probed: false, error });
      }
    }
    throw (options.failure ?? sessionFailure)(describeModel(model), failures);
  }

  return {
    Tensor: options.Tensor,
    get device() {
      return settled;
    },
    async createSession(model, call = {}) {
      if (disposed) throw disposedError('This backend');
      throwIfAborted(call.signal);
      let pending = sessions.get(model);
      if (!pending) {
        pending = load(model, call).catch((error: unknown) => {
          sessions.delete(model);
          throw toGlossaError(error, 'MODEL_INVALID', `Could not load the ONNX model ${describeModel(model)}`);
        });
        sessions.set(model, pending);
      }
      return pending;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const all = await Promise.allSettled(sessions.values());
      sessions.clear();
      await Promise.all(all.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)));
    },
  };
}

/**
 * The default error for a model no device could open: `MODEL_INVALID` when
 * the CPU (`cpu` or `wasm`), tried last, failed to open it (the model is at
 * fault), otherwise `UNSUPPORTED` listing why each device failed.
 *
 * @param model - the model, as shown in messages (path, URL or size)
 * @param failures - why each device failed, in the order tried
 * @example
 * ```ts
 * throw sessionFailure('/models/det.onnx', [{ device: 'wasm', reason: 'bad protobuf', probed: false }]);
 * ```
 */
export function sessionFailure(model: string, failures: readonly DeviceFailure[]): GlossaError {
  const last = failures.at(-1);
  if (last && !last.probed && isLastResort(last)) {
    return new GlossaError('MODEL_INVALID', `Could not load the ONNX model ${model}: ${last.device}: ${last.reason}`, {
      cause: last.error,
      details: { model },
    });
  }
  const tried = failures.map((f) => f.device).join(', ') || 'none';
  return new GlossaError(
    'UNSUPPORTED',
    `No device could run the ONNX model ${model} (tried ${tried}): ${failures.map((f) => `${f.device}: ${f.reason}`).join('; ')}`,
    { details: { field: 'device', model } },
  );
}

/** Accelerators failing is a device problem; only a CPU-like device failing alone says the model is bad. */
function isLastResort(failure: DeviceFailure): boolean {
  return failure.device === 'wasm' || failure.device === 'cpu';
}

function describeModel(model: ModelSource): string {
  return typeof model === 'string' ? model : `${model.byteLength} bytes`;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].slice(0, 200);
}
