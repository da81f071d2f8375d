import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { GlossaError, disposedError, throwIfAborted, toGlossaError } from '../errors.js';
import { assertRgbaImage, cloneImage, type Mask, type RgbaImage } from '../image/rgba-image.js';
import type { CallOptions, Inpainter, InferenceBackend, ModelSource } from '../plugins.js';
import { invalidParameter, is } from '../validate.js';
import { compositeLamaOutput, planeSizeFor, planLamaCrop, writeLamaInput, type LamaCrop, type LamaPlane } from './lama-crops.js';
import { fillIfUniform, findMaskRegions, type MaskRegionOptions } from './regions.js';

/** Options of {@link createLamaInpainter}. */
export interface LamaInpainterOptions {
  /** ONNX Runtime, injected (`createNodeBackend()` in Node). Not disposed by the inpainter. */
  backend: InferenceBackend;
  /** The LaMa ONNX model: a path or URL the backend understands, or its bytes. */
  model: ModelSource;
  /**
   * Longest side, in pixels, of the model input for exports with a dynamic
   * height and width; crops larger than this are scaled down to fit. A model
   * with a fixed input size (the Carve export: 512x512) uses that size and
   * ignores this. Default 512.
   */
  size?: number;
  /**
   * Crops per model run, for exports whose batch dimension is symbolic.
   * Default 2 (memory grows with it: about 1 GB per crop for big-LaMa on CPU);
   * always 1 for a model whose batch dimension is fixed to 1.
   */
  batchSize?: number;
  /**
   * The value the model outputs for full intensity: 255 for the Carve export
   * (`models/manifest.json` documents each model's range), 1 for exports that
   * answer in 0..1. Default 255.
   */
  outputMax?: number;
  /** How regions and their context are found; defaults suited to LaMa (more context than the classical inpainter). */
  regions?: MaskRegionOptions;
  /** Fill flat and gradient regions with `fillIfUniform` instead of the model. Default true. */
  uniformFastPath?: boolean;
  /**
   * Zero the hole pixels of the image input, as LaMa saw them in training.
   * Exports that zero them inside the graph give the same result either way.
   * Default true.
   */
  zeroHoles?: boolean;
}

/** An {@link Inpainter} on LaMa, with `dispose()`. */
export interface LamaInpainter extends Inpainter {
  /** Forgets the session (the backend that created it owns and releases it). Idempotent. */
  dispose(): void;
}

/** Context defaults for LaMa: it copies texture from the surroundings, so it gets more of them. @internal */
const LAMA_REGION_DEFAULTS: MaskRegionOptions = { margin: 32, relativeMargin: 1, maxMargin: 160, mergeDistance: 16 };

/**
 * Creates an inpainter that runs LaMa (Large Mask Inpainting) on ONNX Runtime,
 * always on local crops, never the whole image: the mask is split into regions
 * with context (`findMaskRegions`); flat and gradient regions take the fast
 * path (`fillIfUniform`); each other region becomes a crop that is scaled down
 * to fit the model input when larger (keeping its aspect, never upscaled),
 * padded by mirroring (a fixed-size export gets exactly its size, a dynamic
 * one a multiple of 8), run in batches, scaled back and blended into the image
 * only where the mask is set. Pixels outside the mask are returned unchanged.
 *
 * The session is created on the first call that needs the model.
 *
 * @param options - backend, model and tuning; see {@link LamaInpainterOptions}
 * @throws GlossaError `INVALID_INPUT` for a bad option
 * @example
 * ```ts
 * const backend = createNodeBackend({ device: 'auto' }); // @glossa/node
 * const lama = createLamaInpainter({ backend, model: (await resolveModel('lama')).path });
 * const clean = await lama.inpaint(image, mask, { signal });
 * lama.dispose();
 * await backend.dispose();
 * ```
 */
