import { throwIfAborted } from '../errors.js';
import { borderMedian, ringColours } from '../image/border-colour.js';
import { binCentre, colourBin } from '../image/colour-bins.js';
import { assertRgbaImage, type RgbaImage, type Rect } from '../image/rgba-image.js';
import type { Page, Polygon, TextBlock, TextStyle } from '../page/page.js';
import { polygonArea, polygonBounds } from '../page/geometry.js';
import { maskFromPolygons } from '../mask/mask-ops.js';
import type { CallOptions } from '../plugins.js';
import { invalidParameter } from '../validate.js';
import { inferAlignments } from './alignment.js';
import { contrastRatio, rgbToHex, type Rgb } from './color.js';
import { inferGradient } from './gradient.js';
import { inferShadow, type InferredShadow } from './shadow.js';
import { inferSlant } from './slant.js';
import { inferWeight } from './weight.js';

/** Options of {@link inferBlockStyles}. */
export interface InferStyleOptions extends CallOptions {
  /**
   * Contrast ratio (WCAG) below which a contrasting outline is added, unless
   * the source text had about as little contrast on its own ground (the
   * designer's choice: a red price on orange stays as it was). Default 3.
   */
  minContrast?: number;
}

// A pixel counts as ink when it is this far (Euclidean RGB) from the
// background behind it; anti-aliased edge pixels mostly fall below it.
const INK_DISTANCE = 64;
// Pixels within this distance of a cluster's colour belong to it.
const CLUSTER_RADIUS = 48;
// A line polygon filling less of its bounding box than this is tilted.
const TILTED = 0.85;
// Below this contrast ratio text gets an outline even if the source had as little.
const FLOOR_CONTRAST = 2;

/**
 * Reads each block's text colour, weight and outline when there is one from
 * the source pixels, and its alignment from its rows or its place on the page,
 * and records them in `block.style` (`color`, `gradient`, `shadow`, `fontWeight`,
 * `slant`, `strokeColor`, `strokeWidth`, `align`).
 *
 * How: inside the block's line boxes, pixels that differ clearly from the
 * background (the erased image at the same pixel when given, else the median
 * of a ring around the block) are ink. The most common ink colour is the
 * fill. When a second ink colour forms a band that touches the background
 * far more often than the first does, the text had an outline: that band is
 * the stroke, its width estimated as band area over band perimeter. When the
 * fill has a contrast ratio below `minContrast` against the erased
 * background and there is no outline, a black or white outline is added so
 * the translation stays readable, unless the source had about the same
 * contrast on its own ground (above a floor of 2). A fill that runs from one colour at the top
 * of the glyphs to another at the bottom is recorded as `gradient`; a second
 * colour on one side of the glyphs only (not enclosing them) as `shadow`. The weight is `bold` when the strokes are
 * thick for the ink's height (stroke width from ink area over edge length).
 * Horizontal text whose stems lean is italic: `slant` holds the angle
 * (shearing the ink upright makes its column histogram peakiest).
 * A block of one row (or of rows of one width) takes its alignment from the
 * block stacked above or below it that shares an edge with it, else from the
 * plate it sits on (centred on a pill is centred), else from its place on the
 * page (centred, or against the left or right margin).
 *
 * @param page - the page (not modified)
 * @param image - the original image, with the source text
 * @param background - the erased image (same size), when available
 * @param options - `minContrast`, `signal`
 * @returns a new page with updated styles
 * @throws GlossaError `INVALID_INPUT` when the images do not match the page size
 * @example
 * ```ts
 * const styled = inferBlockStyles(page, original, erased);
 * styled.blocks[0].style.color; // '#e4393c'
 * ```
 */
export function inferBlockStyles(page: Page, image: RgbaImage, background?: RgbaImage, options: InferStyleOptions = {}): Page {
  assertRgbaImage(image, 'image');
  if (image.width !== page.width || image.height !== page.height) {
    throw invalidParameter('image', `a ${page.width}x${page.height} image (the page size)`, `${image.width}x${image.height}`);
  }
  if (background !== undefined) {
    assertRgbaImage(background, 'background');
    if (background.width !== image.width || background.height !== image.height) {
      throw invalidParameter('background', `a ${image.width}x${image.height} image (the original's size)`, `${background.width}x${background.height}`);
    }
  }
  const minContrast = options.minContrast ?? 3;
  const blocks = page.blocks.map((block) => {
    throwIfAborted(options.signal);
    const style = inferStyle(block, image, background, minContrast);
    return style ? { ...block, style } : block;
  });
  return inferAlignments({ ...page, blocks }, image);
}

