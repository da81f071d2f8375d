/**
 * Background pixels inside a coarse hole. Users and datasets often mark text
 * with boxes (a word's quadrilateral, a whole sign), so most of the hole is
 * still background that needs no inventing: a white logo on a black sign
 * keeps its black once the letters are gone, even when the ring around the
 * box is the white ceiling. The hole's own inner border (its pixels next to
 * the known ones) is taken as the local background when one or two colours
 * dominate it; hole pixels of those colours, away from the other (text)
 * pixels, are kept as they are, and only the rest is filled.
 * Tight glyph masks (thin everywhere) are left alone: their border is the
 * glyphs' own anti-aliased edge, not background.
 */

import { chessboardDistance, invertMask } from '../image/chessboard-distance.js';
import { fitLocalPlanes, type LocalPlane } from '../mask/smooth-background.js';

/**
 * How many times better (median residual) the ring's local planes must
 * explain it than its one or two dominant colours for it to count as a
 * gradient, around which nothing is kept: a gradient banner measures 11 and
 * 0.7 (16 times); plates and signs fit their colours to within their grain.
 */
const GRADIENT_RATIO = 5;

/** Longest inner border of a box-like hole, as a multiple of its bounding box's perimeter (rotated quadrilaterals and a few merged boxes stay under it). */
const MAX_BORDER_RATIO = 1.6;

/** Tuning of {@link keepHoleBackground}. @internal */
export interface HoleBackgroundOptions {
  /** Smallest depth (chessboard distance from the hole's edge to its inside) of a coarse, box-like hole. Default 5. */
  minDepth?: number;
  /** Width of the inner border band that is sampled, in pixels. Default 2. */
  band?: number;
  /** Colour distance (RGB) within which a pixel matches the background, before the band's own noise is added. Default 30. */
  tolerance?: number;
  /** Colour distance within which a pixel is kept as it is, before 1.5 times the band's noise is added. Default 12. */
  keepTolerance?: number;
  /** Safety margin around the text pixels that is filled anyway (anti-aliasing, shadows), in pixels. Default 2. */
  guard?: number;
  /**
   * Largest median colour distance of the known pixels around the hole to
   * their own one or two dominant colours: the grain and JPEG noise of a
   * plate. Bokeh, texture and photos lie above it, and nothing is kept there:
   * a pixel of one of their colours may be an opaque outline drawn over
   * another. Default 14.
   */
  maxRingNoise?: number;
}

/**
 * Returns the pixels of `hole` that still need filling: `hole` itself when it
 * is thin, its surroundings are not a plate (see `maxRingNoise`) or its
 * border is not dominated by one or two colours; otherwise `hole` without its
 * background-coloured pixels (those within `keepTolerance` of the background
 * and at least `guard` px from any other hole pixel). The background is the
 * border's dominant colours as the known pixels around the hole show them
 * (a tight mask's border is a decoration's edge blended with the background,
 * whose colour would keep the decoration), or a plate's own colour. The text
 * must lie inside the hole: when off-colour pixels run along the border, the
 * border is the glyphs' own fill seen through a tight mask, and `hole` is
 * returned.
 *
 * @param rgb - `w * h * 3` samples (0..255)
 * @param hole - `w * h` bytes, non-zero = unknown
 * @param w - width
 * @param h - height
 * @param options - tuning
 * @internal
 */
