/**
 * Structure-continuing interpolation of a hole. For each hole pixel and each
 * of eight directions over 180 degrees, the nearest known pixel each way along the
 * line gives a linear estimate; the estimates are averaged with weights that
 * favour directions
 * - whose two ends agree in colour,
 * - whose two ends both lie on an isophote running along the direction (the
 *   structure tensor of the surroundings says so: a band or edge that enters
 *   the hole on one side and leaves on the other is continued straight, even
 *   across a wide hole, while a shorter span across it would cut the band),
 * - and, mildly, short spans.
 * On smooth backgrounds every direction agrees and the fill is a good
 * interpolation (a linear gradient is reproduced). The membrane
 * ({@link harmonicFill}) joins the average as a prior, so where no direction's
 * ends agree the fill stays the smoothest surface through the border. Close in
 * spirit to coherence transport (Bornemann and März 2007), without its
 * pixel ordering.
 */
import { chessboardNear } from './regions.js';
import { harmonicFill, type FillOptions } from './smooth-fill.js';

/** Tuning of {@link directionalFill}. @internal */
export interface DirectionalFillOptions extends FillOptions {
  /** Colour distance (RGB, 0..255) at which two ends count as disagreeing: weight exp(-(d/s)^2). Default 24. */
  agreement?: number;
  /** Power of the span ratio (shortest span at the pixel / this span) in the weight. Default 0.5. */
  distancePower?: number;
  /** Weight of the membrane estimate, as a share of one agreeing, unstructured shortest direction. Default 0.5. */
  membraneWeight?: number;
  /** Radius of the box over known pixels that the ends are read from, against grain and JPEG noise. Default 1. */
  endRadius?: number;
  /** Favour of a direction whose two ends lie on an isophote along it: weight exp(gain * support), support in -1..1. Default 8. */
  structureGain?: number;
  /** Gradient energy (squared gradient summed over channels) at which an end's structure counts half. Default 12. */
  structureEnergy?: number;
  /** Radius of the box the structure tensor is averaged over, reaching past the hole's two-pixel halo. Default 4. */
  tensorRadius?: number;
}

/**
 * Fills the hole of `rgb` in place (see the module comment).
 *
 * @param rgb - `w * h * 3` samples (0..255); hole samples arbitrary
 * @param hole - `w * h` bytes, non-zero = unknown
 * @param w - width
 * @param h - height
 * @param options - tuning
 * @internal
 */
export async function directionalFill(rgb: Float32Array, hole: Uint8Array, w: number, h: number, options: DirectionalFillOptions = {}): Promise<void> {
  const agreement = options.agreement ?? 24;
  const power = options.distancePower ?? 0.5;
  const membraneWeight = options.membraneWeight ?? 0.5;
  const gain = options.structureGain ?? 8;
  const energyFloor = options.structureEnergy ?? 12;

  const membrane = new Float32Array(rgb);
  const between = options.between;
  await harmonicFill(membrane, hole, w, h, 3, undefined, between);
  const { ends, tensor } = borderSamples(rgb, hole, w, h, options.endRadius ?? 1, options.tensorRadius ?? 4);

  // Two passes over the directions, so that only one direction's ray ends
  // (both ways) are held at a time: a large hole would otherwise keep sixteen
  // crop-sized index arrays alive. Pass 1 finds each pixel's shortest span,
  // which every direction's weight is measured against. (The passes' loops
  // live in plain functions: inside an async one, V8 keeps their variables
  // in a heap context, and the fill ran 20 % slower.)
  const shortest = new Float32Array(w * h).fill(Infinity);
  for (const k of LATTICE_STEPS.keys()) {
    if (between) await between();
    shortenSpans(shortest, hole, w, h, k);
  }

  // Pass 2: the weighted sum of the estimates (r, g, b, weight per pixel), the membrane as its prior.
  const sums = priorSums(membrane, hole, membraneWeight);
  const weighting = { inv: 1 / (agreement * agreement), power, gain, energyFloor };
  for (const k of LATTICE_STEPS.keys()) {
    if (between) await between();
    addDirection(sums, ends, tensor, shortest, hole, w, h, k, weighting);
  }
  writeMeans(rgb, sums, hole);
}

/** The sums (r, g, b, weight per pixel) that pass 2 starts from: the membrane's estimate, with weight `weight`, at every hole pixel. @internal */
function priorSums(membrane: Float32Array, hole: Uint8Array, weight: number): Float64Array {
  const sums = new Float64Array(hole.length * 4);
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    sums[i * 4] = weight * membrane[i * 3];
    sums[i * 4 + 1] = weight * membrane[i * 3 + 1];
    sums[i * 4 + 2] = weight * membrane[i * 3 + 2];
    sums[i * 4 + 3] = weight;
  }
  return sums;
}

