import { resizeImage, type RgbaImage } from '@glossa/core';
import { toBase64 } from './base64.js';
import { encodePng } from './png.js';

/**
 * Longest side, in pixels, of the page image sent as context: larger images are
 * downscaled (aspect kept) before they are encoded and sent.
 *
 * @example
 * ```ts
 * const scale = Math.min(1, MAX_CONTEXT_IMAGE_SIDE / Math.max(image.width, image.height));
 * ```
 */
export const MAX_CONTEXT_IMAGE_SIDE = 1024;

/** An image ready to be an inline part of a request. @internal */
export interface InlineImage {
  mimeType: 'image/png';
  /** Base64 PNG. */
  data: string;
  width: number;
  height: number;
}

// A batch that is retried or split sends the same page image several times;
// encode it once per image object.
const cache = new WeakMap<RgbaImage, Promise<InlineImage>>();

/**
 * Downscales the page image so its longer side is at most 1024 px (aspect kept,
 * never upscaled) and encodes it as a PNG over white, memoised per image
 * object. The caller's image is never modified.
 * @internal
 */
export function prepareContextImage(image: RgbaImage): Promise<InlineImage> {
  let prepared = cache.get(image);
  if (!prepared) {
    prepared = encodeContextImage(image);
    cache.set(image, prepared);
    prepared.catch(() => cache.delete(image));
  }
  return prepared;
}

async function encodeContextImage(image: RgbaImage): Promise<InlineImage> {
  const scale = Math.min(1, MAX_CONTEXT_IMAGE_SIDE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const small = scale < 1 ? resizeImage(image, width, height) : image;
  const png = await encodePng(small);
  return { mimeType: 'image/png', data: toBase64(png), width, height };
}
