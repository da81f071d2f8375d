// Design elements: when do two OCR rows belong to one element of a poster?
// A designer sets a kicker, a title, a price tag, a badge, a list item or a
// table cell apart by size, colour, alignment, spacing or a plate behind it.
// Rows join one element only when none of these says they differ:
//   - similar cap height (the ink height, ratio within 1.25);
//   - similar fill colour and the same surface behind the glyphs;
//   - one alignment axis (left edges, centres or right edges agree);
//   - a gap under about one line height, with nothing in it (no plate edge,
//     rule or icon);
//   - neither row is a table cell (a row with text beside it), a list item
//     (a bullet or an icon before it), or a short stacked word ("爆款" over "热卖");
//   - the upper row reads as wrapped text: it does not end a sentence ("!")
//     and, for CJK, it fills the line as wide as the row below it.
// Pixels are optional: without the image, the geometric and textual rules apply alone.
import { borderMedian } from '../image/border-colour.js';
import type { RgbaImage } from '../image/rgba-image.js';
import type { Point } from '../page/page.js';
import { type FrameBox, overlap } from './line-geometry.js';
import { cjkCount } from './text-join.js';

/** What the pixels say about one row of text. @internal */
export interface Appearance {
  /** Median colour of the glyphs' ink. */
  fill: readonly [number, number, number];
  /** Median colour of the box's border: the surface the glyphs sit on. */
  background: readonly [number, number, number];
  /** Height of the ink, in pixels (cap height for CJK and capitals). */
  inkHeight: number;
}

/** A row of text as the design rules see it. @internal */
export interface DesignRow {
  box: FrameBox;
  /** Row height (from the OCR boxes). */
  size: number;
  text: string;
  appearance?: Appearance;
}

// A pixel is ink when it is this far (Euclidean RGB) from the row's background.
const INK_DISTANCE = 64;
// Fill colours further apart than this are different colours, not anti-aliasing or JPEG noise.
const FILL_DISTANCE = 72;
// Backgrounds further apart than this are different surfaces (a plate, a pill, a banner).
const SURFACE_DISTANCE = 56;
/** Largest cap-height ratio of two rows of one element. */
export const DESIGN_SIZE_RATIO = 1.25;

/** Samples a row's ink colour, background and ink height. Undefined when the box holds (almost) no ink. @internal */
export function sampleAppearance(image: RgbaImage, points: readonly Point[]): Appearance | undefined {
  const r = pixelBounds(image, points);
  if (r.x1 - r.x0 < 2 || r.y1 - r.y0 < 2) return undefined;
  const background = borderMedian(image, { x: r.x0, y: r.y0, width: r.x1 - r.x0, height: r.y1 - r.y0 });
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  const rowInk = new Uint32Array(r.y1 - r.y0);
  const { data, width } = image;
  for (let y = r.y0; y < r.y1; y++) {
    for (let x = r.x0; x < r.x1; x++) {
      const i = (y * width + x) * 4;
      if (distance(data[i], data[i + 1], data[i + 2], background) < INK_DISTANCE) continue;
      rs.push(data[i]);
      gs.push(data[i + 1]);
      bs.push(data[i + 2]);
      rowInk[y - r.y0]++;
    }
  }
  const area = (r.x1 - r.x0) * (r.y1 - r.y0);
  if (rs.length < Math.max(8, 0.02 * area)) return undefined;
  // Ink height: the rows holding a few percent of the box width in ink (a stray pixel of the neighbour's glyph does not count).
  const minRow = Math.max(1, 0.03 * (r.x1 - r.x0));
  let top = -1, bottom = -1;
  for (let y = 0; y < rowInk.length; y++) {
    if (rowInk[y] < minRow) continue;
    if (top < 0) top = y;
    bottom = y;
  }
  return { fill: [median(rs), median(gs), median(bs)], background, inkHeight: top < 0 ? r.y1 - r.y0 : bottom - top + 1 };
}

/** Row height for size comparisons: the ink height when sampled, else the box height. */
function capHeight(row: DesignRow): number {
  return row.appearance?.inkHeight ?? row.size;
}