export function createLamaInpainter(options: LamaInpainterOptions): LamaInpainter {
  if (!is.object(options)) throw invalidParameter('options', 'an options object', options);
  const { backend, model } = options;
  if (!backend || typeof backend.createSession !== 'function' || typeof backend.Tensor !== 'function') {
    throw invalidParameter('backend', 'an InferenceBackend {Tensor, createSession}', backend);
  }
  if (!(typeof model === 'string' && model.length > 0) && !(model instanceof Uint8Array)) {
    throw invalidParameter('model', 'a model path, URL or bytes', model);
  }
  const size = options.size ?? 512;
  if (!is.integer(size) || size < 64 || size > 4096 || size % 8 !== 0) {
    throw invalidParameter('size', 'a multiple of 8 between 64 and 4096', size);
  }
  const requestedBatch = options.batchSize ?? 2;
  if (!is.integer(requestedBatch) || requestedBatch < 1 || requestedBatch > 64) {
    throw invalidParameter('batchSize', 'an integer between 1 and 64', requestedBatch);
  }
  const outputMax = options.outputMax ?? 255;
  if (!is.number(outputMax) || outputMax <= 0) throw invalidParameter('outputMax', 'a positive number', outputMax);
  const regionOptions = { ...LAMA_REGION_DEFAULTS, ...options.regions };
  const fastPath = options.uniformFastPath ?? true;
  const zeroHoles = options.zeroHoles ?? true;

  let disposed = false;
  let loaded: Promise<LoadedModel> | undefined;

  const load = (signal: AbortSignal | undefined): Promise<LoadedModel> => {
    loaded ??= backend.createSession(model, { signal }).then(
      (session) => describeModel(session, size, requestedBatch),
      (error: unknown) => {
        loaded = undefined;
        throw toGlossaError(error, 'MODEL_INVALID', 'Could not load the LaMa model');
      },
    );
    return loaded;
  };

  return {
    async inpaint(image: RgbaImage, mask: Mask, callOptions: CallOptions = {}): Promise<RgbaImage> {
      if (disposed) throw disposedError('This LaMa inpainter');
      assertRgbaImage(image, 'image');
      assertMask(mask, image);
      const { signal } = callOptions;
      throwIfAborted(signal);
      const out = cloneImage(image);
      const pending = [];
      for (const region of findMaskRegions(mask, regionOptions)) {
        throwIfAborted(signal);
        if (fastPath && fillIfUniform(out, mask, region)) continue;
        pending.push(region);
      }
      if (pending.length === 0) return out;

      const lama = await load(signal);
      // Every crop reads from the same snapshot (after the fast path), so the
      // order of runs cannot change the result.
      const source = cloneImage(out);
      const crops = pending.map((region) => planLamaCrop(region, image.width, image.height, lama.plane));
      for (let start = 0; start < crops.length; start += lama.batchSize) {
        throwIfAborted(signal);
        await runBatch(lama, backend, source, mask, crops.slice(start, start + lama.batchSize), out, outputMax, zeroHoles);
      }
      return out;
    },
    dispose() {
      disposed = true;
      loaded = undefined;
    },
  };
}

/** What the session's signature says about how to feed it. @internal */
interface LoadedModel {
  session: InferenceSession;
  imageName: string;
  maskName: string;
  outputName: string;
  plane: LamaPlane;
  batchSize: number;
}

/**
 * Reads the input names and shapes: `image` [N,3,H,W] and `mask` [N,1,H,W]
 * (matched by name, else by channel count, else by order), fixed or symbolic
 * H/W and N. Runtimes without metadata are treated as the fixed 512 export.
 * @internal
 */
