import type { RgbaImage } from '@glossa/core';
import { adler32, crc32 } from './checksums.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * Encodes an image as an 8-bit RGB PNG without Node or DOM image APIs, so the
 * plugin runs unchanged in Node, browsers and workers. Transparent pixels are
 * composited over white (the input is not modified). Pixel rows use the PNG "Sub" filter, which makes flat
 * regions and text compress well.
 *
 * The zlib stream comes from the standard `CompressionStream('deflate')` where
 * the runtime has it (Node 18+, every current browser); otherwise the data is
 * written as uncompressed "stored" deflate blocks, which every decoder accepts.
 * @internal
 */
export async function encodePng(image: RgbaImage, options: { compress?: boolean } = {}): Promise<Uint8Array> {
  const raw = filterRows(image);
  const useStream = (options.compress ?? true) && typeof CompressionStream === 'function';
  const zlib = useStream ? await deflateWithStream(raw) : deflateStored(raw);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  // compression 0, filter method 0, no interlace: already zero.
  const parts = [new Uint8Array(SIGNATURE), chunk('IHDR', header), chunk('IDAT', zlib), chunk('IEND', new Uint8Array(0))];
  return concat(parts);
}

/** Scanlines with a leading filter byte (1 = Sub), RGB over white. */
function filterRows(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  const stride = width * 3 + 1;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    out[row] = 1;
    let prevR = 0, prevG = 0, prevB = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const o = row + 1 + x * 3;
      const a = data[i + 3];
      const white = 255 - a;
      const r = a === 255 ? data[i] : Math.round((data[i] * a + 255 * white) / 255);
      const g = a === 255 ? data[i + 1] : Math.round((data[i + 1] * a + 255 * white) / 255);
      const b = a === 255 ? data[i + 2] : Math.round((data[i + 2] * a + 255 * white) / 255);
      out[o] = (r - prevR) & 0xff;
      out[o + 1] = (g - prevG) & 0xff;
      out[o + 2] = (b - prevB) & 0xff;
      prevR = r; prevG = g; prevB = b;
    }
  }
  return out;
}

async function deflateWithStream(raw: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A zlib stream made of stored (uncompressed) deflate blocks of at most 65535 bytes. @internal */
export function deflateStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78; // CM = 8 (deflate), CINFO = 7 (32K window)
  out[1] = 0x01; // FCHECK so that the header is a multiple of 31, no dictionary, fastest
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE = 00 (stored)
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), o);
    o += len;
  }
  new DataView(out.buffer).setUint32(o, adler32(raw));
  return out;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
