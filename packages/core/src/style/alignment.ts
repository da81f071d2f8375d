// Alignment of blocks whose own rows do not tell it. Rows of different widths
// show their alignment by the edge they share; a single row (or rows of one
// width) does not, so it is read from around it: the edge it shares with the
// element stacked above or below it (a column of a layout), else the plate it
// sits on (a pill, a tag: text centred on it is centred), else where it sits
// (centred on the page, or against or towards the left or right margin). A
// left-aligned title then stays left-aligned at the same x when its
// translation is longer.
import { borderMedian } from '../image/border-colour.js';
import type { Rect, RgbaImage } from '../image/rgba-image.js';
import { polygonBounds } from '../page/geometry.js';
import type { Page, TextAlign, TextBlock } from '../page/page.js';

const EDGES: readonly TextAlign[] = ['left', 'center', 'right'];

/**
 * The page with each horizontal block's `style.align` read from its rows, or
 * for a block whose rows do not tell (one row, or rows of one width), from its
 * column, its plate or its place on the page.
 *
 * @param page - the page (not modified)
 * @param image - the source image (for plates)
 * @returns a new page with updated alignments
 * @internal
 */
export function inferAlignments(page: Page, image: RgbaImage): Page {
  const boxes = page.blocks.map((b) => polygonBounds(b.polygon));
  const blocks = page.blocks.map((block, i) => {
    if (block.direction !== 'horizontal') return block;
    const align =
      rowAlignment(block) ?? columnAlignment(i, boxes, page.blocks) ?? plateAlignment(image, boxes[i]) ?? pageAlignment(boxes[i], page.width);
    return align === block.style.align ? block : { ...block, style: { ...block.style, align } };
  });
  return { ...page, blocks };
}

/** The edge the block's rows share, when they differ in width; undefined when they do not tell. */
function rowAlignment(block: TextBlock): TextAlign | undefined {
  const rows = mergeRows(block.lines.map((l) => polygonBounds(l.polygon)));
  if (rows.length < 2) return undefined;
  const size = Math.max(2, 0.35 * Math.min(...rows.map((r) => r.height)));
  const spreads = EDGES.map((_, k) => spread(rows.map((r) => edge(r, k))));
  if (spreads.every((s) => s <= size)) return undefined;
  return EDGES[spreads.indexOf(Math.min(...spreads))];
}

// Pixels further than this (Euclidean RGB) from the plate's colour are its edge (or something on it).
const PLATE_EDGE = 56;

/**
 * Centred, left or right on the plate the text sits on: walking out from the
 * box along its middle rows over the surface colour until it changes. None
 * when the surface runs on (a banner to the image edge, a wide backdrop).
 */
function plateAlignment(image: RgbaImage, box: Rect): TextAlign | undefined {
  const r = { x: Math.max(0, Math.floor(box.x)), y: Math.max(0, Math.floor(box.y)), width: 0, height: 0 };
  r.width = Math.min(image.width, Math.ceil(box.x + box.width)) - r.x;
  r.height = Math.min(image.height, Math.ceil(box.y + box.height)) - r.y;
  if (r.width < 3 || r.height < 3) return undefined;
  const surface = borderMedian(image, r);
  const reach = 6 * r.height;
  const skip = Math.ceil(0.3 * r.height);
  const lefts: number[] = [];
  const rights: number[] = [];
  for (let y = r.y + Math.floor(r.height / 4); y < r.y + Math.ceil((3 * r.height) / 4); y++) {
    lefts.push(walk(image, y, r.x, -1, surface, reach, skip));
    rights.push(walk(image, y, r.x + r.width - 1, 1, surface, reach, skip));
  }
  const left = middle(lefts);
  const right = middle(rights);
  if (!Number.isFinite(left) || !Number.isFinite(right)) return undefined;
  // A surface that ends right at the glyphs is an outline or a shadow, not a plate.
  if (Math.min(left, right) < 0.25 * r.height) return undefined;
  const tol = Math.max(2, 0.5 * r.height);
  if (Math.abs(left - right) <= tol) return 'center';
  return left < right ? 'left' : 'right';
}