/** Writes each hole pixel's weighted mean into `rgb`. @internal */
function writeMeans(rgb: Float32Array, sums: Float64Array, hole: Uint8Array): void {
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const sw = sums[i * 4 + 3];
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = sums[i * 4 + c] / sw;
  }
}

/** Pass 1 for direction `k`: lowers each hole pixel's `shortest` span to this direction's, where both ways end in a known pixel. @internal */
function shortenSpans(shortest: Float32Array, hole: Uint8Array, w: number, h: number, k: number): void {
  const [dx, dy] = LATTICE_STEPS[k];
  const forward = rayEnds(hole, w, h, dx, dy);
  const backward = rayEnds(hole, w, h, -dx, -dy);
  for (let i = 0; i < w * h; i++) {
    if (!hole[i] || forward.end[i] < 0 || backward.end[i] < 0) continue;
    // Step counts stand in for distances: both ways use the same step length.
    const span = (forward.steps[i] + backward.steps[i]) * LATTICE_LENGTHS[k];
    if (span < shortest[i]) shortest[i] = span;
  }
}

/** Pass 2 for direction `k`: adds its weighted estimate to every hole pixel's `sums` (r, g, b, weight). @internal */
function addDirection(
  sums: Float64Array, ends: Float32Array, tensor: Float32Array, shortest: Float32Array, hole: Uint8Array, w: number, h: number, k: number,
  { inv, power, gain, energyFloor }: { inv: number; power: number; gain: number; energyFloor: number },
): void {
  const [dx, dy] = LATTICE_STEPS[k];
  const ux = dx / LATTICE_LENGTHS[k];
  const uy = dy / LATTICE_LENGTHS[k];
  const forward = rayEnds(hole, w, h, dx, dy);
  const backward = rayEnds(hole, w, h, -dx, -dy);
  for (let i = 0; i < w * h; i++) {
    if (!hole[i]) continue;
    const ia = forward.end[i];
    const ib = backward.end[i];
    if (ia < 0 || ib < 0) continue;
    const da = forward.steps[i];
    const db = backward.steps[i];
    let d2 = 0;
    for (let c = 0; c < 3; c++) {
      const d = ends[ia * 3 + c] - ends[ib * 3 + c];
      d2 += d * d;
    }
    const support = Math.min(alignment(tensor, ia, ux, uy, energyFloor), alignment(tensor, ib, ux, uy, energyFloor));
    const ratio = shortest[i] / ((da + db) * LATTICE_LENGTHS[k]);
    const wk = Math.exp(gain * support - d2 * inv) * (power === 0.5 ? Math.sqrt(ratio) : Math.pow(ratio, power));
    for (let c = 0; c < 3; c++) sums[i * 4 + c] += (wk * (ends[ia * 3 + c] * db + ends[ib * 3 + c] * da)) / (da + db);
    sums[i * 4 + 3] += wk;
  }
}

/**
 * The eight directions, as integer steps so that every pixel on a ray is a
 * whole pixel and the rays can be followed by one scan per direction:
 * 0, 26.6, 45, 63.4, 90, 116.6, 135 and 153.4 degrees.
 * @internal
 */
const LATTICE_STEPS: readonly (readonly [number, number])[] = [[1, 0], [2, 1], [1, 1], [1, 2], [0, 1], [-1, 2], [-1, 1], [-2, 1]];
const LATTICE_LENGTHS = LATTICE_STEPS.map(([dx, dy]) => Math.hypot(dx, dy));

/**
 * For every hole pixel p, the first known pixel among p + t*(dx, dy), t = 1, 2, ...
 * (`end`, -1 when the ray leaves the crop first) and t (`steps`). One scan:
 * pixels are visited so that p + (dx, dy) is settled before p.
 * @internal
 */
function rayEnds(hole: Uint8Array, w: number, h: number, dx: number, dy: number): { end: Int32Array; steps: Int32Array } {
  const end = new Int32Array(w * h).fill(-1);
  const steps = new Int32Array(w * h);
  const rowsDown = dy < 0 || (dy === 0 && dx < 0);
  const colsRight = dx < 0 || (dx === 0 && rowsDown);
  for (let n = 0; n < h; n++) {
    const y = rowsDown ? n : h - 1 - n;
    const ny = y + dy;
    for (let m = 0; m < w; m++) {
      const x = colsRight ? m : w - 1 - m;
      const i = y * w + x;
      if (!hole[i]) continue;
      const nx = x + dx;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const j = ny * w + nx;
      if (!hole[j]) {
        end[i] = j;
        steps[i] = 1;
      } else if (end[j] >= 0) {
        end[i] = end[j];
        steps[i] = steps[j] + 1;
      }
    }
  }
  return { end, steps };
}

/**
 * How much the structure at pixel `i` runs along (ux, uy): near +1 for a
 * strong isophote along it, -1 for an edge across it, 0 where flat or
 * isotropic. @internal
 */
