// PP-OCR (detection + optional angle classifier + recognition) on any
// InferenceBackend. The algorithms live in the sibling files; this file wires
// them to sessions, batches the recognition runs and checks the options.
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { GlossaError, disposedError, throwIfAborted, toGlossaError } from '../../errors.js';
import { assertRgbaImage, cloneImage, flattenAlpha, type RgbaImage } from '../../image/rgba-image.js';
import type { Polygon, TextLine } from '../../page/page.js';
import type { CallOptions, InferenceBackend, ModelSource, Ocr } from '../../plugins.js';
import { invalidParameter, is } from '../../validate.js';
import { ctcGreedyDecode, parseRecDictionary, type DecodedText } from './ctc.js';
import { dbPostprocess, type DetectedBox } from './db-postprocess.js';
import { detInputSize, detPreprocess } from './det-preprocess.js';
import { markCutBoxes, mergeSliceBoxes, planDetSlices, type SliceBox } from './det-slices.js';
import { polygonBounds } from '../../page/geometry.js';
import { mergeLineBoxes } from './line-merge.js';
import { cropGeometry, padCrop, REC_HEIGHT, rotate180, sampleCrop, scaledWidth, type CropGeometry } from './rec-crop.js';

/**
 * The PaddleOCR model files: detection, recognition, the optional angle
 * classifier, and the recognition model's dictionary.
 *
 * @example
 * ```ts
 * const models: PaddleOcrModels = {
 *   det: '/models/ch_PP-OCRv4_det_infer.onnx',
 *   rec: '/models/korean_PP-OCRv4_rec_infer.onnx',
 *   dictionary: await readFile('/models/korean_dict.txt', 'utf8'),
 * };
 * ```
 */
export interface PaddleOcrModels {
  /** DBNet text detection model (PP-OCRv4 det or compatible). */
  det: ModelSource;
  /** CTC text recognition model (PP-OCRv4 rec or compatible), input height 48. */
  rec: ModelSource;
  /** Text angle classifier (0 / 180 degrees); needed only with `useAngleClassifier`. */
  cls?: ModelSource;
  /** The text of the recognition model's keys file, one character per line. */
  dictionary: string;
}

/**
 * Options of {@link createPaddleOcr}. Defaults are PaddleOCR's own inference
 * defaults for PP-OCRv4, except where a comment says what was measured.
 *
 * @example
 * ```ts
 * const options: PaddleOcrOptions = { backend, models, limitSideLen: 1280, useAngleClassifier: true };
 * ```
 */
export interface PaddleOcrOptions {
  /** The ONNX Runtime to run the models on. */
  backend: InferenceBackend;
  /** The model files. */
  models: PaddleOcrModels;
  /** Detection input's long side is shrunk to at most this (never enlarged); 32..8192, default 960. */
  limitSideLen?: number;
  /** Probability above which a pixel is text; (0, 1), default 0.3. */
  detThreshold?: number;
  /**
   * Minimum mean probability inside a box; [0, 1], default 0.5 (PaddleOCR: 0.6).
   * Faint small marks at a line's end (a ">" after a button label) score
   * 0.5-0.6 and are kept, so line joining can read them with their line:
   * product posters' end-to-end F1 0.615 -> 0.632, CER 0.063 -> 0.060, scene
   * text unchanged; anything from 0.3 to 0.5 measured the same.
   */
  boxThreshold?: number;
  /** How much boxes grow around the detected kernel; [0, 10], default 1.5. */
  unclipRatio?: number;
  /** Boxes with a shorter side (detection pixels) are dropped; [0, 100], default 3. */
  minSize?: number;
  /**
   * Classify each line as upright or upside down and turn the latter; needs
   * `models.cls`. A turned line is read both ways and keeps the reading with
   * the higher score. Default false.
   */
  useAngleClassifier?: boolean;
  /** At most this many lines per recognition run; 1..64, default 6. */
  recBatchSize?: number;
  /** Lines recognised with a lower score are dropped; [0, 1], default 0.5. */
  minScore?: number;
  /**
   * Recognition crops are widened by this times the line height on each side
   * (clipped to the image); the reported boxes stay as detected. [0, 2], default 0:
   * on the evaluation fixtures any padding from 0.1 to 0.4 raised the CER.
   */
  recPadding?: number;
  /**
   * Join detection boxes that continue one another on the same text line
   * (same angle and centre line, similar heights, a gap under 0.6 line
   * heights) and read each joined box as one line. Default true.
   */
  mergeLines?: boolean;
}