/** Two rows look alike: cap heights within {@link DESIGN_SIZE_RATIO}, same fill colour, same surface. @internal */
export function sameLook(a: DesignRow, b: DesignRow): boolean {
  if (ratio(capHeight(a), capHeight(b)) > DESIGN_SIZE_RATIO) return false;
  if (a.appearance && b.appearance) {
    if (distanceRgb(a.appearance.fill, b.appearance.fill) > FILL_DISTANCE) return false;
    if (distanceRgb(a.appearance.background, b.appearance.background) > SURFACE_DISTANCE) return false;
  }
  return true;
}

/**
 * Two pieces side by side on one row are one element: they look alike
 * (colour and surface; digits beside CJK may be shorter, so size is left to
 * the caller) and nothing stands between them (a plate edge, a rule).
 * @internal
 */
export function samePieceLook(a: DesignRow, b: DesignRow, image: RgbaImage | undefined): boolean {
  if (a.appearance && b.appearance) {
    if (distanceRgb(a.appearance.fill, b.appearance.fill) > FILL_DISTANCE) return false;
    if (distanceRgb(a.appearance.background, b.appearance.background) > SURFACE_DISTANCE) return false;
  }
  if (!image || !a.appearance || !b.appearance) return true;
  const [left, right] = a.box.u0 <= b.box.u0 ? [a, b] : [b, a];
  const v0 = Math.max(left.box.v0, right.box.v0);
  const v1 = Math.min(left.box.v1, right.box.v1);
  return gapIsClear(image, left.box.u1, right.box.u0, v0, v1, a.appearance.background, 'columns');
}

/**
 * Whether `upper` and `lower` (horizontal rows, `upper` above) are one design
 * element by look, spacing, alignment and what lies between them. Table cells
 * and list items are the caller's to rule out (they need the other rows).
 * @internal
 */
export function sameElement(upper: DesignRow, lower: DesignRow, image: RgbaImage | undefined, maxGap: number): boolean {
  if (!sameLook(upper, lower)) return false;
  const size = Math.max(capHeight(upper), capHeight(lower), (upper.size + lower.size) / 2);
  const gap = lower.box.v0 - upper.box.v1;
  if (gap > maxGap * Math.min(upper.size, lower.size)) return false;
  if (overlap(upper.box.u0, upper.box.u1, lower.box.u0, lower.box.u1) <= 0) return false;
  const tol = Math.max(2, 0.4 * size);
  const aligned =
    Math.abs(upper.box.u0 - lower.box.u0) <= tol ||
    Math.abs((upper.box.u0 + upper.box.u1) / 2 - (lower.box.u0 + lower.box.u1) / 2) <= tol ||
    Math.abs(upper.box.u1 - lower.box.u1) <= tol;
  if (!aligned) return false;
  if (!readsWrapped(upper, lower, size)) return false;
  if (image && upper.appearance && lower.appearance && gap > 1) {
    const u0 = Math.max(upper.box.u0, lower.box.u0);
    const u1 = Math.min(upper.box.u1, lower.box.u1);
    if (!gapIsClear(image, upper.box.v1, lower.box.v0, u0, u1, upper.appearance.background, 'rows')) return false;
  }
  return true;
}

// Sentence ends: a row ending with one is a statement of its own, not wrapped text.
const SENTENCE_END = /[!！?？。…]\s*$/u;
// Bullets and numbering that open a list item.
const LIST_MARK = /^\s*(?:[•·●○◦▪▫■□◆◇★☆✓✔✗✘►▶▷➤→\-–—*]|\(?\d{1,2}[.)、]|[①-⑳])\s*/u;

/** A row that opens with a bullet or a number: a list item of its own. @internal */
export function startsListItem(text: string): boolean {
  return LIST_MARK.test(text) && text.trim().length > 1;
}

