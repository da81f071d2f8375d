import type { Rect, RgbaImage } from '../image/rgba-image.js';
import type { Polygon, TextDirection } from '../page/page.js';
import type { CallOptions } from '../plugins.js';

/**
 * Finds text regions without reading them: the detection half of an OCR
 * (PP-OCR's `detect()` in Glossa).
 *
 * @example
 * ```ts
 * const detector: TextDetector = { detect: (image, options) => paddleOcr.detect(image, options) };
 * ```
 */
export interface TextDetector {
  /** Every text region found, as a polygon in image pixels. */
  detect(image: RgbaImage, options?: CallOptions): Promise<Polygon[]>;
}

/** What a {@link BlockReader} is asked to read. */
export interface ReadBlockOptions extends CallOptions {
  /** How the text in the crop runs: vertical columns (right to left) or horizontal rows. */
  direction: TextDirection;
}

/** A {@link BlockReader}'s reading of one crop. */
export interface BlockReading {
  /** The text, columns (or rows) joined in reading order. */
  text: string;
  /** Confidence 0..1. */
  score: number;
}

/**
 * Reads one whole block of text (a speech bubble's text area) from a crop.
 * `@glossa/node`'s `createTesseractReader` is one, on tesseract.js.
 *
 * @example
 * ```ts
 * const reader = createTesseractReader();
 * const { text } = await reader.read(crop, { direction: 'vertical' });
 * await reader.dispose();
 * ```
 */
export interface BlockReader {
  /** Reads the crop as one block. */
  read(image: RgbaImage, options: ReadBlockOptions): Promise<BlockReading>;
  /** Ends workers and frees memory. Idempotent. */
  dispose?(): Promise<void> | void;
}

/** `balloon`: a light region closed by a dark outline (speech balloon, caption box); `free`: text on the artwork. */
export type BubbleKind = 'balloon' | 'free';

/** One speech balloon, caption box or patch of free-floating text, as the bubble finder saw it. */
export interface Bubble {
  /** Balloon or free text. */
  kind: BubbleKind;
  /** The balloon's inner shape (inside its outline); for free text, the text area's rectangle. */
  shape: Polygon;
  /** The text's extent: the detector's boxes inside the bubble, grown to whole glyph columns. */
  textArea: Rect;
  /** How the text runs. */
  direction: TextDirection;
  /** Typical glyph size (column width or row height) in pixels. */
  glyphSize: number;
  /** The detector boxes that make up the text; empty for a balloon found from the image alone (the detector found nothing in it). */
  boxes: Polygon[];
}