export function keepHoleBackground(rgb: Float32Array, hole: Uint8Array, w: number, h: number, options: HoleBackgroundOptions = {}): Uint8Array {
  const minDepth = options.minDepth ?? 5;
  const bandWidth = options.band ?? 2;
  const tolerance = options.tolerance ?? 30;
  const guard = options.guard ?? 2;
  const keepTolerance = options.keepTolerance ?? 12;
  const maxRingNoise = options.maxRingNoise ?? 14;
  const depth = chessboardDepth(hole, w, h);
  let maxDepth = 0;
  const band: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < depth.length; i++) {
    if (!hole[i]) continue;
    inside.push(i);
    if (depth[i] > maxDepth) maxDepth = depth[i];
    if (depth[i] <= bandWidth) band.push(i);
  }
  if (maxDepth < minDepth || band.length < 32) return hole;
  // A box's border is about as long as its bounding box's; glyph masks (merged, grown letters) wind around every letter.
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (const i of inside) {
    const x = i % w, y = (i - x) / w;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (band.length > MAX_BORDER_RATIO * bandWidth * 2 * (x1 - x0 + 1 + y1 - y0 + 1)) return hole;
  const ring = ringAround(hole, w, h, 3);
  const ringModes = dominantColours(rgb, ring);
  const ringNoise = ringModes.length > 0 ? median(ring.map((i) => nearestColour(rgb, i, ringModes))) : 0;
  if (ringNoise > maxRingNoise) return hole;
  // Planes per tile of the surroundings (a gradient that bends is a plane only locally).
  const tile = Math.max(32, maxDepth);
  const planes = fitLocalPlanes(rgb, w, ring, { x: (i) => i % w, y: (i) => Math.floor(i / w), width: w, height: h, tileX: tile, tileY: tile }, 3);
  const planeAt = (i: number): LocalPlane | undefined => planes(i % w, Math.floor(i / w));
  // Surroundings that planes explain far better than one or two colours are a gradient, not a plate: every
  // pixel of the hole differs from the border's "colour" by the slope alone, and a glow's outskirts hide in
  // that slack. Nothing is kept; the fill follows the gradient.
  const planeNoise = median(ring.map((i) => planeAt(i)?.plane.residual(i) ?? Infinity));
  if (ringNoise > GRADIENT_RATIO * Math.max(1, planeNoise)) return hole;
  const modes = glyphFreeModes(rgb, hole, w, h, band, ring, ringModes, maxDepth, tolerance);
  if (modes.length === 0) return hole;
  const dists = band.map((i) => nearestColour(rgb, i, modes)).sort((a, b) => a - b);
  const noise = dists[dists.length >> 1];
  const tol = tolerance + 2.5 * noise;
  let covered = 0;
  for (const d of dists) if (d <= tol) covered++;
  // The border must be mostly background; a border of glyph edges or a photo is not.
  if (covered < 0.75 * dists.length) return hole;
  const text = new Uint8Array(w * h);
  let textCount = 0;
  let textOnBorder = 0;
  for (const i of inside) {
    if (nearestColour(rgb, i, modes) > tol) {
      text[i] = 1;
      textCount++;
      if (depth[i] <= bandWidth) textOnBorder++;
    }
  }
  // In a box the text sits inside; off-colour pixels along the border mean the "background" found is the glyphs' own fill (a tight glyph mask).
  if (textOnBorder > 0.1 * textCount) return hole;
  // Text is strokes, thin next to the box; an off-colour blob as thick as the hole is an object (a sign inside a loose box), not text.
  const textDepth = chessboardDepth(text, w, h);
  let maxTextDepth = 0;
  for (const i of inside) if (textDepth[i] > maxTextDepth) maxTextDepth = textDepth[i];
  if (maxTextDepth > 0.5 * maxDepth) return hole;
  // Nothing stands out, or the "text" is most of the hole (then the border colour may be an object around it, a sign inside a loose box): leave it to the fill.
  if (textCount === 0 || textCount > 0.5 * inside.length) return hole;
  // Only pixels very close to the background are kept as they are: shadows and halos a little off it are filled.
  const keep = keepTolerance + 1.5 * Math.min(noise, ringNoise);
  for (const i of inside) if (!text[i] && nearestColour(rgb, i, modes) > keep) text[i] = 1;
  const nearText = grow(text, w, h, guard);
  const out = new Uint8Array(w * h);
  for (const i of inside) if (nearText[i]) out[i] = 1;
  return out;
}

/**
 * The border's dominant colours that are background, not glyphs, as the
 * known pixels around the hole (`ring`, whose dominant colours are
 * `ringModes`) show them. A colour the ring shows is background, and the
 * ring's own version of it is taken: a tight mask's border is a decoration's
 * edge blended with the background, close to it but not it. A colour the
 * ring hardly shows is the glyphs' (dropped) when the other dominant colour
 * fills the ring, as with a bold title in a tight box, and otherwise judged
 * by its shape in the hole: strokes (a fill or an outline, both absent from
 * the surroundings when an outlined title is masked tightly) are dropped, a
 * plate (a sign marked by its own box, thick) is kept.
 * @internal
 */
function glyphFreeModes(
  rgb: Float32Array, hole: Uint8Array, w: number, h: number, band: number[], ring: number[], ringModes: Colour[], maxDepth: number, tolerance: number,
): Colour[] {
  const modes = dominantColours(rgb, band);
  if (modes.length === 0 || ring.length < 16) return modes;
  const inRing = modes.map((m) => ring.filter((i) => nearestColour(rgb, i, [m]) <= tolerance).length / ring.length);
  const out: Colour[] = [];
  for (const [k, mode] of modes.entries()) {
    if (inRing[k] >= 0.1) out.push(closestColour(mode, ringModes, tolerance) ?? mode);
    else if (!(modes.length === 2 && inRing[1 - k] >= 0.3) && isPlate(rgb, hole, w, h, mode, maxDepth, tolerance)) out.push(mode);
  }
  return out;
}

/** True when the hole pixels of colour `mode` form a plate (at least 0.35 of the hole's depth), not strokes. @internal */
function isPlate(rgb: Float32Array, hole: Uint8Array, w: number, h: number, mode: Colour, maxDepth: number, tolerance: number): boolean {
  const own = new Uint8Array(w * h);
  for (let i = 0; i < own.length; i++) if (hole[i] && nearestColour(rgb, i, [mode]) <= tolerance) own[i] = 1;
  const ownDepth = chessboardDepth(own, w, h);
  let maxOwn = 0;
  for (let i = 0; i < own.length; i++) if (own[i] && ownDepth[i] > maxOwn) maxOwn = ownDepth[i];
  return maxOwn >= 0.35 * maxDepth;
}