function readsWrapped(upper: DesignRow, lower: DesignRow, size: number): boolean {
  if (SENTENCE_END.test(upper.text)) return false;
  const glyphs = (t: string) => [...t.replace(/\s+/g, '')].length;
  // Two or three characters stacked over two or three: words set one per row (a badge), not a wrapped line.
  if (glyphs(upper.text) <= 3 && glyphs(lower.text) <= 3) return false;
  // CJK wraps anywhere, so a wrapped row fills the line: it is not much
  // narrower than the row below (Latin wraps at words and may fall short).
  const cjk = cjkCount(upper.text) * 2 >= glyphs(upper.text);
  return !cjk || upper.box.u1 - upper.box.u0 + size >= lower.box.u1 - lower.box.u0;
}

/**
 * Whether the strip between two rows (or two pieces of a row) is plain
 * surface: no rule, plate edge or icon in it. `along` is the strip's extent
 * on the other axis. Axis-aligned: rows are compared in image coordinates,
 * which is what matters for the small angles text is set at.
 * @internal
 */
export function gapIsClear(
  image: RgbaImage,
  from: number,
  to: number,
  along0: number,
  along1: number,
  surface: readonly [number, number, number],
  between: 'rows' | 'columns',
): boolean {
  // Stay a pixel away from both rows: anti-aliased glyph edges are not objects.
  const a = Math.ceil(from) + 1;
  const b = Math.floor(to) - 1;
  const c = Math.ceil(along0);
  const d = Math.floor(along1);
  if (b - a < 1 || d - c < 2) return true;
  const { width, height, data } = image;
  let differing = 0;
  let total = 0;
  let worstLine = 0;
  for (let p = a; p < b; p++) {
    let lineDiff = 0;
    let lineTotal = 0;
    for (let q = c; q < d; q++) {
      const [x, y] = between === 'rows' ? [q, p] : [p, q];
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const i = (y * width + x) * 4;
      lineTotal++;
      if (distance(data[i], data[i + 1], data[i + 2], surface) >= SURFACE_DISTANCE) lineDiff++;
    }
    total += lineTotal;
    differing += lineDiff;
    if (lineTotal) worstLine = Math.max(worstLine, lineDiff / lineTotal);
  }
  // A rule or plate edge crosses the strip; an icon fills part of it.
  return worstLine < 0.6 && differing <= 0.12 * total;
}

/**
 * A list item led by an icon: a compact patch of ink just before the row's
 * start, on the row's own surface.
 * @internal
 */
export function hasLeadingIcon(image: RgbaImage, row: DesignRow): boolean {
  if (!row.appearance) return false;
  const h = row.box.v1 - row.box.v0;
  const x1 = Math.floor(row.box.u0 - 0.15 * h);
  const x0 = Math.ceil(row.box.u0 - 1.6 * h);
  const y0 = Math.ceil(row.box.v0);
  const y1 = Math.floor(row.box.v1);
  if (x1 - x0 < 2 || x0 < 0 || y1 - y0 < 2) return false;
  const { width, height, data } = image;
  let ink = 0;
  let total = 0;
  for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
    for (let x = x0; x < Math.min(width, x1); x++) {
      const i = (y * width + x) * 4;
      total++;
      if (distance(data[i], data[i + 1], data[i + 2], row.appearance.background) >= INK_DISTANCE) ink++;
    }
  }
  // Most of a uniform plate would count as ink too; an icon covers part of the patch.
  return total > 0 && ink >= 0.08 * total && ink <= 0.85 * total;
}

// ---------------------------------------------------------------- pixels

function pixelBounds(image: RgbaImage, points: readonly Point[]): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y);
    x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return {
    x0: Math.max(0, Math.floor(x0)),
    y0: Math.max(0, Math.floor(y0)),
    x1: Math.min(image.width, Math.ceil(x1)),
    y1: Math.min(image.height, Math.ceil(y1)),
  };
}

function median(xs: number[]): number {
  xs.sort((p, q) => p - q);
  return xs[xs.length >> 1];
}

function distance(r: number, g: number, b: number, c: readonly [number, number, number]): number {
  return Math.hypot(r - c[0], g - c[1], b - c[2]);
}

function distanceRgb(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  return distance(a[0], a[1], a[2], b);
}

function ratio(a: number, b: number): number {
  const lo = Math.min(a, b);
  return lo <= 0 ? Infinity : Math.max(a, b) / lo;
}