/** One block's style, or null when no ink was found. @internal */
export function inferStyle(block: TextBlock, image: RgbaImage, background: RgbaImage | undefined, minContrast: number): TextStyle | null {
  const { width: W, height: H, data } = image;
  const polygons = block.lines.length ? block.lines.map((l) => l.polygon) : [block.polygon];
  const boxes = polygons.map((p) => intRect(polygonBounds(p), W, H));
  const bounds = boxes.reduce((a, b) => union(a, b));
  if (bounds.width <= 0 || bounds.height <= 0) return null;

  // Background behind the glyphs: the median of each line box's own border
  // pixels. Line boxes are tight, so their border is mostly the local ground
  // (a label's pill, a banner), which an imperfect erasure or a ring outside
  // the box can get wrong.
  const ring = ringMedian(image, bounds, boxes);
  const borders = boxes.map((r) => borderMedian(image, r));
  // Every colour that holds a good share of a box's border is ground too: a
  // title across two panels has two, and their median is neither.
  // They are sampled on a ring a little outside the line's polygon, since
  // glyphs often touch the edges of a tight box.
  const grounds = polygons.map((p, b) => {
    const pad = Math.max(2, Math.round(0.15 * lineThickness(p)));
    return [borders[b], ...ringColours(image, p, pad, INK_DISTANCE / 2)];
  });
  // And the ground above and below each column of an upright line, where
  // the two agree: a backdrop that darkens along the line (a lit surface, a
  // diagonal sheen) is ground all the way, though no one colour holds a
  // quarter of the ring. (Where they differ, one of them is likely an
  // outline or a glow around the glyphs, or the backdrop is a vertical ramp.)
  const columns = polygons.map((p, b) => (isTilted(p, boxes[b]) ? undefined : columnGrounds(image, boxes[b], Math.max(2, Math.round(0.25 * boxes[b].height)))));
  const isGround = (x: number, y: number, i: number): boolean => {
    for (let b = 0; b < boxes.length; b++) {
      const r = boxes[b];
      if (x < r.x || x >= r.x + r.width || y < r.y || y >= r.y + r.height) continue;
      const near = (bg: Rgb) => dist(data[i], data[i + 1], data[i + 2], bg) < INK_DISTANCE;
      const column = columns[b];
      const local = column?.[x - r.x];
      return grounds[b].some(near) || (local !== undefined && near(local));
    }
    return dist(data[i], data[i + 1], data[i + 2], ring) < INK_DISTANCE;
  };

  // Ink map over the bounds.
  const bw = bounds.width;
  const bh = bounds.height;
  const ink = new Uint8Array(bw * bh);
  const inBoxes = new Uint8Array(bw * bh);
  polygons.forEach((p, b) => {
    const r = boxes[b];
    if (!isTilted(p, r)) {
      for (let y = r.y; y < r.y + r.height; y++) inBoxes.fill(1, (y - bounds.y) * bw + r.x - bounds.x, (y - bounds.y) * bw + r.x - bounds.x + r.width);
    } else {
      // A tilted line: only its polygon, not the corners of its bounding box
      // (the page around a sticker or a speech balloon).
      const local = maskFromPolygons(bw, bh, [p.map(([x, y]) => [x - bounds.x, y - bounds.y] as [number, number])]);
      for (let k = 0; k < inBoxes.length; k++) if (local.data[k]) inBoxes[k] = 1;
    }
  });
  const bins = new Map<number, number>();
  let inkCount = 0;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const k = y * bw + x;
      if (!inBoxes[k]) continue;
      const i = ((bounds.y + y) * W + bounds.x + x) * 4;
      if (isGround(bounds.x + x, bounds.y + y, i)) continue;
      ink[k] = 1;
      inkCount++;
      const bin = colourBin(data, i);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
  }
  if (inkCount < 8) return null;

  const pixelAt = (k: number): Rgb => {
    const i = ((bounds.y + Math.floor(k / bw)) * W + bounds.x + (k % bw)) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  };
  const c1 = refine(dominantBin(bins), ink, pixelAt);
  // Second ink colour: the dominant bin among pixels far from the first.
  const far = new Map<number, number>();
  for (const [bin, n] of bins) if (dist(...binCentre(bin), c1) > 2 * CLUSTER_RADIUS) far.set(bin, n);
  let fill = c1;
  let stroke: { color: Rgb; width: number } | undefined;
  let shadow: InferredShadow | undefined;
  if (far.size) {
    const c2 = refine(dominantBin(far), ink, pixelAt);
    const s1 = bandStats(c1, ink, bw, bh, pixelAt);
    const s2 = bandStats(c2, ink, bw, bh, pixelAt);
    if (s2.count >= 0.12 * inkCount && s1.count >= 0.12 * inkCount) {
      // The outline is the band that touches the background; the fill sits inside it.
      const [inner, outer] = s1.edgeShare <= s2.edgeShare ? [{ c: c1, s: s1 }, { c: c2, s: s2 }] : [{ c: c2, s: s2 }, { c: c1, s: s1 }];
      // A real outline encloses the fill: most of the fill's edge borders the
      // outline colour, not the background (a busy background behind plain
      // text gives a second colour too, but one that does not enclose).
      // A thick outline touches the background only along its outer rim (a
      // small share of its pixels), but then the fill never does.
      const touchesMore = outer.s.edgeShare > inner.s.edgeShare + 0.2 || (inner.s.edgeShare < 0.02 && outer.s.edgeShare > 0.05);
      if (touchesMore && enclosure(inner.c, outer.c, ink, bw, bh, pixelAt) >= 0.6) {
        fill = inner.c;
        const width = bandWidth(inner.c, ink, bw, bh, pixelAt);
        stroke = { color: outer.c, width: Math.max(1, Math.min(block.style.fontSize * 0.25, width)) };
      } else {
        // A second colour on one side of the glyphs only is their shadow.
        const near = (c: Rgb) => (k: number) => ink[k] === 1 && dist(...pixelAt(k), c) <= CLUSTER_RADIUS;
        shadow = inferShadow(c1, c2, median3(borders), near(c1), near(c2), bw, bh, block.style.fontSize);
      }
    }
  }
  // Contrast is judged against what the translation will be drawn on.
  const bgColor = background ? medianIn(background, bounds) : median3(borders);
  // The designer's own contrast is kept: an outline only when the new ground
  // reads clearly worse than the source's did, or hardly at all.
  const contrast = contrastRatio(fill, bgColor);
  const designed = contrastRatio(fill, median3(borders));
  if (!stroke && contrast < minContrast && (contrast < FLOOR_CONTRAST || contrast < 0.85 * designed)) {
    const black: Rgb = [0, 0, 0];
    const white: Rgb = [255, 255, 255];
    const color = contrastRatio(fill, black) >= contrastRatio(fill, white) ? black : white;
    stroke = { color, width: Math.max(1, Math.round(block.style.fontSize * 0.06)) };
  }
  const style: TextStyle = { ...block.style, color: rgbToHex(fill), fontWeight: inferWeight(image, boxes, borders, fill, block.sourceText) };
  delete style.strokeColor;
  delete style.strokeWidth;
  delete style.gradient;
  delete style.shadow;
  delete style.slant;
  // Columns of stacked glyphs have no stems to lean; only rows are measured.
  const slant = block.direction === 'vertical' ? 0 : inferSlant(image, boxes, borders, fill);
  if (slant) style.slant = slant;
  if (shadow) style.shadow = { color: rgbToHex(shadow.color), offsetX: shadow.offsetX, offsetY: shadow.offsetY };
  if (stroke) {
    style.strokeColor = rgbToHex(stroke.color);
    style.strokeWidth = Math.round(stroke.width * 10) / 10;
  }
  const gradient = inferGradient(image, boxes, borders, stroke?.color);
  if (gradient) style.gradient = { top: rgbToHex(gradient.top), bottom: rgbToHex(gradient.bottom) };
  return style;
}

