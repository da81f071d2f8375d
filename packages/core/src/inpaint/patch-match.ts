import { chessboardDistance, invertMask } from '../image/chessboard-distance.js';
import { throwIfAborted } from '../errors.js';
import { chessboardNear } from './regions.js';
import { harmonicFill, pullPushFill, type FillOptions } from './smooth-fill.js';

/** Tuning of {@link patchMatchFill}. @internal */
export interface PatchMatchOptions extends FillOptions {
  /** Patch radius: patches are (2r+1)^2 pixels. Default 3 (7x7). */
  patchRadius?: number;
  /** EM iterations (search + vote) at the coarsest level; finer levels use fewer. Default 6. */
  coarseIterations?: number;
  /** EM iterations at the finest level. Default 2. */
  fineIterations?: number;
  /** Largest random-search radius at the finest level, in pixels (halved per coarser level). Default 48. */
  searchRadius?: number;
  /** Seed of the random search. Default 1. */
  seed?: number;
  /** Checked between levels, iterations and chunks of the search. */
  signal?: AbortSignal;
  /** Skip the search: fill with the harmonic membrane only. */
  membrane?: boolean;
}

/** One level of the pyramid: pixels (RGB floats, interleaved) and the unknown map. @internal */
interface Level {
  w: number;
  h: number;
  img: Float32Array;
  hole: Uint8Array;
}

/**
 * Exemplar-based hole filling on one crop: multi-scale PatchMatch (Barnes et
 * al. 2009) with patch voting (Wexler et al. 2007). At each pyramid level,
 * every pixel whose patch touches the hole finds a similar patch that lies
 * wholly in known pixels (propagation from neighbours plus a shrinking random
 * search inside a bounded window); each hole pixel then becomes the average of
 * what the overlapping matches say it is. The coarsest level starts from a
 * smooth pull-push fill, finer levels from the upsampled matches, so structure
 * (edges, stripes) is continued at the coarse levels and texture at the fine
 * ones. Cost is proportional to the hole's neighbourhood, not the crop.
 *
 * @param rgb - `w * h * 3` floats (0..255), hole pixels arbitrary; filled in place
 * @param hole - `w * h` bytes, non-zero = unknown
 * @param w - crop width
 * @param h - crop height
 * @param options - tuning
 * @internal
 */
export async function patchMatchFill(rgb: Float32Array, hole: Uint8Array, w: number, h: number, options: PatchMatchOptions = {}): Promise<void> {
  const r = options.patchRadius ?? 3;
  const coarseIterations = options.coarseIterations ?? 6;
  const fineIterations = options.fineIterations ?? 2;
  const rand = xorshift(options.seed ?? 1);

  // Pyramid depth: shrink until the hole is thin compared with a patch, keeping enough room for patches.
  const between = async (): Promise<void> => {
    await options.between?.();
    throwIfAborted(options.signal);
  };
  if (options.membrane) {
    await harmonicFill(rgb, hole, w, h, 3, undefined, between);
    return;
  }
  const depth = holeDepth(hole, w, h);

  const levels: Level[] = [{ w, h, img: rgb, hole }];
  let thickness = depth;
  while (thickness > r && Math.min(levels[levels.length - 1].w, levels[levels.length - 1].h) >= 4 * (2 * r + 1)) {
    levels.push(downsample(levels[levels.length - 1]));
    thickness /= 2;
  }

  let nnf: Int32Array | undefined;
  for (let li = levels.length - 1; li >= 0; li--) {
    await between();
    const level = levels[li];
    const valid = validSources(level, r);
    const sources = countValid(valid);
    if (sources === 0) {
      // No clean patch anywhere (the crop is nearly all hole): a smooth fill is the honest answer.
      smoothFill(level);
      nnf = undefined;
      continue;
    }
    const targets = targetPixels(level, r);
    if (!nnf) {
      smoothFill(level);
      nnf = randomField(level, valid, targets, rand);
    } else {
      nnf = upsampleField(nnf, levels[li + 1], level, valid, targets, rand);
      vote(level, nnf, targets, r, undefined);
    }
    const iterations = li === 0 ? fineIterations : li === levels.length - 1 ? coarseIterations : Math.max(fineIterations, Math.ceil(coarseIterations / 2));
    const window = Math.max(4, Math.round((options.searchRadius ?? 48) / 2 ** li) * (li === levels.length - 1 ? 4 : 1));
    const dist = new Float32Array(level.w * level.h);
    for (let it = 0; it < iterations; it++) {
      await between();
      for (const t of targets) dist[t] = patchDistance(level, t, nnf[t], r, Infinity);
      await searchSweep(level, nnf, dist, valid, targets, r, window, it % 2 === 0, rand, between);
      await searchSweep(level, nnf, dist, valid, targets, r, window, it % 2 === 1, rand, between);
      vote(level, nnf, targets, r, dist);
    }
  }
}

