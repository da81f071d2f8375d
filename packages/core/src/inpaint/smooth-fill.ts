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