function dist(r: number, g: number, b: number, c: Rgb): number {
  return Math.hypot(r - c[0], g - c[1], b - c[2]);
}

function dominantBin(bins: Map<number, number>): number {
  let best = -1;
  let bestN = -1;
  for (const [bin, n] of bins) {
    if (n > bestN) {
      best = bin;
      bestN = n;
    }
  }
  return best;
}

/** Mean colour of the ink pixels near a bin's centre (two passes, so it settles on the cluster). */
function refine(bin: number, ink: Uint8Array, pixelAt: (k: number) => Rgb): Rgb {
  let centre: Rgb = binCentre(bin);
  for (let pass = 0; pass < 2; pass++) {
    let r = 0, g = 0, b = 0, n = 0;
    for (let k = 0; k < ink.length; k++) {
      if (!ink[k]) continue;
      const p = pixelAt(k);
      if (dist(p[0], p[1], p[2], centre) > CLUSTER_RADIUS) continue;
      r += p[0];
      g += p[1];
      b += p[2];
      n++;
    }
    if (!n) break;
    centre = [r / n, g / n, b / n];
  }
  return centre;
}

/** Pixel count of a colour cluster, and how many of them touch a non-ink pixel. */
function bandStats(c: Rgb, ink: Uint8Array, bw: number, bh: number, pixelAt: (k: number) => Rgb): { count: number; edge: number; edgeShare: number } {
  let count = 0;
  let edge = 0;
  let perimeter = 0;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const k = y * bw + x;
      if (!ink[k]) continue;
      const p = pixelAt(k);
      if (dist(p[0], p[1], p[2], c) > CLUSTER_RADIUS) continue;
      count++;
      // Within two pixels of background: anti-aliasing leaves a one-pixel
      // fringe of non-ink around the outer band.
      let touches = false;
      for (let d = 1; d <= 2 && !touches; d++) {
        touches =
          (x >= d && !ink[k - d]) || (x + d < bw && !ink[k + d]) || (y >= d && !ink[k - d * bw]) || (y + d < bh && !ink[k + d * bw]);
        if (touches && d === 1) perimeter++;
      }
      if (touches) edge++;
    }
  }
  // `edge` (returned) is the one-pixel perimeter, for width = area / perimeter.
  return { count, edge: perimeter, edgeShare: count ? edge / count : 0 };
}