/** Largest chessboard distance from a hole pixel to the nearest known pixel. @internal */
function holeDepth(hole: Uint8Array, w: number, h: number): number {
  const d = chessboardDistance(invertMask(hole), w, h);
  let max = 0;
  for (let i = 0; i < d.length; i++) if (hole[i] && d[i] > max) max = d[i];
  return max;
}

/** Halves a level: known children are averaged; a coarse pixel is unknown only when all its children are. @internal */
function downsample(src: Level): Level {
  const w = Math.ceil(src.w / 2);
  const h = Math.ceil(src.h / 2);
  const img = new Float32Array(w * h * 3);
  const hole = new Uint8Array(w * h);
  const count = new Uint8Array(w * h);
  for (let y = 0; y < src.h; y++)
    for (let x = 0; x < src.w; x++) {
      const i = y * src.w + x;
      if (src.hole[i]) continue;
      const j = (y >> 1) * w + (x >> 1);
      count[j]++;
      img[j * 3] += src.img[i * 3];
      img[j * 3 + 1] += src.img[i * 3 + 1];
      img[j * 3 + 2] += src.img[i * 3 + 2];
    }
  for (let j = 0; j < w * h; j++) {
    if (count[j] === 0) { hole[j] = 1; continue; }
    img[j * 3] /= count[j];
    img[j * 3 + 1] /= count[j];
    img[j * 3 + 2] /= count[j];
  }
  return { w, h, img, hole };
}

/** Centres of patches that lie wholly inside the level and wholly in known pixels. @internal */
function validSources(level: Level, r: number): Uint8Array {
  const { w, h } = level;
  const near = chessboardNear(level.hole, w, h, r);
  const valid = new Uint8Array(w * h);
  for (let y = r; y < h - r; y++) for (let x = r; x < w - r; x++) if (!near[y * w + x]) valid[y * w + x] = 1;
  return valid;
}

/** @internal */
function countValid(valid: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i];
  return n;
}

/** Pixels whose patch overlaps the hole: the only ones whose match matters. @internal */
function targetPixels(level: Level, r: number): Int32Array {
  const near = chessboardNear(level.hole, level.w, level.h, r);
  let n = 0;
  for (let i = 0; i < near.length; i++) n += near[i];
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < near.length; i++) if (near[i]) out[k++] = i;
  return out;
}

/** @internal */
function smoothFill(level: Level): void {
  const known = new Float32Array(level.w * level.h);
  for (let i = 0; i < known.length; i++) known[i] = level.hole[i] ? 0 : 1;
  pullPushFill(level.img, known, level.w, level.h, 3);
}

/** Random valid source for every target. @internal */
function randomField(level: Level, valid: Uint8Array, targets: Int32Array, rand: () => number): Int32Array {
  const list = validList(valid);
  const nnf = new Int32Array(level.w * level.h).fill(-1);
  for (const t of targets) nnf[t] = list[Math.floor(rand() * list.length)];
  return nnf;
}

/** @internal */
function validList(valid: Uint8Array): Int32Array {
  const list = new Int32Array(countValid(valid));
  for (let i = 0, k = 0; i < valid.length; i++) if (valid[i]) list[k++] = i;
  return list;
}

