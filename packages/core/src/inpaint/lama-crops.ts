import { clipRect, cropImage, cropMask, resizeImage, type Mask, type Rect, type RgbaImage } from '../image/rgba-image.js';

// Geometry of the LaMa path: which pixels a model run sees, at what scale, and
// how they are laid into (and read back out of) the input tensor. Kept apart
// from the session handling so tests can check it without a model.

/** The model's input plane: fixed (the Carve export: 512x512) or any multiple of 8. @internal */
export type LamaPlane = { kind: 'fixed'; width: number; height: number } | { kind: 'dynamic'; maxSide: number; multiple: number };

/** One model run's worth of pixels. @internal */
export interface LamaCrop {
  /** Where results are composited back: the region from `findMaskRegions`. */
  region: Rect;
  /** The pixels the model sees: `region` grown for context, inside the image. */
  crop: Rect;
  /** Model pixels per image pixel, at most 1 (never upscaled: that only blurs). */
  scale: number;
  /** `crop` scaled: the part of the input plane holding real pixels (the rest is mirrored padding). */
  scaledWidth: number;
  /** See `scaledWidth`. */
  scaledHeight: number;
}

/**
 * Plans the crop for one region. With a fixed-size model the crop grows towards
 * the whole input plane, because the run costs the same whatever it holds and
 * LaMa fills better with more surroundings to copy from; a region larger than
 * the plane is scaled down to fit, keeping its aspect. With a dynamic model
 * the crop is the region (cost grows with area), scaled to fit `maxSide`.
 * @internal
 */
export function planLamaCrop(region: Rect, imageWidth: number, imageHeight: number, plane: LamaPlane): LamaCrop {
  let crop: Rect;
  let scale: number;
  if (plane.kind === 'fixed') {
    // Grow to the plane's aspect at the scale the region needs, then clip to the image.
    const need = Math.min(1, plane.width / region.width, plane.height / region.height);
    crop = growCentred(region, Math.ceil(plane.width / need), Math.ceil(plane.height / need), imageWidth, imageHeight);
    scale = Math.min(1, plane.width / crop.width, plane.height / crop.height);
  } else {
    crop = clipRect(region, imageWidth, imageHeight);
    scale = Math.min(1, plane.maxSide / Math.max(crop.width, crop.height));
  }
  const limitW = plane.kind === 'fixed' ? plane.width : plane.maxSide;
  const limitH = plane.kind === 'fixed' ? plane.height : plane.maxSide;
  const scaledWidth = Math.max(1, Math.min(limitW, Math.round(crop.width * scale)));
  const scaledHeight = Math.max(1, Math.min(limitH, Math.round(crop.height * scale)));
  return { region, crop, scale, scaledWidth, scaledHeight };
}

/** The input plane size for a batch of crops: the fixed size, or the largest scaled crop rounded up to the multiple. @internal */
export function planeSizeFor(crops: readonly LamaCrop[], plane: LamaPlane): { width: number; height: number } {
  if (plane.kind === 'fixed') return { width: plane.width, height: plane.height };
  const m = plane.multiple;
  const w = Math.max(...crops.map((c) => c.scaledWidth));
  const h = Math.max(...crops.map((c) => c.scaledHeight));
  return { width: Math.ceil(w / m) * m, height: Math.ceil(h / m) * m };
}

/**
 * `rect` grown (about its centre) to `width` x `height`, shifted to stay inside
 * the image and clipped where the image is smaller. Never shrinks `rect`.
 * @internal
 */
export function growCentred(rect: Rect, width: number, height: number, imageWidth: number, imageHeight: number): Rect {
  const r = clipRect(rect, imageWidth, imageHeight);
  const w = Math.min(imageWidth, Math.max(r.width, width));
  const h = Math.min(imageHeight, Math.max(r.height, height));
  const x = Math.min(imageWidth - w, Math.max(0, Math.round(r.x + r.width / 2 - w / 2)));
  const y = Math.min(imageHeight - h, Math.max(0, Math.round(r.y + r.height / 2 - h / 2)));
  return { x, y, width: w, height: h };
}

/**
 * Writes one crop into slot `slot` of the batch tensors: RGB in 0..1 with the
 * holes zeroed (as LaMa was trained), and the binary hole mask. The plane
 * beyond the scaled crop is filled by mirroring it, with mask 0, so the model
 * sees continuous texture rather than a black border. `zeroHoles: false`
 * passes the hole pixels as they are.
 * @internal
 */