/**
 * An {@link Ocr} backed by PP-OCR models, with `dispose()`.
 *
 * @example
 * ```ts
 * const ocr: PaddleOcr = createPaddleOcr({ backend, models });
 * try { console.log(await ocr.recognize(image)); } finally { await ocr.dispose(); }
 * ```
 */
export interface PaddleOcr extends Ocr {
  /**
   * Creates the sessions and runs each model once on a tiny input, so the
   * first real image is not slowed by one-time set-up (session creation,
   * first-run allocations). Optional: `recognize` loads on demand.
   */
  warmUp(options?: CallOptions): Promise<void>;
  /**
   * Detection only: the text boxes (after line joining when `mergeLines`),
   * unread, as polygons in image pixels. The comic OCR reads them with its
   * own reader.
   */
  detect(image: RgbaImage, options?: CallOptions): Promise<Polygon[]>;
  /** Drops this OCR's references to its sessions (the backend owns and frees them). Idempotent. */
  dispose(): Promise<void>;
}

interface Settings {
  limitSideLen: number;
  detThreshold: number;
  boxThreshold: number;
  unclipRatio: number;
  minSize: number;
  useAngleClassifier: boolean;
  recBatchSize: number;
  minScore: number;
  recPadding: number;
  mergeLines: boolean;
}

interface Sessions {
  det: InferenceSession;
  rec: InferenceSession;
  cls?: InferenceSession;
}

/**
 * PaddleOCR pads every recognition input to at least 320 px wide (its
 * `rec_image_shape` 3,48,320). On CPU the model's cost grows with the input
 * width and batching saves almost nothing, so that padding is pure cost: a
 * 4-character line is ~200 px wide. Measured on the evaluation fixtures,
 * dropping it left detection and end-to-end scores unchanged and lowered the
 * CER slightly (0.071 -> 0.065 on product posters), so inputs are only
 * rounded up to a multiple of 8 (the model's width stride).
 */
const REC_WIDTH_STEP = 8;
/** A batch is closed when the next crop would be this much wider than its first (little padding). */
const REC_BUCKET_GROWTH = 1.25;
/** The angle classifier's fixed input width (`cls_image_shape` 3,48,192) and PaddleOCR's threshold. */
const CLS_WIDTH = 192;
const CLS_THRESHOLD = 0.9;
const CLS_BATCH = 16;

/**
 * Creates a PP-OCR text reader: DBNet detection with PaddleOCR's DB
 * post-processing, tall images in overlapping slices, perspective crops of
 * each box, the optional 0/180 angle classifier, then width-bucketed batched
 * CTC recognition. Sessions are created on the first `recognize()` and reused.
 *
 * @param options - backend, models and tuning; see {@link PaddleOcrOptions}
 * @returns an {@link Ocr} whose `recognize()` gives lines sorted top to bottom,
 *   then left to right, each a 4-point polygon clockwise from the top-left
 * @throws GlossaError `INVALID_INPUT` for bad options (naming the option)
 * @example
 * ```ts
 * import { createPaddleOcr } from '@glossa/core';
 * import { createNodeBackend } from '@glossa/node';
 * const ocr = createPaddleOcr({
 *   backend: createNodeBackend(),
 *   models: { det: 'det.onnx', rec: 'rec.onnx', dictionary: keysText },
 * });
 * const lines = await ocr.recognize(image, { signal: AbortSignal.timeout(10_000) });
 * for (const line of lines) console.log(line.text, line.score.toFixed(2));
 * ```
 */
