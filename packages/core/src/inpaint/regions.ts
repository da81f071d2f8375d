import { clipRect, type Mask, type Rect, type RgbaImage } from '../image/rgba-image.js';
import { is, invalidParameter } from '../validate.js';

/** Options of {@link findMaskRegions}. */
export interface MaskRegionOptions {
  /** Context kept around each region, in pixels (at least). Default 16. */
  margin?: number;
  /**
   * Context as a share of the region's smaller side, so big holes get more
   * surrounding texture to copy from; the larger of `margin` and this wins,
   * capped at `maxMargin`. Default 0.5.
   */
  relativeMargin?: number;
  /** Upper bound of the context margin in pixels. Default 96. */
  maxMargin?: number;
  /** Components closer than this (gap between their boxes, in pixels) are merged into one region. Default 8. */
  mergeDistance?: number;
}

/**
 * The separate areas of a mask that can be inpainted one crop at a time:
 * 8-connected components of the marked pixels, merged when their boxes come
 * closer than `mergeDistance` (so one text line is one region, not one per
 * glyph), each grown by a context margin and clipped to the mask. Regions may
 * overlap through their margins, never through their marked pixels.
 *
 * @param mask - the mask (value > 0 marks a pixel to fill)
 * @param options - margins and merge distance; see {@link MaskRegionOptions}
 * @returns the crops, largest first; empty when nothing is marked
 * @throws GlossaError `INVALID_INPUT` when an option is negative or not a number
 * @example
 * ```ts
 * for (const rect of findMaskRegions(mask, { margin: 24 })) {
 *   if (!fillIfUniform(image, mask, rect)) exemplarFill(image, mask, rect);
 * }
 * ```
 */
export function findMaskRegions(mask: Mask, options: MaskRegionOptions = {}): Rect[] {
  return maskRegions(mask, options).map((region) => region.crop);
}

/** A region of {@link findMaskRegions}: its crop and the box of its own marked pixels. @internal */
export interface MaskRegion {
  /** The crop: `own` grown by the context margin, clipped to the mask. */
  crop: Rect;
  /**
   * The box of the region's own marked pixels. Boxes of different regions
   * never overlap, so the marked pixels inside it are exactly the region's;
   * marked pixels elsewhere in the crop belong to a neighbour.
   */
  own: Rect;
}

/** {@link findMaskRegions} with each region's own box. @internal */
export function maskRegions(mask: Mask, options: MaskRegionOptions = {}): MaskRegion[] {
  const margin = nonNegative('margin', options.margin, 16);
  const relative = nonNegative('relativeMargin', options.relativeMargin, 0.5);
  const maxMargin = nonNegative('maxMargin', options.maxMargin, 96);
  const mergeDistance = nonNegative('mergeDistance', options.mergeDistance, 8);
  const boxes = componentBoxes(mask);
  const merged = mergeBoxes(boxes, mergeDistance);
  return merged
    .map((b) => {
      const grow = Math.round(Math.min(maxMargin, Math.max(margin, relative * Math.min(b.width, b.height))));
      const crop = clipRect({ x: b.x - grow, y: b.y - grow, width: b.width + 2 * grow, height: b.height + 2 * grow }, mask.width, mask.height);
      return { crop, own: b };
    })
    .sort((a, b) => b.crop.width * b.crop.height - a.crop.width * a.crop.height);
}

/** Options of {@link fillIfUniform}. */
export interface UniformFillOptions {
  /** Width in pixels of the band of unmasked pixels around the hole that is modelled. Default 6. */
  ringWidth?: number;
  /**
   * Largest RMS residual (0..255 scale) for a ring that counts as flat or a
   * clean gradient whatever the residual is. Above it, the residual must be
   * grain (see `maxGrain`): a correlated one is structure the plane misses,
   * such as the curvature of a radial gradient or a vignette, which would
   * run across the hole as an error the size of the ring's (on the stress
   * set's gradients, 3 dB below Telea where the directional fill is 10 dB
   * above it). Default 1.5 (quantisation and faint JPEG noise).
   */
  maxResidual?: number;
  /**
   * Largest RMS residual accepted when the residual is grain (spatially
   * uncorrelated noise), which a plane plus noise models well. Default 14.
   */
  maxGrain?: number;
  /** Amount of matching noise added to the fill, as a share of the ring's grain (0 = smooth fill). Default 0.5. */
  grain?: number;
  /** Seed of the noise, so results are repeatable. Default 1. */
  seed?: number;
  /**
   * Only the masked pixels inside this box are filled; masked pixels
   * elsewhere in `rect` belong to neighbouring regions (whose crops overlap
   * this one) and are neither modelled nor written. Default: all of `rect`.
   */
  within?: Rect;
}