export function writeLamaInput(
  image: RgbaImage,
  mask: Mask,
  c: LamaCrop,
  imageTensor: Float32Array,
  maskTensor: Float32Array,
  slot: number,
  planeWidth: number,
  planeHeight: number,
  zeroHoles = true,
): void {
  const pixels = resizeImage(cropImage(image, c.crop), c.scaledWidth, c.scaledHeight);
  const holes = maxPoolMask(cropMask(mask, c.crop), c.scaledWidth, c.scaledHeight);
  const plane = planeWidth * planeHeight;
  const base = slot * 3 * plane;
  const maskBase = slot * plane;
  const sw = c.scaledWidth;
  const sh = c.scaledHeight;
  for (let y = 0; y < planeHeight; y++) {
    const inside = y < sh;
    const sy = mirror(y, sh);
    for (let x = 0; x < planeWidth; x++) {
      const sx = mirror(x, sw);
      const si = sy * sw + sx;
      const hole = holes[si];
      const o = y * planeWidth + x;
      const keep = hole && zeroHoles ? 0 : 1 / 255;
      const p = si * 4;
      imageTensor[base + o] = pixels.data[p] * keep;
      imageTensor[base + plane + o] = pixels.data[p + 1] * keep;
      imageTensor[base + 2 * plane + o] = pixels.data[p + 2] * keep;
      maskTensor[maskBase + o] = inside && x < sw ? hole : 0;
    }
  }
}

/**
 * Reads one crop's result back out of the output tensor (values scaled by
 * `1 / outputMax` to 0..1), scales it to the crop's size and blends it into
 * `target` inside `region` only, by the mask's value (255 = all model, 0 = untouched).
 * @internal
 */
export function compositeLamaOutput(
  target: RgbaImage,
  mask: Mask,
  c: LamaCrop,
  output: Float32Array,
  slot: number,
  planeWidth: number,
  planeHeight: number,
  outputMax: number,
): void {
  const plane = planeWidth * planeHeight;
  const base = slot * 3 * plane;
  const sw = c.scaledWidth;
  const sh = c.scaledHeight;
  const small = { width: sw, height: sh, data: new Uint8ClampedArray(sw * sh * 4) };
  const k = 255 / outputMax;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const o = y * planeWidth + x;
      const p = (y * sw + x) * 4;
      small.data[p] = output[base + o] * k;
      small.data[p + 1] = output[base + plane + o] * k;
      small.data[p + 2] = output[base + 2 * plane + o] * k;
      small.data[p + 3] = 255;
    }
  }
  const filled = resizeImage(small, c.crop.width, c.crop.height);
  const r = clipRect(c.region, target.width, target.height);
  const x0 = Math.max(r.x, c.crop.x);
  const y0 = Math.max(r.y, c.crop.y);
  const x1 = Math.min(r.x + r.width, c.crop.x + c.crop.width);
  const y1 = Math.min(r.y + r.height, c.crop.y + c.crop.height);
  const d = target.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const m = mask.data[y * mask.width + x];
      if (m === 0) continue;
      const a = m / 255;
      const o = (y * target.width + x) * 4;
      const f = ((y - c.crop.y) * c.crop.width + (x - c.crop.x)) * 4;
      d[o] = d[o] * (1 - a) + filled.data[f] * a;
      d[o + 1] = d[o + 1] * (1 - a) + filled.data[f + 1] * a;
      d[o + 2] = d[o + 2] * (1 - a) + filled.data[f + 2] * a;
    }
  }
}

/** Downscales a mask so a target pixel is a hole (1) when any source pixel under it is marked: holes never shrink away. @internal */
export function maxPoolMask(mask: Mask, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const sx = mask.width / width;
  const sy = mask.height / height;
  for (let y = 0; y < height; y++) {
    const ya = Math.floor(y * sy);
    const yb = Math.max(ya + 1, Math.min(mask.height, Math.ceil((y + 1) * sy)));
    for (let x = 0; x < width; x++) {
      const xa = Math.floor(x * sx);
      const xb = Math.max(xa + 1, Math.min(mask.width, Math.ceil((x + 1) * sx)));
      let hit = 0;
      for (let yy = ya; yy < yb && !hit; yy++) {
        const row = yy * mask.width;
        for (let xx = xa; xx < xb; xx++) if (mask.data[row + xx] > 0) { hit = 1; break; }
      }
      out[y * width + x] = hit;
    }
  }
  return out;
}

/** Index `i` reflected into [0, n) (…2 1 0 | 0 1 2 … n-1 | n-1 n-2 …), for any i >= 0. @internal */
export function mirror(i: number, n: number): number {
  if (n <= 1) return 0;
  const period = 2 * n;
  const k = i % period;
  return k < n ? k : period - 1 - k;
}