export function createPaddleOcr(options: PaddleOcrOptions): PaddleOcr {
  const settings = checkOptions(options);
  const { backend, models } = options;
  const classes = parseRecDictionary(models.dictionary);
  let sessions: Promise<Sessions> | undefined;
  let disposed = false;

  function load(signal: AbortSignal | undefined): Promise<Sessions> {
    if (!sessions) {
      sessions = (async () => {
        const [det, rec, cls] = await Promise.all([
          backend.createSession(models.det, { signal }),
          backend.createSession(models.rec, { signal }),
          settings.useAngleClassifier && models.cls ? backend.createSession(models.cls, { signal }) : undefined,
        ]);
        return { det, rec, cls };
      })();
      sessions.catch(() => (sessions = undefined));
    }
    return sessions;
  }

  async function run(session: InferenceSession, input: Tensor, what: string, signal?: AbortSignal): Promise<Tensor> {
    throwIfAborted(signal);
    try {
      const outputs = await session.run({ [session.inputNames[0]]: input });
      return outputs[session.outputNames[0]];
    } catch (error) {
      throw toGlossaError(error, 'INFERENCE_FAILED', `${what} failed`);
    }
  }

  async function detect(image: RgbaImage, det: InferenceSession, signal?: AbortSignal): Promise<DetectedBox[]> {
    const slices = planDetSlices(image.width, image.height, settings.limitSideLen);
    const vertical = image.height >= image.width;
    const found: SliceBox[] = [];
    for (const slice of slices) {
      const size = detInputSize(slice.width, slice.height, settings.limitSideLen);
      const input = new backend.Tensor('float32', detPreprocess(image, slice, size.width, size.height), [1, 3, size.height, size.width]);
      const output = await run(det, input, 'Text detection', signal);
      const [mapH, mapW] = output.dims.slice(-2);
      const boxes = dbPostprocess(
        { width: mapW, height: mapH, data: output.data as Float32Array },
        {
          threshold: settings.detThreshold,
          boxThreshold: settings.boxThreshold,
          unclipRatio: settings.unclipRatio,
          minSize: settings.minSize,
          scaleX: slice.width / mapW,
          scaleY: slice.height / mapH,
          offsetX: slice.x,
          offsetY: slice.y,
          clipWidth: image.width,
          clipHeight: image.height,
        },
      );
      if (slices.length === 1) return boxes;
      found.push(...markCutBoxes(boxes, slice, vertical));
    }
    return mergeSliceBoxes(found);
  }

  /**
   * Turns the crops the classifier calls upside down (180 with high
   * confidence) and returns their indices.
   */
  async function classify(image: RgbaImage, crops: CropGeometry[], cls: InferenceSession, signal?: AbortSignal): Promise<number[]> {
    const turned: number[] = [];
    for (let start = 0; start < crops.length; start += CLS_BATCH) {
      const batch = crops.slice(start, start + CLS_BATCH);
      const data = new Float32Array(batch.length * 3 * REC_HEIGHT * CLS_WIDTH);
      batch.forEach((crop, i) => sampleCrop(image, crop, data, i, CLS_WIDTH, scaledWidth(crop, CLS_WIDTH)));
      const output = await run(cls, new backend.Tensor('float32', data, [batch.length, 3, REC_HEIGHT, CLS_WIDTH]), 'Angle classification', signal);
      const probs = output.data as Float32Array;
      const labels = output.dims[1];
      for (let i = 0; i < batch.length; i++) {
        if (probs[i * labels + 1] > CLS_THRESHOLD) {
          crops[start + i] = rotate180(crops[start + i]);
          turned.push(start + i);
        }
      }
    }
    return turned;
  }

  async function read(image: RgbaImage, crops: CropGeometry[], rec: InferenceSession, signal?: AbortSignal) {
    const widths = crops.map((crop) => scaledWidth(crop, Number.MAX_SAFE_INTEGER));
    const order = crops.map((_, i) => i).sort((a, b) => widths[a] - widths[b]);
    const results: DecodedText[] = new Array(crops.length);
    for (let start = 0; start < order.length; ) {
      // Bucket: crops of similar width, so padding costs little.
      let end = start + 1;
      while (end < order.length && end - start < settings.recBatchSize && widths[order[end]] <= REC_BUCKET_GROWTH * widths[order[start]]) end++;
      const members = order.slice(start, end);
      const tensorWidth = Math.ceil(widths[order[end - 1]] / REC_WIDTH_STEP) * REC_WIDTH_STEP;
      const data = new Float32Array(members.length * 3 * REC_HEIGHT * tensorWidth);
      members.forEach((index, i) => sampleCrop(image, crops[index], data, i, tensorWidth, widths[index]));
      const output = await run(rec, new backend.Tensor('float32', data, [members.length, 3, REC_HEIGHT, tensorWidth]), 'Text recognition', signal);
      const decoded = ctcGreedyDecode(output.data as Float32Array, output.dims, classes);
      members.forEach((index, i) => (results[index] = decoded[i]));
      start = end;
    }
    return results;
  }

  /** Checks the input, loads the sessions and detects (and joins) the text boxes. */
  async function findBoxes(image: RgbaImage, signal: AbortSignal | undefined) {
    if (disposed) throw disposedError('This OCR');
    assertRgbaImage(image, 'image');
    throwIfAborted(signal);
    const sessions_ = await load(signal);
    const opaque = hasTransparency(image) ? flattenAlpha(cloneImage(image)) : image;
    const detected = await detect(opaque, sessions_.det, signal);
    const boxes = settings.mergeLines ? mergeLineBoxes(detected, { imageWidth: opaque.width, imageHeight: opaque.height }) : detected;
    return { opaque, boxes, sessions: sessions_ };
  }

  return {
    async recognize(image: RgbaImage, callOptions: CallOptions = {}): Promise<TextLine[]> {
      const { signal } = callOptions;
      const { opaque, boxes, sessions: { rec, cls } } = await findBoxes(image, signal);
      throwIfAborted(signal);
      if (boxes.length === 0) return [];
      const crops = boxes.map((box) => padCrop(cropGeometry(box.polygon), settings.recPadding, opaque.width, opaque.height));
      const turned = cls ? await classify(opaque, crops, cls, signal) : [];
      const read_ = await read(opaque, crops, rec, signal);
      if (turned.length > 0) {
        // Second opinion on each turn: read the line as detected too and keep
        // the orientation the recogniser is surer of (see preferOrientation).
        const upright = await read(opaque, turned.map((i) => rotate180(crops[i])), rec, signal);
        turned.forEach((line, k) => (read_[line] = preferOrientation(read_[line], upright[k])));
      }
      const lines: TextLine[] = [];
      boxes.forEach((box, i) => {
        const { text, score } = read_[i];
        if (score >= settings.minScore && text.trim() !== '') lines.push({ polygon: box.polygon, text, score });
      });
      return sortLines(lines);
    },
    async detect(image: RgbaImage, callOptions: CallOptions = {}): Promise<Polygon[]> {
      const { boxes } = await findBoxes(image, callOptions.signal);
      return boxes.map((box) => box.polygon);
    },
    async warmUp(callOptions: CallOptions = {}): Promise<void> {
      const { signal } = callOptions;
      if (disposed) throw disposedError('This OCR');
      const { det, rec, cls } = await load(signal);
      const zeros = (dims: number[]) => new backend.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
      await run(det, zeros([1, 3, 32, 32]), 'Text detection', signal);
      await run(rec, zeros([1, 3, REC_HEIGHT, 4 * REC_WIDTH_STEP]), 'Text recognition', signal);
      if (cls) await run(cls, zeros([1, 3, REC_HEIGHT, CLS_WIDTH]), 'Angle classification', signal);
    },
    async dispose() {
      disposed = true;
      sessions = undefined;
    },
  };
}