/**
 * Fast path of every inpainter: when the band of pixels around the masked
 * area inside `rect` is flat or a linear gradient (a least-squares plane per
 * channel with a small, outlier-robust residual), fills the masked pixels from
 * that plane, with a touch of noise matching the ring's grain, and returns
 * `true`. Otherwise leaves the image untouched and returns `false`, and the
 * caller uses a texture-aware method. Soft mask values blend the fill with the
 * original. Pixels outside the mask are never written.
 *
 * @param image - image modified in place
 * @param mask - the mask, same size as `image`
 * @param rect - the region to handle (from {@link findMaskRegions})
 * @param options - thresholds; see {@link UniformFillOptions}
 * @returns whether the region was filled
 * @throws GlossaError `INVALID_INPUT` when the mask size differs from the image
 * @example
 * ```ts
 * const done = fillIfUniform(image, mask, { x: 40, y: 40, width: 200, height: 60 });
 * ```
 */
export function fillIfUniform(image: RgbaImage, mask: Mask, rect: Rect, options: UniformFillOptions = {}): boolean {
  if (mask.width !== image.width || mask.height !== image.height) {
    throw invalidParameter('mask', `a ${image.width}x${image.height} mask`, `${mask.width}x${mask.height}`);
  }
  const ringWidth = Math.round(nonNegative('ringWidth', options.ringWidth, 6)) || 1;
  const maxResidual = nonNegative('maxResidual', options.maxResidual, 1.5);
  const maxGrain = nonNegative('maxGrain', options.maxGrain, 14);
  const grainShare = nonNegative('grain', options.grain, 0.5);
  const r = clipRect(rect, image.width, image.height);
  if (r.width === 0 || r.height === 0) return false;
  const { width: w, height: h } = r;
  // Local hole map and distance-limited ring (pixels within ringWidth of the hole, chessboard metric).
  const own = options.within ? ownBox(options.within, r) : { x0: 0, y0: 0, x1: w, y1: h };
  const hole = new Uint8Array(w * h);
  const masked = new Uint8Array(w * h);
  let holeCount = 0;
  for (let y = 0; y < h; y++) {
    const row = (r.y + y) * mask.width + r.x;
    for (let x = 0; x < w; x++) {
      if (mask.data[row + x] === 0) continue;
      masked[y * w + x] = 1;
      if (x >= own.x0 && x < own.x1 && y >= own.y0 && y < own.y1) { hole[y * w + x] = 1; holeCount++; }
    }
  }
  if (holeCount === 0) return true;
  const near = chessboardNear(hole, w, h, ringWidth);
  const ring: number[] = [];
  // Masked pixels of neighbouring regions are text, not ring.
  for (let i = 0; i < w * h; i++) if (near[i] && !masked[i]) ring.push(i);
  if (ring.length < 12) return false;

  const d = image.data;
  const cx = w / 2;
  const cy = h / 2;
  const scale = 1 / Math.max(w, h);
  const px = new Float64Array(ring.length);
  const py = new Float64Array(ring.length);
  const vals = [new Float64Array(ring.length), new Float64Array(ring.length), new Float64Array(ring.length)];
  for (let k = 0; k < ring.length; k++) {
    const i = ring[k];
    const x = i % w;
    const y = (i - x) / w;
    px[k] = (x - cx) * scale;
    py[k] = (y - cy) * scale;
    const o = ((r.y + y) * image.width + r.x + x) * 4;
    vals[0][k] = d[o];
    vals[1][k] = d[o + 1];
    vals[2][k] = d[o + 2];
  }
  // Fit, drop outliers (stray glyph pixels just outside the mask), refit.
  const weight = new Uint8Array(ring.length).fill(1);
  let planes = vals.map((v) => fitPlane(px, py, v, weight));
  let res = residuals(px, py, vals, planes);
  const rms0 = rmsOf(res, weight);
  const cut = Math.max(3 * rms0, 8);
  let inliers = 0;
  for (let k = 0; k < ring.length; k++) {
    weight[k] = res[k] <= cut ? 1 : 0;
    inliers += weight[k];
  }
  // Only a few stray pixels may be ignored: a band or edge crossing the ring is structure, not noise.
  if (inliers < 0.97 * ring.length || inliers < 12) return false;
  planes = vals.map((v) => fitPlane(px, py, v, weight));
  res = residuals(px, py, vals, planes);
  const rms = rmsOf(res, weight);
  if (rms > maxGrain) return false;
  if (rms > maxResidual && neighbourCorrelation(ring, w, px, py, vals, planes, weight) > 0.35) return false;

  // Fill. The noise amplitude matches the ring's grain (per channel, shared so the grain stays grey like real sensor/JPEG grain).
  const amp = rms > 1.5 ? grainShare * rms / Math.sqrt(3) : 0;
  const rand = gaussian(options.seed ?? 1);
  for (let y = 0; y < h; y++) {
    const yy = (y - cy) * scale;
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      if (!hole[li]) continue;
      const gi = (r.y + y) * image.width + r.x + x;
      const a = mask.data[gi] / 255;
      const xx = (x - cx) * scale;
      const n = amp > 0 ? rand() * amp : 0;
      const o = gi * 4;
      for (let c = 0; c < 3; c++) {
        const p = planes[c];
        const v = p[0] + p[1] * xx + p[2] * yy + n;
        d[o + c] = Math.round(v * a + d[o + c] * (1 - a));
      }
    }
  }
  return true;
}

