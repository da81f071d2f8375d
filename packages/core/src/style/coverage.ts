// Ink coverage of a box: each pixel's position on the background → fill
// colour axis, so anti-aliased edge pixels count by how much ink they hold.
// Shared by the weight and slant estimators.
import type { Rect, RgbaImage } from '../image/rgba-image.js';
import type { Rgb } from './color.js';

/**
 * Coverage in [0, 1] of every pixel of `r` (row-major, `r.width` wide), or
 * undefined when fill and background are too alike to tell apart or the box
 * is too small.
 *
 * @internal
 */
export function inkCoverage(image: RgbaImage, r: Rect, bg: Rgb, fill: Rgb): Float32Array | undefined {
  const d: Rgb = [fill[0] - bg[0], fill[1] - bg[1], fill[2] - bg[2]];
  const norm = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  if (norm < 48 * 48 || r.width < 3 || r.height < 3) return undefined;
  const { width: W, data } = image;
  const cover = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = ((r.y + y) * W + r.x + x) * 4;
      // Projection of the pixel on the background → fill axis: 0 background, 1 fill.
      const t = ((data[i] - bg[0]) * d[0] + (data[i + 1] - bg[1]) * d[1] + (data[i + 2] - bg[2]) * d[2]) / norm;
      cover[y * r.width + x] = t <= 0 ? 0 : t >= 1 ? 1 : t;
    }
  }
  return cover;
}