function alignment(tensor: Float32Array, i: number, ux: number, uy: number, floor: number): number {
  const j11 = tensor[i * 3], j12 = tensor[i * 3 + 1], j22 = tensor[i * 3 + 2];
  const energy = j11 + j22;
  const across = ux * ux * j11 + 2 * ux * uy * j12 + uy * uy * j22;
  return (energy - 2 * across) / (energy + floor);
}

/**
 * What the fill reads at the known pixels around the hole (those within two
 * pixels of it, where rays end): the colour averaged over the known pixels of
 * a small box, and the structure tensor (J11, J12, J22, summed over channels)
 * of the known pixels at least three pixels from the hole, so the glyphs'
 * anti-aliased halo does not count as structure.
 * @internal
 */
function borderSamples(rgb: Float32Array, hole: Uint8Array, w: number, h: number, endRadius: number, tensorRadius: number): { ends: Float32Array; tensor: Float32Array } {
  const known = new Uint8Array(w * h);
  for (let i = 0; i < known.length; i++) known[i] = hole[i] ? 0 : 1;
  const colourSums = new BoxSums(rgb, known, w, h, 3);
  const smooth = new Float32Array(w * h * 3);
  const near2 = chessboardNear(hole, w, h, 2);
  const near3 = chessboardNear(hole, w, h, 3);
  // Gradients matter only within a tensor box of the pixels within three of the hole; colours one pixel further, for the gradient's neighbours.
  const gradientReach = chessboardNear(hole, w, h, 3 + tensorRadius);
  const reach = chessboardNear(hole, w, h, 3 + tensorRadius + 1);
  // Smoothed colour wherever a ray can end or a gradient is taken.
  for (let i = 0; i < w * h; i++) {
    if (!known[i] || !reach[i]) continue;
    const x = i % w;
    colourSums.mean(x, (i - x) / w, endRadius, smooth, i * 3);
  }
  const raw = new Float32Array(w * h * 3);
  const valid = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (near2[i] || !gradientReach[i]) continue;
      let j11 = 0, j12 = 0, j22 = 0;
      for (let c = 0; c < 3; c++) {
        const gx = (smooth[(i + 1) * 3 + c] - smooth[(i - 1) * 3 + c]) / 2;
        const gy = (smooth[(i + w) * 3 + c] - smooth[(i - w) * 3 + c]) / 2;
        j11 += gx * gx; j12 += gx * gy; j22 += gy * gy;
      }
      raw[i * 3] = j11; raw[i * 3 + 1] = j12; raw[i * 3 + 2] = j22;
      valid[i] = 1;
    }
  }
  const tensorSums = new BoxSums(raw, valid, w, h, 3);
  const tensor = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    if (!known[i] || !near3[i]) continue;
    const x = i % w;
    tensorSums.mean(x, (i - x) / w, tensorRadius, tensor, i * 3);
  }
  return { ends: smooth, tensor };
}

/** Summed-area table of values over the marked pixels, for box means in O(1). @internal */
class BoxSums {
  private readonly sums: Float64Array;
  private readonly stride: number;

  constructor(values: Float32Array, marked: Uint8Array, private readonly w: number, private readonly h: number, private readonly channels: number) {
    const cells = channels + 1;
    this.stride = (w + 1) * cells;
    const sums = new Float64Array((w + 1) * (h + 1) * cells);
    const row = new Float64Array(cells);
    for (let y = 0; y < h; y++) {
      row.fill(0);
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (marked[i]) {
          for (let c = 0; c < channels; c++) row[c] += values[i * channels + c];
          row[channels] += 1;
        }
        const o = (y + 1) * this.stride + (x + 1) * cells;
        const up = y * this.stride + (x + 1) * cells;
        for (let c = 0; c < cells; c++) sums[o + c] = sums[up + c] + row[c];
      }
    }
    this.sums = sums;
  }

  /** Writes the mean over the marked pixels of the (2r+1)^2 box at (x, y), clipped to the image, into out[at..]; zeros when none is marked. */
  mean(x: number, y: number, r: number, out: Float32Array, at: number): void {
    const cells = this.channels + 1;
    const x0 = Math.max(0, x - r) * cells, x1 = (Math.min(this.w - 1, x + r) + 1) * cells;
    const y0 = Math.max(0, y - r) * this.stride, y1 = (Math.min(this.h - 1, y + r) + 1) * this.stride;
    const s = this.sums;
    const n = s[y1 + x1 + this.channels] - s[y0 + x1 + this.channels] - s[y1 + x0 + this.channels] + s[y0 + x0 + this.channels];
    for (let c = 0; c < this.channels; c++) out[at + c] = n > 0 ? (s[y1 + x1 + c] - s[y0 + x1 + c] - s[y1 + x0 + c] + s[y0 + x0 + c]) / n : 0;
  }
}