/**
 * Which reading of a line the angle classifier turned to keep: the turned one
 * or the one as detected. The 0/180 classifier sees each line squeezed into
 * 192 x 48 pixels and is fooled by glyphs that look alike both ways up (on a
 * street-sign test image it turned a stylised Latin word whose reading fell
 * from 0.89 to 0.67 and to garbage); the recogniser, which
 * reads the whole line, is the better judge: text the wrong way up decodes as
 * low-confidence garbage. The classifier's choice stands unless the reading as
 * detected scores higher.
 *
 * @internal
 */
export function preferOrientation(turned: DecodedText, asDetected: DecodedText): DecodedText {
  return asDetected.text.trim() !== '' && asDetected.score > turned.score ? asDetected : turned;
}

/**
 * Reading order for single lines: by top edge, then left to right among lines
 * whose tops are within half a line height (PaddleOCR's `sorted_boxes`, with a
 * tolerance that scales with the text instead of a fixed 10 px).
 *
 * @internal
 */
export function sortLines<T extends { polygon: TextLine['polygon'] }>(lines: T[]): T[] {
  const keyed = lines.map((line) => {
    const { x, y, height } = polygonBounds(line.polygon);
    return { line, x, y, h: height };
  });
  keyed.sort((a, b) => a.y - b.y || a.x - b.x);
  for (let i = 0; i < keyed.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      const a = keyed[j];
      const b = keyed[j + 1];
      if (Math.abs(b.y - a.y) < 0.5 * Math.min(a.h, b.h) && b.x < a.x) {
        keyed[j] = b;
        keyed[j + 1] = a;
      } else break;
    }
  }
  return keyed.map((k) => k.line);
}

