import { assertRgbaImage, createMask, type Mask, type RgbaImage } from '../image/rgba-image.js';
import type { Point, Polygon } from '../page/page.js';
import { invalidParameter, is } from '../validate.js';
import { PixelRole, segmentLineWindow } from './line-segment.js';
import { closeMask, dilateMask, fillPolygon } from './mask-ops.js';
import { addDropShadow, findDropShadow } from './drop-shadow.js';
import { glowTailReach } from './glow-tail.js';
import { followGlyphFill } from './fill-continuity.js';
import { chessboardDistance } from '../image/chessboard-distance.js';

/** Options of {@link buildTextMask}. */
export interface TextMaskOptions {
  /** How far each line's box is grown before looking for glyph pixels, as a share of the text height. Default 0.15. */
  expand?: number;
  /** Width of the background ring around each box, as a share of the text height (at least 3 px). Default 0.35. */
  ring?: number;
  /**
   * Final growth of the glyph mask, as a share of the text height, for
   * lettering that fades into its surroundings (a glow, a soft edge) and for
   * lines masked as their box. Default 0.08.
   */
  dilate?: number;
  /** Smallest final growth in pixels of those lines. Default 2. */
  minDilate?: number;
  /**
   * Final growth in pixels of crisp lettering (its edge drops to the
   * background or its plate within its anti-aliased rim). Default 1: every background
   * pixel the mask takes must be guessed by the inpainter, and next to the
   * glyphs a guess costs far more than the pixel it replaces (one pixel more
   * all round cost 2 to 4 dB in-mask on the stylised-text stress set).
   */
  crispDilate?: number;
  /** Colour distance (RGB, 0..441) above which a pixel differs from the background, before the ring's own noise is added. Default 36. */
  tolerance?: number;
}

/**
 * How the mask of one line was found: `background` (pixels that differ from the
 * surroundings' colours), `plate` (the text sits on a plate or pill of its own,
 * which is kept), `text-colour` (busy surroundings: the text's own colours), or
 * the `box` fallback.
 */
export type TextMaskMethod = 'background' | 'plate' | 'text-colour' | 'box';

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
 * (a stroke is just another colour that is not the background). Glyphs the
 * OCR box clipped (a bracket, an outline) are followed out into the ring, and
 * on smooth surroundings the decorations that fade into the background (a
 * glow, a soft shadow) are followed outward until the background model
 * explains the pixels again. Small gaps are closed and the result grows in
 * proportion to the text height.
 *
 * The ring is not trusted blindly: its colours are flooded into the box, and
 * when a good part of the box is a colour they do not reach and that extends
 * well past the glyphs (light letters on a dark sign under a white ceiling, a
 * coloured pill on a white board), that plate is the background: only what
 * differs from it is text, and the plate stays. A colour that only hugs the
 * glyphs is their outline and is erased with them, a poster title's thick
 * outline too (unlike a plate, it hardly shows outside the box).
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
  const crispDilate = share('crispDilate', options.crispDilate, 1);
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
    // Each pixel's role: OCR polygon, the grown box's border band, the free ring around it.
    const roles = localPolygonMask(outer.points, bx0, by0, lw, lh);
    const inside = localPolygonMask(box.points, bx0, by0, lw, lh);
    const core = localPolygonMask(g.points, bx0, by0, lw, lh);
    for (let y = 0; y < lh; y++)
      for (let x = 0; x < lw; x++) {
        const li = y * lw + x;
        if (core[li]) roles[li] = PixelRole.Core;
        else if (inside[li]) roles[li] = PixelRole.Band;
        else if (roles[li] && !occupied.data[(by0 + y) * W + bx0 + x]) roles[li] = PixelRole.Ring;
        else roles[li] = PixelRole.None;
      }
    const { method, glyphs, faded } = segmentLineWindow({ image, x0: bx0, y0: by0, width: lw, height: lh, roles, size }, tolerance);
    methods.push(method);
    if (method === 'background' || method === 'text-colour') {
      // A gradient fill passing through the background's colours loses its far end to the segmentation.
      followGlyphFill(image, bx0, by0, lw, lh, glyphs, roles);
      // A drop shadow's dark core is segmented with the glyphs; on a photo that shares its darks the rest is not.
      const shadow = findDropShadow(image, bx0, by0, lw, lh, glyphs, roles, size);
      if (shadow) addDropShadow(glyphs, roles, lw, lh, shadow);
    }
    let lineMask: Mask = { width: lw, height: lh, data: glyphs };
    if (method === 'box') {
      const shrunk = grow(g, -size * 0.05);
      lineMask = { width: lw, height: lh, data: localPolygonMask(shrunk.points, bx0, by0, lw, lh) };
    } else {
      lineMask = closeMask(lineMask, Math.max(1, Math.round(size / 24)));
    }
    // Crisp lettering ends at its anti-aliased rim; a glow or soft edge fades past what the segmentation took.
    // Letters on a plate are crisp too, and growing them far would reach past a tight pill's edge.
    // On busy surroundings a glow can escape the segmentation pixel by pixel and still show on average.
    const crisp = (method === 'text-colour' || method === 'plate' || (method === 'background' && (faded ?? 0) <= CRISP_FADED_SHARE))
      && haloShare(image, bx0, by0, lw, lh, glyphs, roles, size) <= CRISP_HALO;
    const radius = crisp ? Math.round(crispDilate) : Math.min(32, Math.max(Math.round(minDilate), Math.round(size * dilateShare)));
    lineMask = dilateMask(lineMask, radius);
    // A glow's last levels fade out past the growth; left in the hole's rim, the fill would spread their tint.
    const tail = crisp ? 0 : glowTailReach(image, bx0, by0, lw, lh, lineMask.data, roles, Math.max(2, Math.round(size * TAIL_SHARE)), size);
    if (tail > 0) lineMask = dilateMask(lineMask, tail);
    // Never reach past the ring (where clipped glyphs were followed) plus the dilation.
    const limit = localPolygonMask(grow(g, size * expand + ringWidth + radius + tail).points, bx0, by0, lw, lh);
    for (let y = 0; y < lh; y++)
      for (let x = 0; x < lw; x++) {
        const li = y * lw + x;
        if (lineMask.data[li] && limit[li]) out.data[(by0 + y) * W + bx0 + x] = 255;
      }
  }
  return { mask: out, methods };
}