// ---- internals -------------------------------------------------------------

/** `box` in the coordinates of the crop `r`, as half-open bounds. @internal */
function ownBox(box: Rect, r: Rect): { x0: number; y0: number; x1: number; y1: number } {
  return { x0: box.x - r.x, y0: box.y - r.y, x1: box.x + box.width - r.x, y1: box.y + box.height - r.y };
}

/** Bounding boxes of the 8-connected components of marked pixels (union-find, two passes). @internal */
export function componentBoxes(mask: Mask): Rect[] {
  const { width: w, height: h, data } = mask;
  const labels = new Int32Array(w * h).fill(-1);
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return Math.min(ra, rb);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (data[i] === 0) continue;
      let label = -1;
      // Already-visited neighbours: W, NW, N, NE.
      const nbrs = [x > 0 ? i - 1 : -1, y > 0 && x > 0 ? i - w - 1 : -1, y > 0 ? i - w : -1, y > 0 && x < w - 1 ? i - w + 1 : -1];
      for (const j of nbrs) {
        if (j < 0 || labels[j] < 0) continue;
        label = label < 0 ? labels[j] : union(label, labels[j]);
      }
      if (label < 0) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  const boxes = new Map<number, [number, number, number, number]>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x];
      if (l < 0) continue;
      const root = find(l);
      const b = boxes.get(root);
      if (!b) boxes.set(root, [x, y, x, y]);
      else {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
    }
  }
  return [...boxes.values()].map(([x0, y0, x1, y1]) => ({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }));
}

/** Merges boxes whose gap is at most `distance`, until no two are that close. @internal */
export function mergeBoxes(input: readonly Rect[], distance: number): Rect[] {
  let boxes = input.map((b) => ({ x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height }));
  let changed = true;
  while (changed) {
    changed = false;
    boxes.sort((a, b) => a.x0 - b.x0);
    const out: typeof boxes = [];
    const alive = new Uint8Array(boxes.length).fill(1);
    for (let i = 0; i < boxes.length; i++) {
      if (!alive[i]) continue;
      const a = { ...boxes[i] };
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j];
        if (b.x0 > a.x1 + distance) break;
        if (!alive[j]) continue;
        if (b.y0 <= a.y1 + distance && a.y0 <= b.y1 + distance) {
          a.x0 = Math.min(a.x0, b.x0);
          a.y0 = Math.min(a.y0, b.y0);
          a.x1 = Math.max(a.x1, b.x1);
          a.y1 = Math.max(a.y1, b.y1);
          alive[j] = 0;
          changed = true;
        }
      }
      out.push(a);
    }
    boxes = out;
  }
  return boxes.map((b) => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 }));
}