/** Upsamples a coarse match field: each fine target takes its parent's match, scaled, plus its own offset. @internal */
function upsampleField(coarse: Int32Array, from: Level, to: Level, valid: Uint8Array, targets: Int32Array, rand: () => number): Int32Array {
  const nnf = new Int32Array(to.w * to.h).fill(-1);
  let list: Int32Array | undefined;
  for (const t of targets) {
    const x = t % to.w;
    const y = (t - x) / to.w;
    const parent = Math.min(from.h - 1, y >> 1) * from.w + Math.min(from.w - 1, x >> 1);
    const s = coarse[parent];
    if (s >= 0) {
      const sx = (s % from.w) * 2 + (x & 1);
      const sy = Math.floor(s / from.w) * 2 + (y & 1);
      if (sx < to.w && sy < to.h && valid[sy * to.w + sx]) {
        nnf[t] = sy * to.w + sx;
        continue;
      }
    }
    list ??= validList(valid);
    nnf[t] = list[Math.floor(rand() * list.length)];
  }
  return nnf;
}

/**
 * Sum of squared RGB differences between the patch at target `t` and the
 * patch at source `s`, skipping target pixels outside the crop; stops early
 * once it exceeds `best`.
 * @internal
 */
function patchDistance(level: Level, t: number, s: number, r: number, best: number): number {
  const { w, h, img } = level;
  const tx = t % w;
  const ty = (t - tx) / w;
  const sx = s % w;
  const sy = (s - sx) / w;
  let sum = 0;
  const xa = Math.max(-r, -tx);
  const xb = Math.min(r, w - 1 - tx);
  for (let dy = -r; dy <= r; dy++) {
    const y = ty + dy;
    if (y < 0 || y >= h) continue;
    let a = (y * w + tx + xa) * 3;
    let b = ((sy + dy) * w + sx + xa) * 3;
    for (let dx = xa; dx <= xb; dx++, a += 3, b += 3) {
      const e0 = img[a] - img[b];
      const e1 = img[a + 1] - img[b + 1];
      const e2 = img[a + 2] - img[b + 2];
      sum += e0 * e0 + e1 * e1 + e2 * e2;
    }
    if (sum >= best) return sum;
  }
  return sum;
}

/** Targets searched between two calls of `between`: a few milliseconds of work. @internal */
const SEARCH_CHUNK = 4096;

/**
 * One PatchMatch sweep over the targets (see {@link search}), awaiting
 * `between` every {@link SEARCH_CHUNK} targets.
 * @internal
 */
async function searchSweep(
  level: Level, nnf: Int32Array, dist: Float32Array, valid: Uint8Array, targets: Int32Array, r: number, window: number, forward: boolean, rand: () => number,
  between: () => Promise<void>,
): Promise<void> {
  const n = targets.length;
  for (let start = 0; start < n; start += SEARCH_CHUNK) {
    if (start > 0) await between();
    const end = Math.min(n, start + SEARCH_CHUNK);
    if (forward) search(level, nnf, dist, valid, targets, r, window, forward, rand, start, end);
    else search(level, nnf, dist, valid, targets, r, window, forward, rand, n - 1 - start, n - 1 - end);
  }
}

/**
 * PatchMatch over the targets `from`, `from ± 1`, ... up to `to` (excluded),
 * in scan order when `forward`, else backwards: propagation from the
 * previous neighbours, then random search.
 * @internal
 */