// ---- internals -------------------------------------------------------------

/**
 * How far the pixels just outside the glyphs lean toward the glyphs' colour,
 * compared with the surroundings further out: 0 when the lettering ends at
 * its rim, a positive share of the glyph-to-background contrast when a glow
 * or halo in the glyphs' hue surrounds them (the segmentation may leave it
 * out on busy surroundings, where it cannot be told from them pixel by pixel,
 * but on average it shows). @internal
 */
function haloShare(image: RgbaImage, x0: number, y0: number, w: number, h: number, glyphs: Uint8Array, roles: Uint8Array, size: number): number {
  const d = chessboardDistance(glyphs, w, h);
  const nearTo = Math.max(3, Math.round(size * 0.12));
  const farFrom = Math.max(nearTo + 2, Math.round(size * 0.3));
  const farTo = Math.max(farFrom + 2, Math.round(size * 0.5));
  const sum = { glyph: [0, 0, 0, 0], near: [0, 0, 0, 0], far: [0, 0, 0, 0] };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      if (roles[li] === PixelRole.None) continue;
      const k = d[li];
      const acc = k === 0 ? sum.glyph : k >= 2 && k <= nearTo ? sum.near : k >= farFrom && k <= farTo ? sum.far : undefined;
      if (!acc) continue;
      const o = ((y0 + y) * image.width + x0 + x) * 4;
      acc[0] += image.data[o]; acc[1] += image.data[o + 1]; acc[2] += image.data[o + 2]; acc[3]++;
    }
  if (sum.glyph[3] < 16 || sum.near[3] < 16 || sum.far[3] < 16) return 0;
  const mean = (a: number[]): number[] => [a[0] / a[3], a[1] / a[3], a[2] / a[3]];
  const g = mean(sum.glyph), n = mean(sum.near), f = mean(sum.far);
  let dot = 0, len = 0;
  for (let c = 0; c < 3; c++) {
    dot += (n[c] - f[c]) * (g[c] - f[c]);
    len += (g[c] - f[c]) ** 2;
  }
  return len < 1 ? 0 : dot / len;
}

/**
 * Largest share of faint pixels (a third of the contrast or less) in a line's
 * lettering for it to count as crisp: bold titles, outlines, gradients and
 * extrusions stay under 0.1 on the stress set, most glows are well above it.
 */
const CRISP_FADED_SHARE = 0.1;
/**
 * Largest lean of the pixels next to the glyphs toward the glyphs' colour
 * ({@link haloShare}) for a line to count as crisp: crisp titles measure
 * -0.09..0.14 on the stress set, a glow over bokeh that the segmentation
 * missed 0.21.
 */
const CRISP_HALO = 0.15;
/** Furthest a glow's faint tail is followed past the growth, as a share of the text height. */
const TAIL_SHARE = 0.2;

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
