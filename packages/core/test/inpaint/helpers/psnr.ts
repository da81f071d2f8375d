import type { Mask, RgbaImage } from '../../../src/image/rgba-image.js';

/** PSNR (dB) over the RGB channels of two same-size images, only where `mask` is set when given; identical pixels give 99. */
export function psnr(a: RgbaImage, b: RgbaImage, mask?: Mask): number {
  let sum = 0, n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (mask && !mask.data[i]) continue;
    for (let c = 0; c < 3; c++) sum += (a.data[i * 4 + c] - b.data[i * 4 + c]) ** 2;
    n += 3;
  }
  return sum === 0 ? 99 : 10 * Math.log10((255 * 255) / (sum / n));
}
