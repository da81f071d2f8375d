import { quantileOf, type Rgb } from './colour-model.js';

/**
 * A background that changes smoothly across a line's surroundings (a
 * gradient, a vignette, uneven light): per channel a plane `a + b·x + c·y`,
 * fitted to the ring of pixels around the line. One or two flat colours
 * describe such a ring only loosely, so a faint glow or shadow on it is lost
 * in their slack; the plane follows the gradient and leaves only the
 * decoration unexplained.
 * @internal
 */
export interface SmoothBackground {
  /** The background colour the plane predicts at page pixel `gi`. */
  colourAt(gi: number): Rgb;
  /** RGB distance of page pixel `gi` from the plane. */
  residual(gi: number): number;
  /** {@link SmoothBackground.residual} of every pixel of the `w` x `h` window at (`x0`, `y0`), row-major. */
  residualMap(x0: number, y0: number, w: number, h: number): Float32Array;
}

/** Most ring pixels the plane is fitted to (an even sample of the ring beyond that). */
const FIT_SAMPLES = 4096;
/** Share of the ring (the closest to the first plane, to a quarter unit) the final plane is fitted to: the rest is clutter (a light, a leaf). */
const INLIER_SHARE = 0.85;

/**
 * Fits the plane to the given page pixels (indices into `data`, a page
 * `width` wide with `channels` samples per pixel, RGBA by default; an even
 * sample of at most 4096 of them) by least squares,
 * then again to the 85 % that lie closest to the first fit, so clutter in
 * the ring does not tilt it. Returns `undefined`
 * for fewer than 16 pixels or pixels on one line (no plane through them).
 * @internal
 */
export function fitSmoothBackground(data: ArrayLike<number>, width: number, ringPixels: readonly number[], channels = 4): SmoothBackground | undefined {
  if (ringPixels.length < 16) return undefined;
  // Three unknowns per channel: a few thousand pixels, spread over the whole ring, fix them as well as all of it.
  const stride = Math.max(1, Math.floor(ringPixels.length / FIT_SAMPLES));
  const pixels = stride === 1 ? ringPixels : ringPixels.filter((_, k) => k % stride === 0);
  let cx = 0;
  let cy = 0;
  for (const gi of pixels) {
    cx += gi % width;
    cy += Math.floor(gi / width);
  }
  cx /= pixels.length;
  cy /= pixels.length;
  const solve = (set: readonly number[]): Float64Array | undefined => {
    // Normal equations of [1, x, y] per channel; one 3x3 system, three right-hand sides.
    const m = new Float64Array(9);
    const rhs = new Float64Array(9);
    for (const gi of set) {
      const x = (gi % width) - cx;
      const y = Math.floor(gi / width) - cy;
      m[0] += 1; m[1] += x; m[2] += y; m[4] += x * x; m[5] += x * y; m[8] += y * y;
      for (let ch = 0; ch < 3; ch++) {
        const v = data[gi * channels + ch];
        rhs[ch] += v; rhs[3 + ch] += x * v; rhs[6 + ch] += y * v;
      }
    }
    m[3] = m[1]; m[6] = m[2]; m[7] = m[5];
    return solve3(m, rhs);
  };
  let coef = solve(pixels);
  if (!coef) return undefined;
  const residualWith = (k: Float64Array, gi: number): number => {
    const x = (gi % width) - cx;
    const y = Math.floor(gi / width) - cy;
    let s = 0;
    for (let ch = 0; ch < 3; ch++) s += (data[gi * channels + ch] - (k[ch] + k[3 + ch] * x + k[6 + ch] * y)) ** 2;
    return Math.sqrt(s);
  };
  const residuals = new Float32Array(pixels.length);
  for (let k = 0; k < pixels.length; k++) residuals[k] = residualWith(coef, pixels[k]);
  const limit = quantileOf(residuals, INLIER_SHARE);
  const inliers: number[] = [];
  for (let k = 0; k < pixels.length; k++) if (residuals[k] <= limit) inliers.push(pixels[k]);
  if (inliers.length >= 16) coef = solve(inliers) ?? coef;
  const k = coef;
  return {
    colourAt(gi: number): Rgb {
      const x = (gi % width) - cx;
      const y = Math.floor(gi / width) - cy;
      return [k[0] + k[3] * x + k[6] * y, k[1] + k[4] * x + k[7] * y, k[2] + k[5] * x + k[8] * y];
    },
    residual: (gi: number): number => residualWith(k, gi),
    residualMap(x0: number, y0: number, w: number, h: number): Float32Array {
      const out = new Float32Array(w * h);
      for (let y = 0; y < h; y++) {
        const dy = y0 + y - cy;
        const row = (y0 + y) * width + x0;
        for (let x = 0; x < w; x++) {
          const dx = x0 + x - cx;
          const o = (row + x) * channels;
          const r = data[o] - (k[0] + k[3] * dx + k[6] * dy);
          const g = data[o + 1] - (k[1] + k[4] * dx + k[7] * dy);
          const b = data[o + 2] - (k[2] + k[5] * dx + k[8] * dy);
          out[y * w + x] = Math.sqrt(r * r + g * g + b * b);
        }
      }
      return out;
    },
  };
}

