import { GlossaError } from '../errors.js';

/**
 * A decoded image: 8-bit RGBA pixels, row-major, no padding between rows
 * (`data.length === width * height * 4`). The same shape as the DOM's `ImageData`,
 * so browser code can pass one directly.
 *
 * @example
 * ```ts
 * const image: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([255,0,0,255, 0,0,255,255]) };
 * ```
 */
export interface RgbaImage {
  /** Width in pixels, > 0. */
  readonly width: number;
  /** Height in pixels, > 0. */
  readonly height: number;
  /** RGBA bytes, `width * height * 4` of them. */
  readonly data: Uint8ClampedArray;
}

/**
 * A single-channel 8-bit mask the size of an image: 255 marks a pixel to erase
 * (text), 0 a pixel to keep. Values in between are soft edges.
 *
 * @example
 * ```ts
 * const mask = createMask(640, 480); mask.data[10 * 640 + 20] = 255;
 * ```
 */
export interface Mask {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** One byte per pixel, `width * height` of them. */
  readonly data: Uint8Array;
}

/** An axis-aligned rectangle in pixel coordinates; `x + width` is exclusive. */
export interface Rect {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width, >= 0. */
  width: number;
  /** Height, >= 0. */
  height: number;
}

/**
 * Allocates a transparent-black RGBA image, or wraps `data` after checking its length.
 *
 * @param width - width in pixels, a positive integer
 * @param height - height in pixels, a positive integer
 * @param data - optional pixels to wrap (not copied)
 * @throws GlossaError `INVALID_INPUT` when sizes are not positive integers or `data` has the wrong length
 * @example
 * ```ts
 * const white = createImage(100, 50); white.data.fill(255);
 * ```
 */
export function createImage(width: number, height: number, data?: Uint8ClampedArray): RgbaImage {
  checkSize(width, height);
  if (data && data.length !== width * height * 4) {
    throw new GlossaError(
      'INVALID_INPUT',
      `Expected ${width * height * 4} bytes of RGBA data for a ${width}x${height} image but received ${data.length}`,
      { details: { field: 'data' } },
    );
  }
  return { width, height, data: data ?? new Uint8ClampedArray(width * height * 4) };
}

/**
 * Allocates an all-zero (keep everything) mask.
 *
 * @param width - width in pixels
 * @param height - height in pixels
 * @example
 * ```ts
 * const mask = createMask(image.width, image.height);
 * ```
 */
export function createMask(width: number, height: number): Mask {
  checkSize(width, height);
  return { width, height, data: new Uint8Array(width * height) };
}

/**
 * Throws `INVALID_INPUT` unless `value` is a well-formed {@link RgbaImage}.
 *
 * @param value - anything
 * @param name - the parameter name used in the message
 * @example
 * ```ts
 * assertRgbaImage(input, 'image');
 * ```
 */
export function assertRgbaImage(value: unknown, name = 'image'): asserts value is RgbaImage {
  const v = value as Partial<RgbaImage> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    !Number.isInteger(v.width) ||
    !Number.isInteger(v.height) ||
    (v.width as number) <= 0 ||
    (v.height as number) <= 0 ||
    !((v.data as unknown) instanceof Uint8ClampedArray || (v.data as unknown) instanceof Uint8Array) ||
    (v.data as Uint8ClampedArray).length !== (v.width as number) * (v.height as number) * 4
  ) {
    throw new GlossaError(
      'INVALID_INPUT',
      `Expected an RgbaImage {width, height, data: Uint8ClampedArray(width*height*4)} for ${name}`,
      { details: { field: name } },
    );
  }
}

/** @internal */
function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new GlossaError('INVALID_INPUT', `Expected positive integer image size but received ${width}x${height}`, {
      details: { field: 'width' },
    });
  }
}

/**
 * Copies a rectangle out of an image. The rectangle is clipped to the image.
 *
 * @param image - source image
 * @param rect - region to copy (integer coordinates)
 * @example
 * ```ts
 * const patch = cropImage(image, { x: 10, y: 10, width: 64, height: 32 });
 * ```
 */
export function cropImage(image: RgbaImage, rect: Rect): RgbaImage {
  const r = clipRect(rect, image.width, image.height);
  const out = createImage(Math.max(1, r.width), Math.max(1, r.height));
  for (let y = 0; y < r.height; y++) {
    const from = ((r.y + y) * image.width + r.x) * 4;
    out.data.set(image.data.subarray(from, from + r.width * 4), y * r.width * 4);
  }
  return out;
}

/**
 * Copies a rectangle out of a mask, clipped to the mask.
 *
 * @param mask - source mask
 * @param rect - region to copy
 * @example
 * ```ts
 * const local = cropMask(mask, box);
 * ```
 */
export function cropMask(mask: Mask, rect: Rect): Mask {
  const r = clipRect(rect, mask.width, mask.height);
  const out = createMask(Math.max(1, r.width), Math.max(1, r.height));
  for (let y = 0; y < r.height; y++) {
    const from = (r.y + y) * mask.width + r.x;
    out.data.set(mask.data.subarray(from, from + r.width), y * r.width);
  }
  return out;
}

