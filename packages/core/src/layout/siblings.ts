// Sibling lines. A designer sets the items of a list, or the lines of a body
// text that grouping kept apart (one selling point per line), at one size.
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
/** Stacked blocks at most this many font sizes apart (a list's line gap). */
const MAX_GAP = 1.5;
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

/** Same colour, weight, alignment and size, one edge shared, stacked with at most a line's gap. */
function siblings(a: TextBlock, boxA: Rect, b: TextBlock, boxB: Rect): boolean {
  const sa = a.style;
  const sb = b.style;
  if (sa.align !== sb.align || !sameColour(sa.color, sb.color)) return false;
  if ((sa.fontWeight ?? 'normal') !== (sb.fontWeight ?? 'normal')) return false;
  const small = Math.min(sa.fontSize, sb.fontSize);
  const large = Math.max(sa.fontSize, sb.fontSize);
  if (large > SAME_SIZE * small) return false;
  const edge = (r: Rect) => (sa.align === 'left' ? r.x : sa.align === 'right' ? r.x + r.width : r.x + r.width / 2);
  if (Math.abs(edge(boxA) - edge(boxB)) > SAME_EDGE * small) return false;
  const gap = Math.max(boxB.y - (boxA.y + boxA.height), boxA.y - (boxB.y + boxB.height));
  return gap >= -0.25 * small && gap <= MAX_GAP * large;
}

function sameColour(a: string, b: string): boolean {
  const ca = hexToRgb(a);
  const cb = hexToRgb(b);
  if (!ca || !cb) return a.toLowerCase() === b.toLowerCase();
  return ca.every((v, i) => Math.abs(v - cb[i]) <= SAME_COLOUR);
}
