import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { createImage } from '@glossa/core';
import { encodePng, deflateStored } from '../../src/image/png.js';
import { adler32, crc32 } from '../../src/image/checksums.js';
import { toBase64 } from '../../src/image/base64.js';

function noise(width: number, height: number, seed = 1) {
  const image = createImage(width, height);
  let s = seed;
  for (let i = 0; i < image.data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    image.data[i] = i % 4 === 3 ? 255 : s >>> 24;
  }
  return image;
}

describe('encodePng', () => {
  it.each([true, false])('round-trips through libpng (sharp), compress=%s', async (compress) => {
    const image = noise(301, 77); // odd sizes; > 65535 raw bytes, so several stored blocks
    const png = await encodePng(image, { compress });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([301, 77, 3]);
    let diff = 0;
    for (let p = 0; p < 301 * 77; p++) for (let c = 0; c < 3; c++) diff += Math.abs(data[p * 3 + c] - image.data[p * 4 + c]);
    expect(diff).toBe(0);
  });

  it('compresses a flat page far below the stored size', async () => {
    const flat = createImage(512, 512);
    flat.data.fill(255);
    const compressed = await encodePng(flat);
    const stored = await encodePng(flat, { compress: false });
    expect(stored.length).toBeGreaterThan(512 * 512 * 3);
    expect(compressed.length).toBeLessThan(stored.length / 50);
  });
});

describe('checksums and base64', () => {
  it('match zlib and Buffer', () => {
    const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(bytes)).toBe(0x414fa339);
    expect(adler32(bytes)).toBe(0x5bdc0fda);
    const big = noise(200, 200).data.subarray(0, 150_001) as unknown as Uint8Array;
    expect(Buffer.from(inflateSync(deflateStored(new Uint8Array(big)))).equals(Buffer.from(big))).toBe(true);
    for (const n of [0, 1, 2, 3, 4, 5, 100_000]) {
      const b = new Uint8Array(big.subarray(0, n));
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
    }
  });
});