/** Share of the fill's edge pixels that touch the outline colour (rather than non-ink). */
function enclosure(fill: Rgb, outline: Rgb, ink: Uint8Array, bw: number, bh: number, pixelAt: (k: number) => Rgb): number {
  const near = (k: number, c: Rgb) => {
    const p = pixelAt(k);
    return dist(p[0], p[1], p[2], c) <= CLUSTER_RADIUS;
  };
  let edge = 0;
  let enclosed = 0;
  for (let y = 1; y < bh - 1; y++) {
    for (let x = 1; x < bw - 1; x++) {
      const k = y * bw + x;
      if (!ink[k] || !near(k, fill)) continue;
      let touchesOutline = false;
      let isEdge = false;
      for (const d of [-1, 1, -bw, bw]) {
        const n = k + d;
        if (ink[n] && near(n, fill)) continue;
        isEdge = true;
        // Look two pixels out: an anti-aliased blend may sit between fill and outline.
        const n2 = n + d;
        if ((ink[n] && near(n, outline)) || (n2 >= 0 && n2 < ink.length && ink[n2] && near(n2, outline))) touchesOutline = true;
      }
      if (isEdge) {
        edge++;
        if (touchesOutline) enclosed++;
      }
    }
  }
  return edge ? enclosed / edge : 0;
}

/**
 * Width of the outline band: the median distance (chessboard, via BFS from
 * every non-ink pixel) from the fill's edge to the background, less the one
 * pixel of the fill itself.
 */
function bandWidth(fill: Rgb, ink: Uint8Array, bw: number, bh: number, pixelAt: (k: number) => Rgb): number {
  const distance = new Int32Array(bw * bh).fill(-1);
  const queue = new Int32Array(bw * bh);
  let head = 0;
  let tail = 0;
  for (let k = 0; k < ink.length; k++) {
    if (!ink[k]) {
      distance[k] = 0;
      queue[tail++] = k;
    }
  }
  while (head < tail) {
    const k = queue[head++];
    const x = k % bw;
    const y = (k - x) / bw;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
        const n = ny * bw + nx;
        if (distance[n] >= 0) continue;
        distance[n] = distance[k] + 1;
        queue[tail++] = n;
      }
    }
  }
  const isFill = (k: number) => {
    if (!ink[k]) return false;
    const p = pixelAt(k);
    return dist(p[0], p[1], p[2], fill) <= CLUSTER_RADIUS;
  };
  const edges: number[] = [];
  for (let y = 1; y < bh - 1; y++) {
    for (let x = 1; x < bw - 1; x++) {
      const k = y * bw + x;
      if (distance[k] < 1 || !isFill(k)) continue;
      // A fill pixel with a non-fill ink neighbour sits on the fill's edge.
      if ([k - 1, k + 1, k - bw, k + bw].some((n) => ink[n] && !isFill(n))) edges.push(distance[k]);
    }
  }
  if (!edges.length) return 1;
  edges.sort((a, b) => a - b);
  return Math.max(1, edges[edges.length >> 1] - 1);
}

