import { assertRgbaImage, createMask, type Mask, type RgbaImage } from '../image/rgba-image.js';
import type { Point, Polygon } from '../page/page.js';
import { invalidParameter, is } from '../validate.js';
import { closeMask, dilateMask, fillPolygon } from './mask-ops.js';

/** Options of {@link buildTextMask}. */
export interface TextMaskOptions {
  /** How far each line's box is grown before looking for glyph pixels, as a share of the text height. Default 0.15. */
  expand?: number;
  /** Width of the background ring around each box, as a share of the text height (at least 3 px). Default 0.35. */
  ring?: number;
  /** Final growth of the glyph mask, as a share of the text height (anti-aliasing, shadows). Default 0.08. */
  dilate?: number;
  /** Smallest final growth in pixels. Default 2. */
  minDilate?: number;
  /** Colour distance (RGB, 0..441) above which a pixel differs from the background, before the ring's own noise is added. Default 36. */
  tolerance?: number;
}

/** How the mask of one line was found. */
export type TextMaskMethod = 'background' | 'text-colour' | 'box';

/** A mask and, per input line, the method that produced it. */
export interface TextMaskResult {
  /** 255 = text to erase. */
  mask: Mask;
  /** One entry per input line, in order. */
  methods: TextMaskMethod[];
}

/**
 * Glyph-precise erase mask from OCR lines. For each line, the background is
 * estimated from a ring of pixels around its box (one or two dominant colours,
 * so a two-tone banner works); pixels inside the slightly grown box that
 * differ from it are text, which takes in anti-aliased edges and outlines
 * (a stroke is just another colour that is not the background). Small gaps
 * are closed and the result grows in proportion to the text height.
 *
 * When the ring is too busy to model (text over a photo), the text colour is
 * found instead (the colour far more common inside the box than in the ring)
 * and only pixels near it are taken, so the photo keeps its detail; when not
 * even that separates the glyphs, the line falls back to its box, shrunk a
 * little, since OCR boxes are padded.
 *
 * @param image - the page
 * @param lines - text lines (only `polygon` is used), in image pixels
 * @param options - see {@link TextMaskOptions}
 * @returns a mask the size of the image (255 = erase)
 * @throws GlossaError `INVALID_INPUT` for a malformed image, polygon or option
 * @example
 * ```ts
 * const lines = await ocr.recognize(image);
 * const mask = buildTextMask(image, lines);
 * const clean = await createClassicalInpainter().inpaint(image, mask);
 * ```
 */
export function buildTextMask(image: RgbaImage, lines: readonly { polygon: Polygon }[], options: TextMaskOptions = {}): Mask {
  return buildTextMaskWithMethods(image, lines, options).mask;
}

/**
 * {@link buildTextMask}, also saying for each line which method found it
 * (`background`, `text-colour`, or the `box` fallback).
 *
 * @param image - the page
 * @param lines - text lines (only `polygon` is used)
 * @param options - see {@link TextMaskOptions}
 * @example
 * ```ts
 * const { mask, methods } = buildTextMaskWithMethods(image, lines);
 * if (methods.includes('box')) console.warn('some lines were masked as boxes');
 * ```
 */