/**
 * Writes `patch` into `target` at (x, y), in place, clipped to the target.
 *
 * @param target - image written to
 * @param patch - pixels to write
 * @param x - left edge in `target`
 * @param y - top edge in `target`
 * @example
 * ```ts
 * pasteImage(page, inpaintedCrop, box.x, box.y);
 * ```
 */
export function pasteImage(target: RgbaImage, patch: RgbaImage, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(target.width, x + patch.width);
  const y1 = Math.min(target.height, y + patch.height);
  if (x1 <= x0 || y1 <= y0) return;
  for (let ty = y0; ty < y1; ty++) {
    const src = ((ty - y) * patch.width + (x0 - x)) * 4;
    target.data.set(patch.data.subarray(src, src + (x1 - x0) * 4), (ty * target.width + x0) * 4);
  }
}

/**
 * Clips a rectangle to `[0, width) x [0, height)`, rounding outwards to integers.
 *
 * @param rect - any rectangle
 * @param width - bound width
 * @param height - bound height
 * @example
 * ```ts
 * const inside = clipRect({ x: -5, y: 0, width: 20, height: 20 }, 10, 10); // {x:0,y:0,width:10,height:10}
 * ```
 */
export function clipRect(rect: Rect, width: number, height: number): Rect {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(height, Math.ceil(rect.y + rect.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * Resizes with bilinear interpolation (area-averaging when shrinking by more
 * than 2x, so small text does not alias away).
 *
 * @param image - source
 * @param width - target width, positive integer
 * @param height - target height, positive integer
 * @example
 * ```ts
 * const small = resizeImage(image, 320, 240);
 * ```
 */
export function resizeImage(image: RgbaImage, width: number, height: number): RgbaImage {
  const out = createImage(width, height);
  if (width === image.width && height === image.height) {
    out.data.set(image.data);
    return out;
  }
  const sx = image.width / width;
  const sy = image.height / height;
  const src = image.data;
  const dst = out.data;
  if (sx > 2 || sy > 2) {
    // Box filter: average every source pixel that falls in the target cell.
    for (let y = 0; y < height; y++) {
      const ya = Math.floor(y * sy);
      const yb = Math.max(ya + 1, Math.min(image.height, Math.floor((y + 1) * sy)));
      for (let x = 0; x < width; x++) {
        const xa = Math.floor(x * sx);
        const xb = Math.max(xa + 1, Math.min(image.width, Math.floor((x + 1) * sx)));
        let r = 0, g = 0, b = 0, a = 0;
        for (let yy = ya; yy < yb; yy++) {
          let i = (yy * image.width + xa) * 4;
          for (let xx = xa; xx < xb; xx++, i += 4) {
            r += src[i]; g += src[i + 1]; b += src[i + 2]; a += src[i + 3];
          }
        }
        const n = (yb - ya) * (xb - xa);
        const o = (y * width + x) * 4;
        dst[o] = r / n; dst[o + 1] = g / n; dst[o + 2] = b / n; dst[o + 3] = a / n;
      }
    }
    return out;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const wx = fx - x0;
      const i00 = (y0 * image.width + x0) * 4;
      const i01 = (y0 * image.width + x1) * 4;
      const i10 = (y1 * image.width + x0) * 4;
      const i11 = (y1 * image.width + x1) * 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[i00 + c] + (src[i01 + c] - src[i00 + c]) * wx;
        const bottom = src[i10 + c] + (src[i11 + c] - src[i10 + c]) * wx;
        dst[o + c] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}

/**
 * Luma (BT.601) of every pixel, as floats in 0..255.
 *
 * @param image - source
 * @example
 * ```ts
 * const gray = toGray(image); // Float32Array(width * height)
 * ```
 */
export function toGray(image: RgbaImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const d = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = 0.299 * d[j] + 0.587 * d[j + 1] + 0.114 * d[j + 2];
  return out;
}

/**
 * Composites the image over an opaque background colour (alpha flattened),
 * in place. OCR and inpainting see what a person would see.
 *
 * @param image - image to flatten
 * @param background - RGB of the backdrop, white by default
 * @example
 * ```ts
 * flattenAlpha(decoded); // transparent PNG areas become white
 * ```
 */
export function flattenAlpha(image: RgbaImage, background: readonly [number, number, number] = [255, 255, 255]): RgbaImage {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3];
    if (a === 255) continue;
    const t = a / 255;
    d[i] = d[i] * t + background[0] * (1 - t);
    d[i + 1] = d[i + 1] * t + background[1] * (1 - t);
    d[i + 2] = d[i + 2] * t + background[2] * (1 - t);
    d[i + 3] = 255;
  }
  return image;
}

/**
 * Copies an image (new pixel buffer).
 *
 * @param image - source
 * @example
 * ```ts
 * const background = cloneImage(original);
 * ```
 */
export function cloneImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}