/** Median colour of a ring of pixels around `bounds`, outside every box. */
function ringMedian(image: RgbaImage, bounds: Rect, boxes: Rect[]): Rgb {
  const pad = Math.max(2, Math.round(Math.min(bounds.width, bounds.height) * 0.15));
  const outer = intRect({ x: bounds.x - pad, y: bounds.y - pad, width: bounds.width + 2 * pad, height: bounds.height + 2 * pad }, image.width, image.height);
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  const inside = (x: number, y: number) => boxes.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
  for (let y = outer.y; y < outer.y + outer.height; y++) {
    for (let x = outer.x; x < outer.x + outer.width; x++) {
      if (inside(x, y)) continue;
      const i = (y * image.width + x) * 4;
      rs.push(image.data[i]);
      gs.push(image.data[i + 1]);
      bs.push(image.data[i + 2]);
    }
  }
  if (!rs.length) return medianIn(image, bounds);
  return [median(rs), median(gs), median(bs)];
}

function median3(colors: Rgb[]): Rgb {
  return [median(colors.map((c) => c[0])), median(colors.map((c) => c[1])), median(colors.map((c) => c[2]))];
}

function medianIn(image: RgbaImage, r: Rect): Rgb {
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x; x < r.x + r.width; x++) {
      const i = (y * image.width + x) * 4;
      rs.push(image.data[i]);
      gs.push(image.data[i + 1]);
      bs.push(image.data[i + 2]);
    }
  }
  return rs.length ? [median(rs), median(gs), median(bs)] : [255, 255, 255];
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

function intRect(r: Rect, W: number, H: number): Rect {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(W, Math.ceil(r.x + r.width));
  const y1 = Math.min(H, Math.ceil(r.y + r.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

function union(a: Rect, b: Rect): Rect {
  if (a.width <= 0 || a.height <= 0) return b;
  if (b.width <= 0 || b.height <= 0) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** A line polygon's thickness: its area over its longest side. */
function lineThickness(polygon: Polygon): number {
  let longest = 0;
  for (let k = 0; k < polygon.length; k++) {
    const [ax, ay] = polygon[k];
    const [bx, by] = polygon[(k + 1) % polygon.length];
    longest = Math.max(longest, Math.hypot(bx - ax, by - ay));
  }
  return longest > 0 ? polygonArea(polygon) / longest : 0;
}

/** Whether a line polygon is tilted: it fills clearly less than its bounding box. */
function isTilted(polygon: Polygon, box: Rect): boolean {
  return polygonArea(polygon) < TILTED * box.width * box.height;
}

/**
 * For each column of a box, the ground where the colours `pad` pixels above
 * and below it agree (each the median of five neighbouring columns, so one
 * stray stroke does not count); undefined where they differ.
 */
function columnGrounds(image: RgbaImage, box: Rect, pad: number): (Rgb | undefined)[] {
  const rowAbove = Math.max(0, box.y - pad);
  const rowBelow = Math.min(image.height - 1, box.y + box.height - 1 + pad);
  const at = (x: number, y: number): Rgb => {
    const rs: number[] = [], gs: number[] = [], bs: number[] = [];
    for (let dx = -2; dx <= 2; dx++) {
      const i = (y * image.width + Math.min(image.width - 1, Math.max(0, x + dx))) * 4;
      rs.push(image.data[i]);
      gs.push(image.data[i + 1]);
      bs.push(image.data[i + 2]);
    }
    return [median(rs), median(gs), median(bs)];
  };
  const out: (Rgb | undefined)[] = [];
  for (let x = box.x; x < box.x + box.width; x++) {
    const a = at(x, rowAbove);
    const b = at(x, rowBelow);
    out.push(dist(...a, b) < INK_DISTANCE / 2 ? [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2] : undefined);
  }
  return out;
}
