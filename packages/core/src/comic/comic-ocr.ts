import { GlossaError, throwIfAborted } from '../errors.js';
import { assertRgbaImage, clipRect, createImage, createMask, resizeImage, type RgbaImage } from '../image/rgba-image.js';
import { fillPolygon } from '../mask/mask-ops.js';
import { rectToPolygon } from '../page/geometry.js';
import type { TextLine } from '../page/page.js';
import type { CallOptions, Ocr } from '../plugins.js';
import type { BlockReader, BlockReading, Bubble, ReadBlockOptions, TextDetector } from './bubble.js';
import { findBubbles, type FindBubblesOptions } from './find-bubbles.js';
import { findPanels, orderBubbles } from './reading-order.js';

/** A line that the comic OCR read: one whole bubble, with what the bubble finder saw. */
export interface BubbleLine extends TextLine {
  /** The bubble: its kind, balloon shape, text area and direction. */
  bubble: Bubble;
}

/** Options of {@link createComicOcr}. */
export interface ComicOcrOptions {
  /** Finds text boxes (PP-OCR's detection). */
  detector: TextDetector;
  /** Reads each bubble's text area as one block (tesseract.js in `@glossa/node`). */
  reader: BlockReader;
  /** Bubble finder tuning. */
  bubbles?: FindBubblesOptions;
  /**
   * Bubbles read with a lower score are dropped (most are artwork the detector took for text). Default 0.2.
   * A balloon with no detector box in it needs 0.75, and a reading with two letters or more and few digits or symbols.
   */
  minScore?: number;
}

/**
 * An {@link Ocr} for comic pages: the detector finds text boxes, the bubble
 * finder turns them into balloons, caption boxes and free text
 * ({@link findBubbles}), and the reader reads each bubble's text area as one
 * block, with everything outside the balloon's inside whited out so the
 * outline and artwork are not read. One line per bubble comes back, in manga
 * reading order (panels right to left, top to bottom), carrying its
 * {@link Bubble} for grouping, masking and typesetting.
 *
 * @param options - detector, reader and tuning
 * @returns an OCR whose `recognize()` gives {@link BubbleLine}s; `dispose()` does not dispose the detector or reader
 * @throws GlossaError `INVALID_INPUT` when the detector or reader is missing
 * @example
 * ```ts
 * const ocr = createComicOcr({ detector: paddle, reader: createTesseractReader() });
 * const lines = await ocr.recognize(page);
 * lines[0].bubble.kind; // 'balloon'
 * ```
 */
export function createComicOcr(options: ComicOcrOptions): Ocr & { recognize(image: RgbaImage, options?: CallOptions): Promise<BubbleLine[]> } {
  const { detector, reader } = options ?? ({} as ComicOcrOptions);
  if (typeof detector?.detect !== 'function') throw new GlossaError('INVALID_INPUT', 'Expected a TextDetector (an object with detect()) for options.detector', { details: { field: 'detector' } });
  if (typeof reader?.read !== 'function') throw new GlossaError('INVALID_INPUT', 'Expected a BlockReader (an object with read()) for options.reader', { details: { field: 'reader' } });
  const minScore = options.minScore ?? 0.2;
  return {
    async recognize(image: RgbaImage, call: CallOptions = {}): Promise<BubbleLine[]> {
      assertRgbaImage(image, 'image');
      throwIfAborted(call.signal);
      const boxes = await detector.detect(image, call);
      const bubbles = orderBubbles(
        findBubbles(image, boxes, options.bubbles).map((bubble) => ({ bubble, rect: bubble.textArea })),
        findPanels(image),
      );
      const readings = await Promise.all(bubbles.map(({ bubble }) => readBubble(reader, bubbleCrop(image, bubble), { direction: bubble.direction, signal: call.signal }, minScore)));
      const lines: BubbleLine[] = [];
      bubbles.forEach(({ bubble }, i) => {
        const text = readings[i].text.trim();
        // A balloon the detector found nothing in must read as lettering, with confidence: white shapes in the art read as noise.
        const ok = bubble.boxes.length ? readings[i].score >= minScore : readings[i].score >= Math.max(minScore, BOXLESS_MIN_SCORE) && readsAsWords(text);
        if (text && ok) lines.push({ polygon: rectToPolygon(bubble.textArea), text, score: readings[i].score, bubble });
      });
      return lines;
    },
  };
}

/** Least confidence of a reading of a balloon that no detector box was in. */
const BOXLESS_MIN_SCORE = 0.75;

/** At least two letters, and few digits or symbols among them (`っ4` is a brush stroke read as text). */
function readsAsWords(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const noise = text.match(/[^\p{L}\p{P}\s]/gu)?.length ?? 0;
  return letters >= 2 && 4 * noise <= letters;
}

/** A reading less confident than this gets a second look, at {@link REREAD_SCALE} times the size. */
const REREAD_BELOW = 0.8;
const REREAD_SCALE = 1.5;

