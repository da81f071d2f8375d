import type { TextAlign, TextDirection, TextLine } from '../page/page.js';
import { polygonBounds } from '../page/geometry.js';

/**
 * Infers how a block's source lines are aligned from their geometry: the
 * edge (left, centre, right) that varies least between lines wins. One line
 * alone gives `center`, the anchor that keeps a longer or shorter
 * translation where the source was.
 *
 * @param lines - the block's OCR lines
 * @param direction - the block's direction (vertical columns align at the top → `left`)
 * @example
 * ```ts
 * inferAlignment(block.lines, 'horizontal'); // 'left'
 * ```
 */
export function inferAlignment(lines: readonly TextLine[], direction: TextDirection = 'horizontal'): TextAlign {
  if (lines.length < 2) return 'center';
  const boxes = lines.map((l) => polygonBounds(l.polygon));
  const v = direction === 'vertical';
  const starts = boxes.map((b) => (v ? b.y : b.x));
  const ends = boxes.map((b) => (v ? b.y + b.height : b.x + b.width));
  const mids = boxes.map((b, i) => (starts[i] + ends[i]) / 2);
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const s = spread(starts);
  const m = spread(mids);
  const e = spread(ends);
  // Ties favour left (start): ragged-right text is the common case.
  if (s <= m + 1 && s <= e + 1) return 'left';
  if (m <= e) return 'center';
  return 'right';
}

/**
 * Infers line spacing, as a multiple of the line height, from the pitch
 * between consecutive source lines (median), clamped to [1, 2]. One line
 * alone gives 1.2.
 *
 * @param lines - the block's OCR lines, in reading order
 * @param direction - horizontal rows or vertical columns
 * @example
 * ```ts
 * inferLineHeight(block.lines); // 1.35
 * ```
 */
export function inferLineHeight(lines: readonly TextLine[], direction: TextDirection = 'horizontal'): number {
  if (lines.length < 2) return 1.2;
  const boxes = lines.map((l) => polygonBounds(l.polygon));
  const v = direction === 'vertical';
  const ratios: number[] = [];
  for (let i = 1; i < boxes.length; i++) {
    const a = boxes[i - 1];
    const b = boxes[i];
    const pitch = v ? Math.abs(a.x - b.x) : Math.abs(b.y - a.y);
    const size = v ? (a.width + b.width) / 2 : (a.height + b.height) / 2;
    if (size > 0) ratios.push(pitch / size);
  }
  if (!ratios.length) return 1.2;
  ratios.sort((p, q) => p - q);
  const median = ratios[Math.floor(ratios.length / 2)];
  return Math.min(2, Math.max(1, median));
}
