// Image-quality metrics for the erasure evaluation: PSNR and SSIM, over the
// whole image or only where a mask is set. Plain typed-array code, no deps.

/**
 * PSNR in dB over the RGB channels of two same-size RGBA images; with `mask`
 * (Uint8Array, non-zero = counted) only the masked pixels count.
 * Identical pixels give Infinity, reported as 99 dB so averages stay finite.
 */
export function psnr(a, b, mask) {
  let sum = 0;
  let n = 0;
  const pixels = a.width * a.height;
  for (let i = 0; i < pixels; i++) {
    if (mask && !mask[i]) continue;
    const o = i * 4;
    for (let c = 0; c < 3; c++) {
      const e = a.data[o + c] - b.data[o + c];
      sum += e * e;
    }
    n += 3;
  }
  if (n === 0) return NaN;
  if (sum === 0) return 99;
  return Math.min(99, 10 * Math.log10((255 * 255) / (sum / n)));
}

/** BT.601 luma as floats. */
function luma(img) {
  const out = new Float32Array(img.width * img.height);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) out[i] = 0.299 * img.data[j] + 0.587 * img.data[j + 1] + 0.114 * img.data[j + 2];
  return out;
}

/** Separable Gaussian blur (sigma 1.5, 11 taps), edges clamped. */
function blur(src, w, h) {
  const k = [];
  let s = 0;
  for (let i = -5; i <= 5; i++) {
    const v = Math.exp(-(i * i) / (2 * 1.5 * 1.5));
    k.push(v);
    s += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= s;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let t = -5; t <= 5; t++) v += k[t + 5] * src[y * w + Math.min(w - 1, Math.max(0, x + t))];
      tmp[y * w + x] = v;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let t = -5; t <= 5; t++) v += k[t + 5] * tmp[Math.min(h - 1, Math.max(0, y + t)) * w + x];
      out[y * w + x] = v;
    }
  return out;
}

/**
 * SSIM (Wang et al. 2004) on luma with an 11x11 Gaussian window (sigma 1.5),
 * K1 0.01, K2 0.03: the mean of the SSIM map, over the whole image or over
 * the masked pixels only.
 */
export function ssim(a, b, mask) {
  const w = a.width;
  const h = a.height;
  const x = luma(a);
  const y = luma(b);
  const xx = new Float32Array(w * h);
  const yy = new Float32Array(w * h);
  const xy = new Float32Array(w * h);
  for (let i = 0; i < x.length; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const mx = blur(x, w, h);
  const my = blur(y, w, h);
  const sxx = blur(xx, w, h);
  const syy = blur(yy, w, h);
  const sxy = blur(xy, w, h);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (mask && !mask[i]) continue;
    const vx = sxx[i] - mx[i] * mx[i];
    const vy = syy[i] - my[i] * my[i];
    const cov = sxy[i] - mx[i] * my[i];
    sum += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
    n++;
  }
  return n ? sum / n : NaN;
}