/**
 * Reads a crop; a hesitant reading (kept, but less confident than
 * {@link REREAD_BELOW}) is read again enlarged, and the more confident of the
 * two wins. Tesseract's hesitant readings of small lettering are often right
 * at another scale: on the OpenMantra fixture about a fifth of the bubbles are
 * read twice, for a sixth fewer character errors. Readings under `minScore`
 * are left alone: most are artwork, which a second look would only let in.
 */
async function readBubble(reader: BlockReader, crop: RgbaImage, options: ReadBlockOptions, minScore: number): Promise<BlockReading> {
  const first = await reader.read(crop, options);
  if (first.score >= REREAD_BELOW || first.score < minScore) return first;
  const second = await reader.read(resizeImage(crop, Math.round(crop.width * REREAD_SCALE), Math.round(crop.height * REREAD_SCALE)), options);
  return second.score > first.score ? second : first;
}

/** Pixels around a bubble's text area that the reader still sees (anti-aliased glyph edges). */
const FRINGE = 2;

/** Least gap between columns in a crop for the reader, in glyphs. */
const COLUMN_GAP = 0.8;

/**
 * The crop a reader sees for a bubble: its text area with a margin of half a
 * glyph; white outside the text area and the balloon's inside (no outline, no
 * neighbouring text or art).
 *
 * @internal
 */
export function bubbleCrop(image: RgbaImage, bubble: Bubble): RgbaImage {
  const margin = Math.round(bubble.glyphSize / 2) + 2;
  const r = clipRect(
    { x: bubble.textArea.x - margin, y: bubble.textArea.y - margin, width: bubble.textArea.width + 2 * margin, height: bubble.textArea.height + 2 * margin },
    image.width,
    image.height,
  );
  // Only the text area (and a fringe for anti-aliasing) is read: outline
  // fragments, a neighbouring text and art around free text stay out.
  const inside = createMask(r.width, r.height);
  const t = bubble.textArea;
  for (let y = Math.max(0, t.y - FRINGE - r.y); y < Math.min(r.height, t.y + t.height + FRINGE - r.y); y++) {
    inside.data.fill(255, y * r.width + Math.max(0, t.x - FRINGE - r.x), y * r.width + Math.min(r.width, t.x + t.width + FRINGE - r.x));
  }
  if (bubble.kind === 'balloon') {
    // ... and of that, only what lies inside the balloon's outline.
    const balloon = createMask(r.width, r.height);
    fillPolygon(balloon, bubble.shape.map(([x, y]) => [x - r.x, y - r.y]));
    for (let i = 0; i < inside.data.length; i++) if (!balloon.data[i]) inside.data[i] = 0;
  }
  const out = createImage(r.width, r.height);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const o = (y * r.width + x) * 4;
      if (inside.data[y * r.width + x]) {
        const s = ((r.y + y) * image.width + r.x + x) * 4;
        out.data[o] = image.data[s];
        out.data[o + 1] = image.data[s + 1];
        out.data[o + 2] = image.data[s + 2];
      } else out.data[o] = out.data[o + 1] = out.data[o + 2] = 255;
      out.data[o + 3] = 255;
    }
  }
  return bubble.direction === 'vertical' ? spreadColumns(out, bubble.glyphSize) : out;
}

/**
 * Widens the gaps between the columns of vertical text to at least
 * {@link COLUMN_GAP} glyphs. Lettering sets columns close together, and
 * Tesseract then reads across them, taking one glyph from each column in
 * turn; apart, each column is read whole. Columns are runs of x with ink;
 * runs closer than a quarter glyph, or too narrow together to be a column
 * (the two strokes of い), are one column.
 *
 * @internal
 */
export function spreadColumns(crop: RgbaImage, glyphSize: number): RgbaImage {
  const { width, height, data } = crop;
  const ink = new Uint8Array(width);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const i = (y * width + x) * 4;
      if (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2] < 128) {
        ink[x] = 1;
        break;
      }
    }
  }
  const runs: [number, number][] = [];
  for (let x = 0; x < width; x++) {
    if (!ink[x]) continue;
    const last = runs.at(-1);
    if (last && (x - last[1] < 0.25 * glyphSize || x - last[0] < 0.7 * glyphSize)) last[1] = x + 1;
    else runs.push([x, x + 1]);
  }
  const gap = Math.round(COLUMN_GAP * glyphSize);
  if (runs.length < 2) return crop;
  // New x of every old x: each gap between runs widened to `gap` where it is narrower.
  const shift = new Int32Array(width);
  let extra = 0;
  for (let k = 0, x = 0; x < width; x++) {
    if (k + 1 < runs.length && x === runs[k][1]) {
      extra += Math.max(0, gap - (runs[k + 1][0] - runs[k][1]));
      k++;
    }
    shift[x] = x + extra;
  }
  const out = createImage(width + extra, height);
  out.data.fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 4;
      out.data.set(data.subarray(s, s + 4), (y * out.width + shift[x]) * 4);
    }
  }
  return out;
}