export function buildTextMaskWithMethods(image: RgbaImage, lines: readonly { polygon: Polygon }[], options: TextMaskOptions = {}): TextMaskResult {
  assertRgbaImage(image, 'image');
  if (!Array.isArray(lines)) throw invalidParameter('lines', 'an array of {polygon}', lines);
  const expand = share('expand', options.expand, 0.15);
  const ringShare = share('ring', options.ring, 0.35);
  const dilateShare = share('dilate', options.dilate, 0.08);
  const minDilate = share('minDilate', options.minDilate, 2);
  const tolerance = share('tolerance', options.tolerance, 36);
  const { width: W, height: H } = image;
  const out = createMask(W, H);
  const methods: TextMaskMethod[] = [];
  if (lines.length === 0) return { mask: out, methods };

  // All grown boxes, so no line's ring samples another line's glyphs.
  const geometry = lines.map((line, i) => lineGeometry(line?.polygon, `lines[${i}].polygon`));
  const occupied = createMask(W, H);
  for (const g of geometry) fillPolygon(occupied, grow(g, g.size * expand).points, 255);

  for (const g of geometry) {
    const size = g.size;
    const box = grow(g, size * expand);
    const ringWidth = Math.max(3, Math.round(size * ringShare));
    const outer = grow(g, size * expand + ringWidth);
    const bx0 = clampInt(Math.floor(Math.min(...outer.points.map((p) => p[0]))), 0, W - 1);
    const by0 = clampInt(Math.floor(Math.min(...outer.points.map((p) => p[1]))), 0, H - 1);
    const bx1 = clampInt(Math.ceil(Math.max(...outer.points.map((p) => p[0]))), 0, W - 1);
    const by1 = clampInt(Math.ceil(Math.max(...outer.points.map((p) => p[1]))), 0, H - 1);
    const lw = bx1 - bx0 + 1;
    const lh = by1 - by0 + 1;
    // Local masks: inside the grown box, and the ring between it and the outer box.
    const inside = localPolygonMask(box.points, bx0, by0, lw, lh);
    const ringMask = localPolygonMask(outer.points, bx0, by0, lw, lh);
    const ring: number[] = [];
    const boxPixels: number[] = [];
    for (let y = 0; y < lh; y++)
      for (let x = 0; x < lw; x++) {
        const li = y * lw + x;
        const gi = (by0 + y) * W + bx0 + x;
        if (inside[li]) boxPixels.push(gi);
        else if (ringMask[li] && !occupied.data[gi]) ring.push(gi);
      }
    const local = new Uint8Array(lw * lh);
    const method = segmentLine(image.data, ring, boxPixels, tolerance, (gi) => {
      const x = (gi % W) - bx0;
      const y = Math.floor(gi / W) - by0;
      local[y * lw + x] = 255;
    });
    methods.push(method);
    let lineMask: Mask = { width: lw, height: lh, data: local };
    if (method === 'box') {
      const shrunk = grow(g, -size * 0.05);
      lineMask = { width: lw, height: lh, data: localPolygonMask(shrunk.points, bx0, by0, lw, lh) };
    } else {
      lineMask = closeMask(lineMask, Math.max(1, Math.round(size / 24)));
    }
    const radius = Math.min(32, Math.max(Math.round(minDilate), Math.round(size * dilateShare)));
    lineMask = dilateMask(lineMask, radius);
    // Never reach past the grown box plus the dilation.
    const limit = localPolygonMask(grow(g, size * expand + radius).points, bx0, by0, lw, lh);
    for (let y = 0; y < lh; y++)
      for (let x = 0; x < lw; x++) {
        const li = y * lw + x;
        if (lineMask.data[li] && limit[li]) out.data[(by0 + y) * W + bx0 + x] = 255;
      }
  }
  return { mask: out, methods };
}

// ---- internals -------------------------------------------------------------

/** A line's polygon with its orientation: `u` along the text, `v` across, `size` the text height. @internal */
interface LineGeometry {
  points: Point[];
  size: number;
}

/** @internal */
function lineGeometry(polygon: unknown, name: string): LineGeometry {
  if (!Array.isArray(polygon) || polygon.length < 3 || !polygon.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
    throw invalidParameter(name, 'a polygon of at least 3 finite [x, y] points', polygon);
  }
  const pts = polygon as Point[];
  let size: number;
  if (pts.length === 4) {
    const d = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
    const along = (d(pts[0], pts[1]) + d(pts[3], pts[2])) / 2;
    const across = (d(pts[0], pts[3]) + d(pts[1], pts[2])) / 2;
    // Vertical columns are taller than wide: the text size is then the width.
    size = Math.min(along, across);
  } else {
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    size = Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  }
  return { points: pts, size: Math.max(1, size) };
}