function search(
  level: Level, nnf: Int32Array, dist: Float32Array, valid: Uint8Array, targets: Int32Array, r: number, window: number, forward: boolean, rand: () => number,
  from: number, to: number,
): void {
  const { w, h } = level;
  const step = forward ? 1 : -1;
  for (let k = from; k !== to; k += step) {
    const t = targets[k];
    let best = nnf[t];
    let bestD = dist[t];
    const tx = t % w;
    const ty = (t - tx) / w;
    // Propagation: a neighbour's match shifted by one is a good guess for coherent textures.
    const nx = tx - step;
    if (nx >= 0 && nx < w) {
      const s = nnf[t - step];
      if (s >= 0) {
        const c = s + step;
        const cx = c % w;
        if (cx >= 0 && cx < w && c >= 0 && c < w * h && valid[c] && c !== best) {
          const d = patchDistance(level, t, c, r, bestD);
          if (d < bestD) { bestD = d; best = c; }
        }
      }
    }
    const ny = ty - step;
    if (ny >= 0 && ny < h) {
      const s = nnf[t - step * w];
      if (s >= 0) {
        const c = s + step * w;
        if (c >= 0 && c < w * h && valid[c] && c !== best) {
          const d = patchDistance(level, t, c, r, bestD);
          if (d < bestD) { bestD = d; best = c; }
        }
      }
    }
    // Random search in a window that halves around the current best.
    const bx = best % w;
    const by = (best - bx) / w;
    for (let rad = window; rad >= 1; rad >>= 1) {
      const cx = Math.min(w - 1 - r, Math.max(r, bx + Math.round((rand() * 2 - 1) * rad)));
      const cy = Math.min(h - 1 - r, Math.max(r, by + Math.round((rand() * 2 - 1) * rad)));
      const c = cy * w + cx;
      if (!valid[c] || c === best) continue;
      const d = patchDistance(level, t, c, r, bestD);
      if (d < bestD) { bestD = d; best = c; }
    }
    nnf[t] = best;
    dist[t] = bestD;
  }
}

/**
 * Voting: every hole pixel becomes the weighted mean of the source pixels that
 * the overlapping patches map onto it. Closer matches weigh more (Wexler's
 * exp(-d / 2 sigma^2) with sigma from the distances' spread), so a bad
 * match does not smear a good one.
 * @internal
 */
function vote(level: Level, nnf: Int32Array, targets: Int32Array, r: number, dist: Float32Array | undefined): void {
  const { w, h, img, hole } = level;
  const acc = new Float32Array(w * h * 3);
  const wsum = new Float32Array(w * h);
  let sigma2 = 1;
  if (dist) {
    // Robust scale: the 75th percentile of per-pixel patch error.
    const sample: number[] = [];
    const stride = Math.max(1, Math.floor(targets.length / 512));
    for (let k = 0; k < targets.length; k += stride) sample.push(dist[targets[k]]);
    sample.sort((a, b) => a - b);
    sigma2 = Math.max(1, sample[Math.floor(sample.length * 0.75)] ?? 1);
  }
  for (const t of targets) {
    const s = nnf[t];
    if (s < 0) continue;
    const weight = dist ? Math.exp(-dist[t] / (2 * sigma2)) + 1e-6 : 1;
    const tx = t % w;
    const ty = (t - tx) / w;
    const sx = s % w;
    const sy = (s - sx) / w;
    for (let dy = -r; dy <= r; dy++) {
      const y = ty + dy;
      if (y < 0 || y >= h) continue;
      for (let dx = -r; dx <= r; dx++) {
        const x = tx + dx;
        if (x < 0 || x >= w) continue;
        const p = y * w + x;
        if (!hole[p]) continue;
        const q = ((sy + dy) * w + sx + dx) * 3;
        acc[p * 3] += weight * img[q];
        acc[p * 3 + 1] += weight * img[q + 1];
        acc[p * 3 + 2] += weight * img[q + 2];
        wsum[p] += weight;
      }
    }
  }
  for (let p = 0; p < w * h; p++) {
    if (!hole[p] || wsum[p] === 0) continue;
    img[p * 3] = acc[p * 3] / wsum[p];
    img[p * 3 + 1] = acc[p * 3 + 1] / wsum[p];
    img[p * 3 + 2] = acc[p * 3 + 2] / wsum[p];
  }
}

/** A fast seeded uniform generator in [0, 1) (xorshift32). @internal */
function xorshift(seed: number): () => number {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