/**
 * Solves the 3x3 system `m · k = rhs` for three right-hand sides at once
 * (`rhs` and the result row-major: row = unknown, column = channel), by
 * Gaussian elimination with partial pivoting; `undefined` when singular.
 * @internal
 */
function solve3(m: Float64Array, rhs: Float64Array): Float64Array | undefined {
  const a = Float64Array.from(m);
  const b = Float64Array.from(rhs);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(a[r * 3 + col]) > Math.abs(a[pivot * 3 + col])) pivot = r;
    if (Math.abs(a[pivot * 3 + col]) < 1e-9) return undefined;
    if (pivot !== col) {
      for (let c = 0; c < 3; c++) {
        [a[col * 3 + c], a[pivot * 3 + c]] = [a[pivot * 3 + c], a[col * 3 + c]];
        [b[col * 3 + c], b[pivot * 3 + c]] = [b[pivot * 3 + c], b[col * 3 + c]];
      }
    }
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = a[r * 3 + col] / a[col * 3 + col];
      if (f === 0) continue;
      for (let c = 0; c < 3; c++) {
        a[r * 3 + c] -= f * a[col * 3 + c];
        b[r * 3 + c] -= f * b[col * 3 + c];
      }
    }
  }
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let ch = 0; ch < 3; ch++) out[r * 3 + ch] = b[r * 3 + ch] / a[r * 3 + r];
  return out;
}

/** A {@link SmoothBackground} fitted to one stretch of a ring, with the median residual of that stretch's pixels. @internal */
export interface LocalPlane {
  plane: SmoothBackground;
  noise: number;
}

/** Where {@link fitLocalPlanes} cuts its tiles: each pixel's position and the extent of the area. @internal */
export interface PlaneGrid {
  /** Column of pixel `i` (an index into the data), in `0..width`. */
  x: (i: number) => number;
  /** Row of pixel `i`, in `0..height`. */
  y: (i: number) => number;
  width: number;
  height: number;
  /** Tile size across and down; `Infinity` down for one row of tiles (stretches along a line). */
  tileX: number;
  tileY: number;
}

/**
 * Planes fitted tile by tile: the pixels (indices into `data`, as for
 * {@link fitSmoothBackground}) are cut into tiles about `tileX` by `tileY`
 * by their position on the grid, and each tile's plane is fitted to the
 * pixels within half a tile of it. A gradient that bends (a light streak, a
 * vignette) is a plane only locally. Returns the plane of the tile a
 * position falls in (`undefined` where a tile had too few pixels).
 * @internal
 */
export function fitLocalPlanes(
  data: ArrayLike<number>, width: number, pixels: readonly number[], grid: PlaneGrid, channels = 4,
): (x: number, y: number) => LocalPlane | undefined {
  const axis = (length: number, tile: number) => {
    const count = Number.isFinite(tile) ? Math.max(1, Math.round(length / tile)) : 1;
    const step = length / count;
    const half = Number.isFinite(tile) ? tile / 2 : Infinity;
    // The tiles whose reach (the tile and half a tile around it) holds position p.
    const tiles = (p: number): [number, number] => [
      Math.max(0, Math.ceil((p - half) / step) - 1),
      Math.min(count - 1, Math.floor((p + half) / step)),
    ];
    const holds = (t: number, p: number): boolean => p >= t * step - half && p < (t + 1) * step + half;
    const at = (p: number): number => Math.min(count - 1, Math.max(0, Math.floor(p / step)));
    return { count, tiles, holds, at };
  };
  const ax = axis(grid.width, grid.tileX);
  const ay = axis(grid.height, grid.tileY);
  // One pass: each pixel joins its own tile and the neighbours whose reach it lies in.
  const members: number[][] = Array.from({ length: ax.count * ay.count }, () => []);
  for (const i of pixels) {
    const px = grid.x(i), py = grid.y(i);
    const [x0, x1] = ax.tiles(px);
    const [y0, y1] = ay.tiles(py);
    for (let ty = y0; ty <= y1; ty++) {
      if (!ay.holds(ty, py)) continue;
      for (let tx = x0; tx <= x1; tx++) if (ax.holds(tx, px)) members[ty * ax.count + tx].push(i);
    }
  }
  const fits: (LocalPlane | undefined)[] = [];
  for (const near of members) {
    const plane = fitSmoothBackground(data, width, near, channels);
    fits.push(plane ? { plane, noise: quantileOf(Float32Array.from(near, (i) => plane.residual(i)), 0.5) } : undefined);
  }
  return (x, y) => fits[ay.at(y) * ax.count + ax.at(x)];
}
