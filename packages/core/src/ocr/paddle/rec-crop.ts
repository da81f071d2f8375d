// Recognition (and angle classifier) input: PaddleOCR crops each quad with a
// perspective warp at its own size (`get_rotate_crop_image`), turns tall crops
// by 90 degrees, then resizes to height 48 and normalises. Here the three
// steps are one projective sampling pass from the quad straight into the batch
// tensor, with supersampling when the text is much taller than 48 px so that
// shrinking does not alias.
import type { Point, Polygon } from '../../page/page.js';
import type { RgbaImage } from '../../image/rgba-image.js';
import { distance, rectToQuadTransform } from './geometry.js';

/** The recognition and classifier models' input height. */
export const REC_HEIGHT = 48;

/** A text box ready to be sampled: its corners in reading order and its size. @internal */
export interface CropGeometry {
  /** Corners mapped to the crop's top-left, top-right, bottom-right, bottom-left. */
  quad: Polygon;
  /** Width of the crop at the source resolution (after any rotation). */
  width: number;
  /** Height of the crop at the source resolution. */
  height: number;
}

/**
 * The crop PaddleOCR takes for a detected box: its size is the longer of each
 * pair of opposite sides; when it is at least 1.5 times as tall as wide it is
 * turned 90 degrees counter-clockwise (`np.rot90`), so a vertical column of
 * CJK characters reads left to right.
 *
 * @internal
 */
export function cropGeometry(polygon: Polygon): CropGeometry {
  const [p0, p1, p2, p3] = polygon;
  const width = Math.max(distance(p0, p1), distance(p2, p3), 1);
  const height = Math.max(distance(p0, p3), distance(p1, p2), 1);
  if (height >= 1.5 * width) return { quad: [p1, p2, p3, p0], width: height, height: width };
  return { quad: [p0, p1, p2, p3], width, height };
}

/**
 * The crop widened along its reading direction by `fraction * height` on each
 * side, each side's growth limited so that its corners stay inside the
 * `imageWidth` x `imageHeight` image. DB boxes hug the glyph kernels, so thin
 * marks at a line's ends (brackets, arrows, quotes) often fall just outside
 * them; the recogniser reads the ink between the boxes' ends anyway, and a
 * little background on both sides is what it was trained on.
 *
 * @internal
 */
export function padCrop(crop: CropGeometry, fraction: number, imageWidth: number, imageHeight: number): CropGeometry {
  const pad = fraction * crop.height;
  if (!(pad > 0)) return crop;
  const [p0, p1, p2, p3] = crop.quad;
  // Reading direction: the mean of the top and bottom edges.
  let dx = p1[0] - p0[0] + p2[0] - p3[0];
  let dy = p1[1] - p0[1] + p2[1] - p3[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return crop;
  dx /= len;
  dy /= len;
  const before = Math.min(pad, room(p0, -dx, -dy, imageWidth, imageHeight), room(p3, -dx, -dy, imageWidth, imageHeight));
  const after = Math.min(pad, room(p1, dx, dy, imageWidth, imageHeight), room(p2, dx, dy, imageWidth, imageHeight));
  const move = (p: Point, t: number): Point => [p[0] + dx * t, p[1] + dy * t];
  return {
    quad: [move(p0, -before), move(p1, after), move(p2, after), move(p3, -before)],
    width: crop.width + before + after,
    height: crop.height,
  };
}

/** How far `p` can move along the unit vector `(dx, dy)` and stay inside `[0, w-1] x [0, h-1]`. */
function room(p: Point, dx: number, dy: number, w: number, h: number): number {
  let t = Infinity;
  if (dx > 1e-9) t = Math.min(t, (w - 1 - p[0]) / dx);
  else if (dx < -1e-9) t = Math.min(t, p[0] / -dx);
  if (dy > 1e-9) t = Math.min(t, (h - 1 - p[1]) / dy);
  else if (dy < -1e-9) t = Math.min(t, p[1] / -dy);
  return Math.max(0, t);
}

/** The same crop turned 180 degrees (what the angle classifier corrects). @internal */
export function rotate180(crop: CropGeometry): CropGeometry {
  const [a, b, c, d] = crop.quad;
  return { ...crop, quad: [c, d, a, b] as Point[] };
}

/** Width the crop takes at height 48, keeping its aspect ratio, capped at `maxWidth`. @internal */
export function scaledWidth(crop: CropGeometry, maxWidth: number): number {
  return Math.max(1, Math.min(maxWidth, Math.ceil((REC_HEIGHT * crop.width) / crop.height)));
}

/**
 * Samples `crop` from `image` into item `index` of a `[n, 3, 48, tensorWidth]`
 * BGR tensor, `outWidth` columns wide, normalised to `(v / 255 - 0.5) / 0.5`.
 * Columns past `outWidth` are left as they are (zero: PaddleOCR's padding).
 * Outside the image the edge pixels repeat (OpenCV's BORDER_REPLICATE).
 *
 * @internal
 */
export function sampleCrop(
  image: RgbaImage,
  crop: CropGeometry,
  tensor: Float32Array,
  index: number,
  tensorWidth: number,
  outWidth: number,
): void {
  const m = rectToQuadTransform(crop.quad, outWidth, REC_HEIGHT);
  const { width: w, height: h, data } = image;
  const plane = REC_HEIGHT * tensorWidth;
  const base = index * 3 * plane;
  // Source pixels per output pixel; above ~1.5 average k x k samples per pixel.
  const shrink = Math.max(crop.height / REC_HEIGHT, crop.width / outWidth);
  const k = shrink > 1.5 ? Math.min(4, Math.ceil(shrink)) : 1;
  const inv = 1 / (k * k);
  const scale = 1 / 127.5;
  for (let y = 0; y < REC_HEIGHT; y++) {
    let o = base + y * tensorWidth;
    for (let x = 0; x < outWidth; x++, o++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < k; sy++) {
        const v = y + (sy + 0.5) / k;
        for (let sx = 0; sx < k; sx++) {
          const u = x + (sx + 0.5) / k;
          const z = 1 / (m[6] * u + m[7] * v + 1);
          // Continuous source position; pixel centres sit at +0.5.
          let fx = (m[0] * u + m[1] * v + m[2]) * z - 0.5;
          let fy = (m[3] * u + m[4] * v + m[5]) * z - 0.5;
          fx = fx < 0 ? 0 : fx > w - 1 ? w - 1 : fx;
          fy = fy < 0 ? 0 : fy > h - 1 ? h - 1 : fy;
          const x0 = fx | 0, y0 = fy | 0;
          const x1 = x0 + 1 < w ? x0 + 1 : x0;
          const y1 = y0 + 1 < h ? y0 + 1 : y0;
          const wx = fx - x0, wy = fy - y0;
          const i00 = (y0 * w + x0) * 4, i01 = (y0 * w + x1) * 4, i10 = (y1 * w + x0) * 4, i11 = (y1 * w + x1) * 4;
          const w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
          r += data[i00] * w00 + data[i01] * w01 + data[i10] * w10 + data[i11] * w11;
          g += data[i00 + 1] * w00 + data[i01 + 1] * w01 + data[i10 + 1] * w10 + data[i11 + 1] * w11;
          b += data[i00 + 2] * w00 + data[i01 + 2] * w01 + data[i10 + 2] * w10 + data[i11 + 2] * w11;
        }
      }
      tensor[o] = b * inv * scale - 1;
      tensor[o + plane] = g * inv * scale - 1;
      tensor[o + 2 * plane] = r * inv * scale - 1;
    }
  }
}