/**
 * Pixels from `x` (exclusive) in direction `dx` to where the surface colour
 * ends; Infinity when it does not within `reach` or the image ends. Glyph ink
 * the OCR box clipped (up to `skip` pixels) is stepped over first.
 */
function walk(image: RgbaImage, y: number, x: number, dx: number, surface: readonly number[], reach: number, skip: number): number {
  let onSurface = false;
  for (let n = 1; n <= reach; n++) {
    const px = x + dx * n;
    if (px < 0 || px >= image.width) return Infinity;
    const i = (y * image.width + px) * 4;
    const off = Math.hypot(image.data[i] - surface[0], image.data[i + 1] - surface[1], image.data[i + 2] - surface[2]) >= PLATE_EDGE;
    if (!off) onSurface = true;
    else if (onSurface || n > skip) return n - 1;
  }
  return Infinity;
}

function middle(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1];
}

/** The edge shared with the nearest block stacked above or below, within half a line height. */
function columnAlignment(i: number, boxes: readonly Rect[], blocks: readonly TextBlock[]): TextAlign | undefined {
  const me = boxes[i];
  const size = blocks[i].style.fontSize;
  let best: { gap: number; align: TextAlign } | undefined;
  boxes.forEach((other, j) => {
    if (j === i || blocks[j].direction !== 'horizontal') return;
    const gap = Math.max(other.y - (me.y + me.height), me.y - (other.y + other.height));
    const across = Math.min(me.x + me.width, other.x + other.width) - Math.max(me.x, other.x);
    const otherSize = blocks[j].style.fontSize;
    if (across <= 0 || gap < -0.3 * Math.min(size, otherSize) || gap > 2.5 * Math.max(size, otherSize)) return;
    const diffs = EDGES.map((_, k) => Math.abs(edge(me, k) - edge(other, k)));
    const k = diffs.indexOf(Math.min(...diffs));
    // Boxes of one width share every edge: that says nothing.
    if (diffs.every((d) => d <= 0.5 * Math.min(size, otherSize))) return;
    if (diffs[k] <= 0.5 * Math.min(size, otherSize) && (!best || gap < best.gap)) best = { gap, align: EDGES[k] };
  });
  return best?.align;
}

/**
 * Centred on the page; else against the margin it is near, or on the side
 * of the page it sits in (text in the left half of a poster hangs from a left
 * margin); centred when it straddles the middle.
 */
function pageAlignment(box: Rect, pageWidth: number): TextAlign {
  const centre = box.x + box.width / 2;
  if (Math.abs(centre - pageWidth / 2) <= 0.06 * pageWidth) return 'center';
  if (box.x <= 0.12 * pageWidth || box.x + box.width <= pageWidth / 2) return 'left';
  if (box.x + box.width >= 0.88 * pageWidth || box.x >= pageWidth / 2) return 'right';
  return 'center';
}

function edge(r: Rect, k: number): number {
  return k === 0 ? r.x : k === 1 ? r.x + r.width / 2 : r.x + r.width;
}

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

/** Line boxes that share a row (pieces of one row) become one box. */
function mergeRows(boxes: Rect[]): Rect[] {
  const rows: Rect[] = [];
  for (const b of [...boxes].sort((p, q) => p.y - q.y)) {
    const row = rows.find((r) => Math.min(r.y + r.height, b.y + b.height) - Math.max(r.y, b.y) >= 0.5 * Math.min(r.height, b.height));
    if (!row) {
      rows.push({ ...b });
      continue;
    }
    const x1 = Math.max(row.x + row.width, b.x + b.width);
    const y1 = Math.max(row.y + row.height, b.y + b.height);
    row.x = Math.min(row.x, b.x);
    row.y = Math.min(row.y, b.y);
    row.width = x1 - row.x;
    row.height = y1 - row.y;
  }
  return rows;
}
