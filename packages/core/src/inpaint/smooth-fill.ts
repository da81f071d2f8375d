/** What every fill of a hole takes besides its tuning. @internal */
export interface FillOptions {
  /**
   * Awaited between units of work (a sweep, a direction, a few thousand
   * pixels), so that one large region lets the event loop run and sees an
   * abort: the classical inpainter passes its `turn(signal)`, which yields
   * every few milliseconds and throws `ABORTED` once the signal has fired.
   */
  between?: () => Promise<void>;
}

/**
 * Pull-push interpolation (Gortler et al. 1996): fills unknown samples with a
 * smooth membrane through the known ones, in linear time. Known samples are
 * averaged down a pyramid ("pull"), then the holes take the coarser level's
 * bilinear estimate on the way up ("push"). Used to seed the exemplar search
 * and as the last resort when a crop has no clean patch to copy.
 *
 * @param values - `w * h * channels` samples, modified in place
 * @param known - `w * h` weights in 0..1 (1 = known, 0 = unknown); not modified
 * @param w - width
 * @param h - height
 * @param channels - samples per pixel
 * @internal
 */
export function pullPushFill(values: Float32Array, known: Float32Array, w: number, h: number, channels: number): void {
  let anyUnknown = false;
  let anyKnown = false;
  for (let i = 0; i < known.length; i++) {
    if (known[i] < 1) anyUnknown = true;
    if (known[i] > 0) anyKnown = true;
  }
  if (!anyUnknown || !anyKnown) return;
  const w2 = Math.max(1, Math.ceil(w / 2));
  const h2 = Math.max(1, Math.ceil(h / 2));
  const cv = new Float32Array(w2 * h2 * channels);
  const ck = new Float32Array(w2 * h2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const k = known[i];
      if (k <= 0) continue;
      const j = (y >> 1) * w2 + (x >> 1);
      ck[j] += k;
      for (let c = 0; c < channels; c++) cv[j * channels + c] += k * values[i * channels + c];
    }
  }
  for (let j = 0; j < ck.length; j++) {
    if (ck[j] <= 0) continue;
    for (let c = 0; c < channels; c++) cv[j * channels + c] /= ck[j];
    ck[j] = Math.min(1, ck[j]);
  }
  if (w2 < w || h2 < h) pullPushFill(cv, ck, w2, h2, channels);
  else {
    // 1x1 and still unknown somewhere: nothing coarser to ask.
    return;
  }
  // Push: blend each pixel towards the coarser estimate by how unknown it is.
  for (let y = 0; y < h; y++) {
    const fy = Math.min(h2 - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h2 - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const k = Math.min(1, known[i]);
      if (k >= 1) continue;
      const fx = Math.min(w2 - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w2 - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const a = cv[(y0 * w2 + x0) * channels + c];
        const b = cv[(y0 * w2 + x1) * channels + c];
        const d = cv[(y1 * w2 + x0) * channels + c];
        const e = cv[(y1 * w2 + x1) * channels + c];
        const coarse = (a + (b - a) * wx) * (1 - wy) + (d + (e - d) * wx) * wy;
        values[i * channels + c] = k * values[i * channels + c] + (1 - k) * coarse;
      }
    }
  }
}

/**
 * Membrane (harmonic) interpolation of the unknown samples: successive
 * over-relaxation of Laplace's equation over the hole, started from
 * {@link pullPushFill}, so it converges in a few dozen sweeps. The result is
 * the smoothest surface that meets the known pixels at the hole's border,
 * which is what minimises the expected error where the background cannot be
 * predicted (blurred photos, soft lighting).
 *
 * @param values - `w * h * channels` samples, modified in place
 * @param hole - `w * h` bytes, non-zero = unknown
 * @param w - width
 * @param h - height
 * @param channels - samples per pixel
 * @param sweeps - most SOR sweeps, default 60 (fewer once the fill has settled)
 * @param between - awaited between sweeps (see {@link FillOptions.between})
 * @internal
 */
export async function harmonicFill(
  values: Float32Array, hole: Uint8Array, w: number, h: number, channels: number, sweeps = 60, between?: () => Promise<void>,
): Promise<void> {
  const grid = sorGrid(values, hole, w, h, channels);
  if (!grid) return;
  const { idx, neighbours } = grid;
  // Sweeps stop early once no sample moves by more than this (on 0..255 samples: far below one grey level).
  const settled = 0.02;
  for (let s = 0; s < sweeps; s++) {
    if (between) await between();
    if (sorSweep(values, idx, neighbours, channels) < settled) break;
  }
}

/**
 * Starts {@link harmonicFill}: the pull-push fill, then the unknown samples'
 * indices and their four neighbours (undefined when nothing is unknown).
 * @internal
 */
function sorGrid(values: Float32Array, hole: Uint8Array, w: number, h: number, channels: number): { idx: Int32Array; neighbours: Int32Array } | undefined {
  const known = new Float32Array(w * h);
  let unknown = 0;
  for (let i = 0; i < known.length; i++) {
    known[i] = hole[i] ? 0 : 1;
    if (hole[i]) unknown++;
  }
  pullPushFill(values, known, w, h, channels);
  if (unknown === 0) return undefined;
  // Neighbour indices are fixed across sweeps: find them once. A neighbour
  // outside the crop (a free edge) is replaced by the pixel itself, which has
  // the same fixed point as leaving it out: the mean of the other neighbours.
  const idx = new Int32Array(unknown);
  const neighbours = new Int32Array(unknown * 4);
  for (let i = 0, k = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    idx[k] = i;
    const x = i % w;
    const y = (i - x) / w;
    neighbours[k * 4] = x > 0 ? i - 1 : i;
    neighbours[k * 4 + 1] = x < w - 1 ? i + 1 : i;
    neighbours[k * 4 + 2] = y > 0 ? i - w : i;
    neighbours[k * 4 + 3] = y < h - 1 ? i + w : i;
    k++;
  }
  return { idx, neighbours };
}

/**
 * One sweep of successive over-relaxation over the unknown samples `idx`
 * (their four neighbours in `neighbours`); returns the largest step. A plain
 * function, so the hot loop's variables stay in registers (see
 * {@link harmonicFill}, which is async).
 * @internal
 */
function sorSweep(values: Float32Array, idx: Int32Array, neighbours: Int32Array, channels: number): number {
  const omega = 1.8;
  let largest = 0;
  for (let k = 0; k < idx.length; k++) {
    const o = idx[k] * channels;
    const l = neighbours[k * 4] * channels, r = neighbours[k * 4 + 1] * channels;
    const u = neighbours[k * 4 + 2] * channels, d = neighbours[k * 4 + 3] * channels;
    for (let c = 0; c < channels; c++) {
      const step = omega * ((values[l + c] + values[r + c] + values[u + c] + values[d + c]) * 0.25 - values[o + c]);
      values[o + c] += step;
      const size = step < 0 ? -step : step;
      if (size > largest) largest = size;
    }
  }
  return largest;
}
