/**
 * Colour statistics of pixel sets, for telling glyphs from background: the
 * dominant colours of a set, the colours that are far more common in one set
 * than another, and distances to a palette. Pixels are given as indices into
 * an RGBA byte array (pixel `i` at bytes `4i..4i+3`).
 * @internal
 */
import { colourBin } from '../image/colour-bins.js';

/** An RGB colour (0..255 per channel, fractional). @internal */
export type Rgb = [number, number, number];

/**
 * The dominant colours of a pixel set and how well they describe it.
 * @internal
 */
export interface ColourModel {
  /** One or more mean colours of histogram modes. */
  modes: Rgb[];
  /** Median distance of the set's pixels to their nearest mode (its noise). */
  noise: number;
  /** Share of the set's pixels within `tolerance + 2 * noise` of a mode. */
  coverage: number;
}

/**
 * Models `pixels` by up to `count` dominant colours (see {@link dominantColours}),
 * with their noise and coverage at the given tolerance.
 * @internal
 */
export function colourModel(data: Uint8ClampedArray, pixels: number[], count: number, tolerance: number): ColourModel {
  const modes = dominantColours(data, pixels, count);
  if (modes.length === 0) return { modes, noise: Infinity, coverage: 0 };
  const dists = new Float32Array(pixels.length);
  for (let k = 0; k < pixels.length; k++) dists[k] = nearestDistance(data, pixels[k], modes);
  const noise = medianOf(dists);
  let covered = 0;
  for (const d of dists) if (d <= tolerance + 2 * noise) covered++;
  return { modes, noise, coverage: covered / dists.length };
}

/**
 * Median of values in 0..442 (colour distances, local contrasts), to a
 * quarter unit, by histogram: linear time, for the thousands of pixels of a line.
 * @internal
 */
export function medianOf(values: ArrayLike<number>): number {
  return quantileOf(values, 0.5);
}

/**
 * The `q` quantile (0..1) of values in 0..442, to a quarter unit, by histogram.
 * @internal
 */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return 0;
  const bins = new Uint32Array(4 * 443 + 1);
  for (let i = 0; i < values.length; i++) bins[Math.min(bins.length - 1, Math.max(0, Math.round(values[i] * 4)))]++;
  const rank = Math.min(values.length - 1, Math.floor(values.length * q));
  let seen = 0;
  for (let b = 0; b < bins.length; b++) {
    seen += bins[b];
    if (seen > rank) return b / 4;
  }
  return (bins.length - 1) / 4;
}

/** Share of `pixels` within `tol` of one of `modes`. @internal */
export function shareNear(data: Uint8ClampedArray, pixels: number[], modes: Rgb[], tol: number): number {
  if (pixels.length === 0) return 1;
  let n = 0;
  for (const gi of pixels) if (nearestDistance(data, gi, modes) <= tol) n++;
  return n / pixels.length;
}

/** Colour quantisation of global pixel index `gi` (4 bits per channel). @internal */
function bin(data: Uint8ClampedArray, gi: number): number {
  return colourBin(data, gi * 4);
}

/**
 * Up to `count` dominant colours of the given pixels: histogram modes (each
 * bin smoothed with its neighbours), the second kept only if it is distinct
 * and holds at least a fifth of the pixels; each returned as the mean colour
 * of the pixels in its bin neighbourhood.
 * @internal
 */
export function dominantColours(data: Uint8ClampedArray, pixels: number[], count: number): Rgb[] {
  const hist = new Uint32Array(4096);
  for (const gi of pixels) hist[bin(data, gi)]++;
  const smoothed = new Float32Array(4096);
  for (let b = 0; b < 4096; b++) {
    const n = hist[b];
    if (n) forEachNeighbourBin(b, (nb) => (smoothed[nb] += n));
  }
  const modes: Rgb[] = [];
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

/** Calls `visit` with every bin within one step of `b` in the 16x16x16 grid, `b` included. @internal */
export function forEachNeighbourBin(b: number, visit: (neighbour: number) => void): void {
  const r = b >> 8, g = (b >> 4) & 15, bl = b & 15;
  for (let rr = Math.max(0, r - 1); rr <= Math.min(15, r + 1); rr++)
    for (let gg = Math.max(0, g - 1); gg <= Math.min(15, g + 1); gg++)
      for (let bb = Math.max(0, bl - 1); bb <= Math.min(15, bl + 1); bb++) visit((rr << 8) | (gg << 4) | bb);
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
export function excessColours(data: Uint8ClampedArray, box: number[], ring: number[], count = 2): Rgb[] {
  const inBox = new Float32Array(4096);
  const inRing = new Float32Array(4096);
  for (const gi of box) inBox[bin(data, gi)] += 1 / box.length;
  for (const gi of ring) inRing[bin(data, gi)] += 1 / ring.length;
  // Neighbourhood sums, so a colour split across two bins still counts as one.
  const near = (hist: Float32Array, b: number): number => {
    let s = 0;
    forEachNeighbourBin(b, (nb) => (s += hist[nb]));
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
    if (picked.length >= count) break;
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
    return [r / n, g / n, bl / n] as Rgb;
  });
}

/** Euclidean RGB distance from a pixel to the nearest of `colours`. @internal */
export function nearestDistance(data: Uint8ClampedArray, gi: number, colours: Rgb[]): number {
  const o = gi * 4;
  let best = Infinity;
  for (const c of colours) {
    // Squared, and one square root at the end: Math.hypot is several times slower, and this runs per pixel.
    const r = data[o] - c[0], g = data[o + 1] - c[1], b = data[o + 2] - c[2];
    const d = r * r + g * g + b * b;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}
