// Sibling lines. A designer sets the items of a list, the cells of a table
// (its columns and its rows), or the lines of a body text that grouping kept
// apart (one selling point per line), at one size.
// Fitted block by block they drift apart: a longer translation shrinks, a
// shorter one grows to its cap, and the list looks ragged. Blocks that share
// a style and an edge and stack close together are siblings; each is set at
// the smallest size any of them fitted.
import type { Rect } from '../image/rgba-image.js';
import type { TextBlock } from '../page/page.js';
import { polygonBounds } from '../page/geometry.js';
import { hexToRgb } from '../style/color.js';

/** Source sizes within this ratio count as one size (OCR boxes differ by a few pixels). */
const SAME_SIZE = 1.2;
/** Edges within this share of the font size count as one edge. */
const SAME_EDGE = 0.5;
/** Stacked blocks at most this many font sizes apart (a list's or a table's row gap). */
const MAX_GAP = 2;
/** Centres within this share of the font size are on one row. */
const SAME_ROW = 0.25;
/** Blocks of one row at most this many font sizes apart (a table's label and value). */
const MAX_ROW_GAP = 8;
/** Colours within this many levels per channel count as one (sampled colours of one fill differ slightly). */
const SAME_COLOUR = 24;

/**
 * For each block that must shrink to its siblings' size, that size; blocks
 * already at it are absent.
 * @internal
 */
export function siblingCaps(blocks: readonly TextBlock[]): Map<number, number> {
  const items = blocks
    .map((block, index) => ({ block, index, box: polygonBounds(block.polygon) }))
    .filter(({ block }) => block.layout && block.direction === 'horizontal' && block.layout.direction === 'horizontal')
    .sort((a, b) => a.box.y - b.box.y);
  const parent = items.map((_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k])));
  const largest = items.reduce((m, { block }) => Math.max(m, block.style.fontSize), 0);
  for (let a = 0; a < items.length; a++) {
    const bottom = items[a].box.y + items[a].box.height;
    // Sorted by top: later blocks start further down, so stop once past any possible gap.
    for (let b = a + 1; b < items.length && items[b].box.y <= bottom + MAX_GAP * largest; b++) {
      if (siblings(items[a].block, items[a].box, items[b].block, items[b].box)) parent[root(b)] = root(a);
    }
  }
  const smallest = new Map<number, number>();
  items.forEach(({ block }, k) => {
    const r = root(k);
    smallest.set(r, Math.min(smallest.get(r) ?? Infinity, block.layout!.fontSize));
  });
  const caps = new Map<number, number>();
  items.forEach(({ block, index }, k) => {
    const size = smallest.get(root(k))!;
    if (block.layout!.fontSize > size + 0.25) caps.set(index, size);
  });
  return caps;
}

/**
 * Two blocks of one size that are either one column (same colour, an edge
 * shared: the left, the right or the centre, since inferred alignment and
 * weight vary from row to row; stacked at most two lines apart) or one row
 * (centred on the same line, a label and its value: any colours).
 */
function siblings(a: TextBlock, boxA: Rect, b: TextBlock, boxB: Rect): boolean {
  const sa = a.style;
  const sb = b.style;
  const small = Math.min(sa.fontSize, sb.fontSize);
  const large = Math.max(sa.fontSize, sb.fontSize);
  if (large > SAME_SIZE * small) return false;
  const near = (u: number, v: number, by: number) => Math.abs(u - v) <= by * small;
  const sameRow = near(boxA.y + boxA.height / 2, boxB.y + boxB.height / 2, SAME_ROW);
  const apart = Math.max(boxB.x - (boxA.x + boxA.width), boxA.x - (boxB.x + boxB.width));
  if (sameRow && apart >= 0 && apart <= MAX_ROW_GAP * large) return true;
  if (!sameColour(sa.color, sb.color)) return false;
  const shareEdge =
    near(boxA.x, boxB.x, SAME_EDGE) || near(boxA.x + boxA.width, boxB.x + boxB.width, SAME_EDGE) || near(boxA.x + boxA.width / 2, boxB.x + boxB.width / 2, SAME_EDGE);
  if (!shareEdge) return false;
  const gap = Math.max(boxB.y - (boxA.y + boxA.height), boxA.y - (boxB.y + boxB.height));
  return gap >= -0.25 * small && gap <= MAX_GAP * large;
}

function sameColour(a: string, b: string): boolean {
  const ca = hexToRgb(a);
  const cb = hexToRgb(b);
  if (!ca || !cb) return a.toLowerCase() === b.toLowerCase();
  return ca.every((v, i) => Math.abs(v - cb[i]) <= SAME_COLOUR);
}
