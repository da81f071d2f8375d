// Detection input: PaddleOCR's `DetResizeForTest` (limit type `max`) and
// `NormalizeImage` fused into one pass that writes the CHW float tensor
// directly, so no resized RGBA copy is ever made.
import type { Rect, RgbaImage } from '../../image/rgba-image.js';

/**
 * ImageNet mean and std from PaddleOCR's PP-OCRv4 det config, in the order of
 * the channels the model was trained on: PaddleOCR reads images with OpenCV,
 * so channel 0 is blue, and the config's `[0.485, 0.456, 0.406]` apply to B, G, R.
 */
const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;

/**
 * The detection input size for a `width` x `height` region: scaled down so the
 * long side is at most `limitSideLen` (never up), then each side rounded to a
 * multiple of 32 (at least 32), as PaddleOCR's `DetResizeForTest` does.
 *
 * @internal
 */
export function detInputSize(width: number, height: number, limitSideLen: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const ratio = long > limitSideLen ? limitSideLen / long : 1;
  const round32 = (v: number) => Math.max(32, Math.round(Math.trunc(v * ratio) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}

/**
 * Resizes `region` of `image` (bilinear, OpenCV's half-pixel convention) to
 * `outW` x `outH` and normalises it into a `[3, outH, outW]` float tensor
 * in BGR order.
 *
 * @internal
 */
export function detPreprocess(image: RgbaImage, region: Rect, outW: number, outH: number): Float32Array {
  const plane = outW * outH;
  const out = new Float32Array(3 * plane);
  const src = image.data;
  const stride = image.width * 4;
  const sx = region.width / outW;
  const sy = region.height / outH;
  // Column taps are the same for every row: compute them once.
  const x0s = new Int32Array(outW);
  const x1s = new Int32Array(outW);
  const wxs = new Float32Array(outW);
  for (let x = 0; x < outW; x++) {
    const fx = Math.min(region.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    const x0 = Math.floor(fx);
    x0s[x] = (region.x + x0) * 4;
    x1s[x] = (region.x + Math.min(region.width - 1, x0 + 1)) * 4;
    wxs[x] = fx - x0;
  }
  // (v / 255 - mean) / std = v * k + b, per channel; out planes are B, G, R.
  const kB = 1 / (255 * DET_STD[0]), bB = -DET_MEAN[0] / DET_STD[0];
  const kG = 1 / (255 * DET_STD[1]), bG = -DET_MEAN[1] / DET_STD[1];
  const kR = 1 / (255 * DET_STD[2]), bR = -DET_MEAN[2] / DET_STD[2];
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(region.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const r0 = (region.y + y0) * stride;
    const r1 = (region.y + Math.min(region.height - 1, y0 + 1)) * stride;
    let o = y * outW;
    for (let x = 0; x < outW; x++, o++) {
      const wx = wxs[x];
      const a = r0 + x0s[x], b = r0 + x1s[x], c = r1 + x0s[x], d = r1 + x1s[x];
      const w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
      const red = src[a] * w00 + src[b] * w01 + src[c] * w10 + src[d] * w11;
      const green = src[a + 1] * w00 + src[b + 1] * w01 + src[c + 1] * w10 + src[d + 1] * w11;
      const blue = src[a + 2] * w00 + src[b + 2] * w01 + src[c + 2] * w10 + src[d + 2] * w11;
      out[o] = blue * kB + bB;
      out[o + plane] = green * kG + bG;
      out[o + 2 * plane] = red * kR + bR;
    }
  }
  return out;
}