/** Grows (or, for negative `by`, shrinks) a polygon by `by` pixels: quadrilaterals along their own axes, others radially from the centroid. @internal */
function grow(g: LineGeometry, by: number): LineGeometry {
  const p = g.points;
  if (p.length === 4) {
    const unit = (x: number, y: number): [number, number] => {
      const l = Math.hypot(x, y) || 1;
      return [x / l, y / l];
    };
    const u = unit(p[1][0] - p[0][0] + p[2][0] - p[3][0], p[1][1] - p[0][1] + p[2][1] - p[3][1]);
    const v = unit(p[3][0] - p[0][0] + p[2][0] - p[1][0], p[3][1] - p[0][1] + p[2][1] - p[1][1]);
    const signs: [number, number][] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];
    return {
      size: g.size,
      points: p.map((q, i) => [q[0] + by * (signs[i][0] * u[0] + signs[i][1] * v[0]), q[1] + by * (signs[i][0] * u[1] + signs[i][1] * v[1])] as Point),
    };
  }
  const cx = p.reduce((s, q) => s + q[0], 0) / p.length;
  const cy = p.reduce((s, q) => s + q[1], 0) / p.length;
  return {
    size: g.size,
    points: p.map((q) => {
      const l = Math.hypot(q[0] - cx, q[1] - cy) || 1;
      return [q[0] + (by * (q[0] - cx)) / l, q[1] + (by * (q[1] - cy)) / l] as Point;
    }),
  };
}

/** @internal */
function localPolygonMask(points: Point[], x0: number, y0: number, w: number, h: number): Uint8Array {
  const m = createMask(w, h);
  fillPolygon(m, points.map((q) => [q[0] - x0, q[1] - y0] as Point), 255);
  return m.data;
}

/**
 * Decides which box pixels are text and calls `mark` for each; returns the method used.
 * @internal
 */
function segmentLine(data: Uint8ClampedArray, ring: number[], box: number[], tolerance: number, mark: (gi: number) => void): TextMaskMethod {
  if (box.length === 0) return 'box';
  if (ring.length >= 16) {
    const modes = dominantColours(data, ring, 2);
    // Noise of the ring around its nearest mode, robustly (median absolute distance).
    const dists = ring.map((gi) => nearestDistance(data, gi, modes)).sort((a, b) => a - b);
    const median = dists[Math.floor(dists.length / 2)];
    const coverage = dists.filter((d) => d <= tolerance + 2 * median).length / dists.length;
    if (coverage >= 0.8) {
      const tol = tolerance + 2.5 * median;
      for (const gi of box) if (nearestDistance(data, gi, modes) > tol) mark(gi);
      return 'background';
    }
    // Busy background: look for the text's own colour(s) instead.
    const textColours = excessColours(data, box, ring);
    if (textColours.length > 0) {
      const tol = tolerance * 1.2;
      for (const gi of box) if (nearestDistance(data, gi, textColours) <= tol) mark(gi);
      return 'text-colour';
    }
  }
  return 'box';
}

/** Colour quantisation: 4 bits per channel (4096 bins). @internal */
function bin(data: Uint8ClampedArray, gi: number): number {
  const o = gi * 4;
  return ((data[o] >> 4) << 8) | ((data[o + 1] >> 4) << 4) | (data[o + 2] >> 4);
}

/**
 * Up to `count` dominant colours of the given pixels: histogram modes (each
 * bin smoothed with its neighbours), the second kept only if it is distinct
 * and holds at least a fifth of the pixels; each returned as the mean colour
 * of the pixels in its bin neighbourhood.
 * @internal
 */