function hasTransparency(image: RgbaImage): boolean {
  const d = image.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return true;
  return false;
}

function checkOptions(options: PaddleOcrOptions): Settings {
  if (!is.object(options)) throw invalidParameter('options', 'an options object', options);
  const { backend, models } = options;
  if (!is.object(backend) || typeof (backend as Partial<InferenceBackend>).createSession !== 'function' || typeof (backend as Partial<InferenceBackend>).Tensor !== 'function') {
    throw invalidParameter('backend', 'an InferenceBackend {Tensor, createSession}', backend);
  }
  if (!is.object(models)) throw invalidParameter('models', 'an object {det, rec, dictionary}', models);
  const isModel = (v: unknown) => (is.string(v) && v.length > 0) || v instanceof Uint8Array;
  for (const key of ['det', 'rec'] as const) {
    if (!isModel(models[key])) throw invalidParameter(`models.${key}`, 'a model path, URL or bytes', models[key]);
  }
  if (models.cls !== undefined && !isModel(models.cls)) throw invalidParameter('models.cls', 'a model path, URL or bytes', models.cls);
  if (!is.string(models.dictionary)) throw invalidParameter('models.dictionary', "the dictionary file's text", models.dictionary);
  const useAngleClassifier = options.useAngleClassifier ?? false;
  if (typeof useAngleClassifier !== 'boolean') throw invalidParameter('useAngleClassifier', 'a boolean', useAngleClassifier);
  if (useAngleClassifier && models.cls === undefined) {
    throw new GlossaError('INVALID_INPUT', 'useAngleClassifier needs models.cls, the angle classifier model', { details: { field: 'models.cls' } });
  }
  const boolean = (name: string, value: unknown, fallback: boolean) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw invalidParameter(name, 'a boolean', value);
    return value;
  };
  const integer = (name: string, value: unknown, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    if (!is.integer(value) || !is.inRange(value as number, min, max)) throw invalidParameter(name, `an integer between ${min} and ${max}`, value);
    return value as number;
  };
  const number = (name: string, value: unknown, fallback: number, min: number, max: number, openMin = false) => {
    if (value === undefined) return fallback;
    if (!is.number(value) || value > max || value < min || (openMin && value === min)) {
      throw invalidParameter(name, `a number ${openMin ? 'above' : 'from'} ${min} ${openMin ? 'up ' : ''}to ${max}`, value);
    }
    return value;
  };
  return {
    limitSideLen: integer('limitSideLen', options.limitSideLen, 960, 32, 8192),
    detThreshold: number('detThreshold', options.detThreshold, 0.3, 0, 1, true),
    boxThreshold: number('boxThreshold', options.boxThreshold, 0.5, 0, 1),
    unclipRatio: number('unclipRatio', options.unclipRatio, 1.5, 0, 10),
    minSize: number('minSize', options.minSize, 3, 0, 100),
    useAngleClassifier,
    recBatchSize: integer('recBatchSize', options.recBatchSize, 6, 1, 64),
    minScore: number('minScore', options.minScore, 0.5, 0, 1),
    recPadding: number('recPadding', options.recPadding, 0, 0, 2),
    mergeLines: boolean('mergeLines', options.mergeLines, true),
  };
}