/** The colour of `colours` nearest to `colour`, when within `tolerance`. @internal */
function closestColour(colour: Colour, colours: Colour[], tolerance: number): Colour | undefined {
  let best: Colour | undefined;
  let bestDistance = tolerance;
  for (const c of colours) {
    const d = Math.sqrt((c[0] - colour[0]) ** 2 + (c[1] - colour[1]) ** 2 + (c[2] - colour[2]) ** 2);
    if (d <= bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

/** The median of the values (0 for none). @internal */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Known pixels within `width` (chessboard) of a hole pixel. @internal */
export function ringAround(hole: Uint8Array, w: number, h: number, width: number): number[] {
  const near = grow(hole, w, h, width);
  const ring: number[] = [];
  for (let i = 0; i < hole.length; i++) if (near[i] && !hole[i]) ring.push(i);
  return ring;
}

/** Chessboard distance of each hole pixel to the nearest non-hole pixel (the crop edge counts as known). @internal */
export function chessboardDepth(hole: Uint8Array, w: number, h: number): Int32Array {
  // Known pixels and the image's edge both end a hole.
  return chessboardDistance(invertMask(hole), w, h, true);
}

/** Marks pixels within `radius` (chessboard) of a marked one. @internal */
export function grow(src: Uint8Array, w: number, h: number, radius: number): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!src[y * w + x]) continue;
      for (let k = Math.max(0, x - radius); k <= Math.min(w - 1, x + radius); k++) tmp[y * w + k] = 1;
    }
  for (let x = 0; x < w; x++)
    for (let y = 0; y < h; y++) {
      if (!tmp[y * w + x]) continue;
      for (let k = Math.max(0, y - radius); k <= Math.min(h - 1, y + radius); k++) out[k * w + x] = 1;
    }
  return out;
}

/**
 * One or two dominant colours of the pixels: 4-bit-per-channel histogram
 * modes (with their neighbour bins); a second one only when distinct and
 * holding a fifth of the pixels. Each is the mean colour of its pixels.
 * @internal
 */
export function dominantColours(rgb: Float32Array, pixels: number[]): Colour[] {
  const bins = new Int32Array(pixels.length);
  const hist = new Uint32Array(4096);
  for (let k = 0; k < pixels.length; k++) {
    const o = pixels[k] * 3;
    const b = ((clampByte(rgb[o]) >> 4) << 8) | ((clampByte(rgb[o + 1]) >> 4) << 4) | (clampByte(rgb[o + 2]) >> 4);
    bins[k] = b;
    hist[b]++;
  }
  const near = (b: number): number => {
    let s = 0;
    const r = b >> 8, g = (b >> 4) & 15, bl = b & 15;
    for (let dr = -1; dr <= 1; dr++)
      for (let dg = -1; dg <= 1; dg++)
        for (let db = -1; db <= 1; db++) {
          const rr = r + dr, gg = g + dg, bb = bl + db;
          if (rr >= 0 && gg >= 0 && bb >= 0 && rr < 16 && gg < 16 && bb < 16) s += hist[(rr << 8) | (gg << 4) | bb];
        }
    return s;
  };
  const dist = (a: number, b: number): number => Math.max(Math.abs((a >> 8) - (b >> 8)), Math.abs(((a >> 4) & 15) - ((b >> 4) & 15)), Math.abs((a & 15) - (b & 15)));
  const modes: Colour[] = [];
  const taken: number[] = [];
  const seen = new Set<number>(bins);
  for (let k = 0; k < 2; k++) {
    let best = -1;
    let bestCount = 0;
    for (const b of seen) {
      if (taken.some((t) => dist(t, b) <= 2)) continue;
      const n = near(b);
      if (n > bestCount) { best = b; bestCount = n; }
    }
    if (best < 0 || (k > 0 && bestCount < 0.2 * pixels.length)) break;
    taken.push(best);
    let r = 0, g = 0, bl = 0, n = 0;
    for (let j = 0; j < pixels.length; j++) {
      if (dist(bins[j], best) > 1) continue;
      const o = pixels[j] * 3;
      r += rgb[o]; g += rgb[o + 1]; bl += rgb[o + 2]; n++;
    }
    modes.push([r / n, g / n, bl / n]);
  }
  return modes;
}

/** An RGB colour, 0..255 per channel. @internal */
export type Colour = [number, number, number];

/** Euclidean RGB distance from sample `i` of `rgb` to the nearest of `colours`. @internal */
export function nearestColour(rgb: Float32Array, i: number, colours: Colour[]): number {
  const o = i * 3;
  let best = Infinity;
  for (const c of colours) {
    // Squared, and one square root at the end: Math.hypot is several times slower, and this runs per pixel.
    const r = rgb[o] - c[0], g = rgb[o + 1] - c[1], b = rgb[o + 2] - c[2];
    const d = r * r + g * g + b * b;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/** @internal */
function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v | 0;
}