function dominantColours(data: Uint8ClampedArray, pixels: number[], count: number): [number, number, number][] {
  const hist = new Uint32Array(4096);
  for (const gi of pixels) hist[bin(data, gi)]++;
  const smoothed = new Float32Array(4096);
  for (let b = 0; b < 4096; b++) {
    if (!hist[b]) continue;
    const r = b >> 8, g = (b >> 4) & 15, bl = b & 15;
    for (let dr = -1; dr <= 1; dr++)
      for (let dg = -1; dg <= 1; dg++)
        for (let db = -1; db <= 1; db++) {
          const rr = r + dr, gg = g + dg, bb = bl + db;
          if (rr < 0 || gg < 0 || bb < 0 || rr > 15 || gg > 15 || bb > 15) continue;
          smoothed[(rr << 8) | (gg << 4) | bb] += hist[b];
        }
  }
  const modes: [number, number, number][] = [];
  const taken: number[] = [];
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let b = 0; b < 4096; b++) {
      if (taken.some((t) => binDistance(t, b) <= 2)) continue;
      if (best < 0 || smoothed[b] > smoothed[best]) best = b;
    }
    if (best < 0 || smoothed[best] === 0) break;
    if (k > 0) {
      // A second background colour must hold a fifth of the ring, else it is clutter.
      let near = 0;
      for (const gi of pixels) if (binDistance(bin(data, gi), best) <= 1) near++;
      if (near < 0.2 * pixels.length) break;
    }
    taken.push(best);
    let r = 0, g = 0, bl = 0, n = 0;
    for (const gi of pixels) {
      if (binDistance(bin(data, gi), best) > 1) continue;
      const o = gi * 4;
      r += data[o]; g += data[o + 1]; bl += data[o + 2]; n++;
    }
    modes.push([r / n, g / n, bl / n]);
  }
  return modes;
}

/** Chebyshev distance between two bins in the 16x16x16 grid. @internal */
function binDistance(a: number, b: number): number {
  return Math.max(Math.abs((a >> 8) - (b >> 8)), Math.abs(((a >> 4) & 15) - ((b >> 4) & 15)), Math.abs((a & 15) - (b & 15)));
}

/**
 * Colours much more common inside the box than in the ring (the text fill,
 * and an outline if there is one): bins whose share inside exceeds four times
 * their share in the ring and that hold at least 4 % of the box.
 * @internal
 */
function excessColours(data: Uint8ClampedArray, box: number[], ring: number[]): [number, number, number][] {
  const inBox = new Float32Array(4096);
  const inRing = new Float32Array(4096);
  for (const gi of box) inBox[bin(data, gi)] += 1 / box.length;
  for (const gi of ring) inRing[bin(data, gi)] += 1 / ring.length;
  // Neighbourhood sums, so a colour split across two bins still counts as one.
  const near = (hist: Float32Array, b: number): number => {
    let s = 0;
    const r = b >> 8, g = (b >> 4) & 15, bl = b & 15;
    for (let dr = -1; dr <= 1; dr++)
      for (let dg = -1; dg <= 1; dg++)
        for (let db = -1; db <= 1; db++) {
          const rr = r + dr, gg = g + dg, bb = bl + db;
          if (rr < 0 || gg < 0 || bb < 0 || rr > 15 || gg > 15 || bb > 15) continue;
          s += hist[(rr << 8) | (gg << 4) | bb];
        }
    return s;
  };
  const candidates: { b: number; score: number }[] = [];
  for (let b = 0; b < 4096; b++) {
    if (inBox[b] === 0) continue;
    const sb = near(inBox, b);
    const sr = near(inRing, b);
    if (sb >= 0.04 && sb > 4 * sr + 0.02) candidates.push({ b, score: sb - sr });
  }
  candidates.sort((a, b) => b.score - a.score);
  const picked: number[] = [];
  for (const c of candidates) {
    if (picked.length >= 2) break;
    if (picked.some((p) => binDistance(p, c.b) <= 2)) continue;
    picked.push(c.b);
  }
  return picked.map((b) => {
    let r = 0, g = 0, bl = 0, n = 0;
    for (const gi of box) {
      if (binDistance(bin(data, gi), b) > 1) continue;
      const o = gi * 4;
      r += data[o]; g += data[o + 1]; bl += data[o + 2]; n++;
    }
    return [r / n, g / n, bl / n] as [number, number, number];
  });
}

/** Euclidean RGB distance from a pixel to the nearest of `colours`. @internal */
function nearestDistance(data: Uint8ClampedArray, gi: number, colours: [number, number, number][]): number {
  const o = gi * 4;
  let best = Infinity;
  for (const c of colours) {
    const d = Math.hypot(data[o] - c[0], data[o + 1] - c[1], data[o + 2] - c[2]);
    if (d < best) best = d;
  }
  return best;
}

/** @internal */
function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** @internal */
function share(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!is.number(value) || value < 0) throw invalidParameter(name, 'a non-negative number', value);
  return value;
}
