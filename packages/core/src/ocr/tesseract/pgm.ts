import type { RgbaImage } from '../../image/rgba-image.js';

/**
 * Encodes an image as a binary greyscale PGM (P5), the cheapest format
 * Tesseract's image reader (Leptonica) decodes: no compression to undo.
 *
 * @internal
 */
export function toPgm(image: RgbaImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.width * image.height);
  out.set(header);
  const d = image.data;
  for (let i = 0, j = 0; j < d.length; i++, j += 4) out[header.length + i] = Math.round(0.299 * d[j] + 0.587 * d[j + 1] + 0.114 * d[j + 2]);
  return out;
}