function describeModel(session: InferenceSession, size: number, requestedBatch: number): LoadedModel {
  const names = session.inputNames;
  if (names.length < 2 || session.outputNames.length < 1) {
    throw new GlossaError(
      'MODEL_INVALID',
      `A LaMa model needs two inputs (image, mask) and one output; this one has inputs [${names.join(', ')}] and outputs [${session.outputNames.join(', ')}]`,
    );
  }
  const meta = (session as Partial<Pick<InferenceSession, 'inputMetadata'>>).inputMetadata ?? [];
  const shapeOf = (name: string) => {
    const m = meta.find((v) => v.name === name);
    return m && m.isTensor ? m.shape : undefined;
  };
  let maskName = names.find((n) => /mask/i.test(n));
  maskName ??= names.find((n) => shapeOf(n)?.[1] === 1) ?? names[1];
  const imageName = names.find((n) => n !== maskName && /image|img/i.test(n)) ?? names.find((n) => n !== maskName)!;
  const shape = shapeOf(imageName);
  let plane: LamaPlane;
  let batchSize = requestedBatch;
  if (shape && shape.length === 4) {
    const [n, , h, w] = shape;
    plane = typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0
      ? { kind: 'fixed', width: w, height: h }
      : { kind: 'dynamic', maxSide: size, multiple: 8 };
    if (typeof n === 'number' && n > 0) batchSize = Math.min(batchSize, n);
  } else {
    plane = { kind: 'fixed', width: 512, height: 512 };
    batchSize = 1;
  }
  return { session, imageName, maskName, outputName: session.outputNames[0], plane, batchSize };
}

/** Runs one batch of crops and composites each result into `out`. @internal */
async function runBatch(
  lama: LoadedModel,
  backend: InferenceBackend,
  source: RgbaImage,
  mask: Mask,
  crops: LamaCrop[],
  out: RgbaImage,
  outputMax: number,
  zeroHoles: boolean,
): Promise<void> {
  const { width: pw, height: ph } = planeSizeFor(crops, lama.plane);
  const n = crops.length;
  const imageData = new Float32Array(n * 3 * pw * ph);
  const maskData = new Float32Array(n * pw * ph);
  crops.forEach((c, slot) => writeLamaInput(source, mask, c, imageData, maskData, slot, pw, ph, zeroHoles));
  const feeds: Record<string, Tensor> = {
    [lama.imageName]: new backend.Tensor('float32', imageData, [n, 3, ph, pw]),
    [lama.maskName]: new backend.Tensor('float32', maskData, [n, 1, ph, pw]),
  };
  let result: InferenceSession.OnnxValueMapType;
  try {
    result = await lama.session.run(feeds);
  } catch (error) {
    throw toGlossaError(error, 'INFERENCE_FAILED', `LaMa inference on ${n} crop(s) of ${pw}x${ph} failed`);
  }
  const output = result[lama.outputName] as Tensor | undefined;
  const dims = output?.dims ?? [];
  if (!output || output.type !== 'float32' || dims.length !== 4 || dims[0] !== n || dims[1] !== 3 || dims[2] !== ph || dims[3] !== pw) {
    throw new GlossaError(
      'MODEL_INVALID',
      `Expected a float32 [${n},3,${ph},${pw}] LaMa output but received ${output?.type ?? 'nothing'} [${dims.join(',')}]`,
    );
  }
  const data = output.data as Float32Array;
  crops.forEach((c, slot) => compositeLamaOutput(out, mask, c, data, slot, pw, ph, outputMax));
  for (const t of Object.values(feeds)) t.dispose?.();
  output.dispose?.();
}

function assertMask(mask: Mask, image: RgbaImage): void {
  if (!mask || typeof mask !== 'object' || !(mask.data instanceof Uint8Array) || mask.data.length !== mask.width * mask.height) {
    throw invalidParameter('mask', 'a Mask {width, height, data: Uint8Array(width*height)}', mask);
  }
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new GlossaError(
      'INVALID_INPUT',
      `Expected a ${image.width}x${image.height} mask for a ${image.width}x${image.height} image but received ${mask.width}x${mask.height}`,
      { details: { field: 'mask' } },
    );
  }
}