/** Marks pixels within `radius` (chessboard distance) of a set pixel; separable max filter. @internal */
export function chessboardNear(src: Uint8Array, w: number, h: number, radius: number): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    // Distance to the nearest set pixel along the row, via two sweeps.
    let last = -1e9;
    for (let x = 0; x < w; x++) {
      if (src[y * w + x]) last = x;
      if (x - last <= radius) tmp[y * w + x] = 1;
    }
    last = 1e9;
    for (let x = w - 1; x >= 0; x--) {
      if (src[y * w + x]) last = x;
      if (last - x <= radius) tmp[y * w + x] = 1;
    }
  }
  for (let x = 0; x < w; x++) {
    let last = -1e9;
    for (let y = 0; y < h; y++) {
      if (tmp[y * w + x]) last = y;
      if (y - last <= radius) out[y * w + x] = 1;
    }
    last = 1e9;
    for (let y = h - 1; y >= 0; y--) {
      if (tmp[y * w + x]) last = y;
      if (last - y <= radius) out[y * w + x] = 1;
    }
  }
  return out;
}

/** Weighted least-squares plane v = a + b*x + c*y. @internal */
function fitPlane(px: Float64Array, py: Float64Array, v: Float64Array, weight: Uint8Array): [number, number, number] {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, sv = 0, sxv = 0, syv = 0;
  for (let k = 0; k < v.length; k++) {
    if (!weight[k]) continue;
    const x = px[k], y = py[k], z = v[k];
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y; sv += z; sxv += x * z; syv += y * z;
  }
  // Solve the 3x3 normal equations by Cramer's rule; a degenerate ring (a line) falls back to lower orders.
  const det = n * (sxx * syy - sxy * sxy) - sx * (sx * syy - sxy * sy) + sy * (sx * sxy - sxx * sy);
  if (Math.abs(det) < 1e-9 * Math.max(1, n * n * n)) return [n ? sv / n : 0, 0, 0];
  const a = (sv * (sxx * syy - sxy * sxy) - sx * (sxv * syy - sxy * syv) + sy * (sxv * sxy - sxx * syv)) / det;
  const b = (n * (sxv * syy - syv * sxy) - sv * (sx * syy - sxy * sy) + sy * (sx * syv - sxv * sy)) / det;
  const c = (n * (sxx * syv - sxy * sxv) - sx * (sx * syv - sxv * sy) + sv * (sx * sxy - sxx * sy)) / det;
  return [a, b, c];
}

/** Per-pixel RMS (over the three channels) of the plane residual. @internal */
function residuals(px: Float64Array, py: Float64Array, vals: Float64Array[], planes: [number, number, number][]): Float64Array {
  const out = new Float64Array(px.length);
  for (let k = 0; k < px.length; k++) {
    let s = 0;
    for (let c = 0; c < 3; c++) {
      const p = planes[c];
      const e = vals[c][k] - (p[0] + p[1] * px[k] + p[2] * py[k]);
      s += e * e;
    }
    out[k] = Math.sqrt(s / 3);
  }
  return out;
}

/** @internal */
function rmsOf(res: Float64Array, weight: Uint8Array): number {
  let s = 0, n = 0;
  for (let k = 0; k < res.length; k++) if (weight[k]) { s += res[k] * res[k]; n++; }
  return n ? Math.sqrt(s / n) : 0;
}

/**
 * Correlation of the residual (summed over channels) between horizontally
 * adjacent ring pixels: near 0 for grain, high for texture or structure
 * (edges, patterns) that a plane cannot stand in for.
 * @internal
 */
function neighbourCorrelation(
  ring: number[], w: number, px: Float64Array, py: Float64Array, vals: Float64Array[], planes: [number, number, number][], weight: Uint8Array,
): number {
  const resid = new Map<number, number>();
  for (let k = 0; k < ring.length; k++) {
    if (!weight[k]) continue;
    let s = 0;
    for (let c = 0; c < 3; c++) {
      const p = planes[c];
      s += vals[c][k] - (p[0] + p[1] * px[k] + p[2] * py[k]);
    }
    resid.set(ring[k], s);
  }
  let sab = 0, saa = 0, sbb = 0, n = 0;
  for (const [i, a] of resid) {
    if ((i + 1) % w === 0) continue;
    const b = resid.get(i + 1);
    if (b === undefined) continue;
    sab += a * b; saa += a * a; sbb += b * b; n++;
  }
  if (n < 8 || saa === 0 || sbb === 0) return 0;
  return sab / Math.sqrt(saa * sbb);
}

/** Standard normal deviates from a seeded generator (mulberry32 + Box-Muller). @internal */
export function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** @internal */
function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!is.number(value) || value < 0) throw invalidParameter(name, 'a non-negative number', value);
  return value;
}
