import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeImage, readImageInfo } from '@glossa/node';

// Every variant is made here with sharp (libvips), from one known picture:
// left half red, right half blue, 64x32.
const W = 64;
const H = 32;
async function base(): Promise<sharp.Sharp> {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      if (x < W / 2) raw[i] = 220;
      else raw[i + 2] = 220;
    }
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } });
}
const px = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-io-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('decodeImage: accepted variants', () => {
  it('decodes PNG, JPEG and WebP from a path, a file: URL, a Buffer and a Uint8Array', async () => {
    const png = await (await base()).png().toBuffer();
    const path = join(dir, 'plain.png');
    await writeFile(path, png);
    for (const input of [path, pathToFileURL(path), pathToFileURL(path).href, png, new Uint8Array(png)]) {
      const { image, format } = await decodeImage(input);
      expect(format).toBe('png');
      expect([image.width, image.height]).toEqual([W, H]);
      expect(px(image, 2, 2)).toEqual([220, 0, 0, 255]);
    }
    for (const fmt of ['jpeg', 'webp'] as const) {
      const { image } = await decodeImage(await (await base())[fmt]({ quality: 95 }).toBuffer());
      const [r, g, b] = px(image, 5, 5);
      expect(r).toBeGreaterThan(180);
      expect(g + b).toBeLessThan(60);
    }
  });

  it('converts greyscale, 16-bit, palette and CMYK to 8-bit sRGB RGBA', async () => {
    const grey = await decodeImage(await (await base()).greyscale().png().toBuffer());
    const [r, g, b, a] = px(grey.image, 2, 2);
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(a).toBe(255);
    const sixteen = await decodeImage(await (await base()).toColourspace('rgb16').png().toBuffer());
    expect(px(sixteen.image, 2, 2)).toEqual([220, 0, 0, 255]);
    const palette = await decodeImage(await (await base()).png({ palette: true, colours: 4 }).toBuffer());
    expect(px(palette.image, 2, 2)[0]).toBeGreaterThan(200);
    const cmyk = await decodeImage(await (await base()).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer());
    const [cr, cg, cb] = px(cmyk.image, 2, 2);
    expect(cr).toBeGreaterThan(150);
    expect(cg + cb).toBeLessThan(100);
  });

  it('keeps alpha', async () => {
    const withAlpha = await (await base()).ensureAlpha(0.5).png().toBuffer();
    const { image } = await decodeImage(withAlpha);
    expect(Math.abs(px(image, 2, 2)[3] - 128)).toBeLessThanOrEqual(1);
  });

  it('applies EXIF orientation', async () => {
    // Orientation 6: the stored pixels are shown rotated 90° clockwise.
    const rotated = await (await base()).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const { image } = await decodeImage(rotated);
    expect([image.width, image.height]).toEqual([H, W]);
    // Red (stored on the left) ends up on top.
    expect(px(image, H / 2, 3)[0]).toBeGreaterThan(180);
    expect(px(image, H / 2, W - 4)[2]).toBeGreaterThan(180);
  });

  it('takes the first frame of an animation, with a warning', async () => {
    const red = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const blue = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    const { image, warnings } = await decodeImage(gif);
    expect([image.width, image.height]).toEqual([16, 16]);
    expect(px(image, 4, 4)[0]).toBeGreaterThan(200);
    expect(warnings.join(' ')).toMatch(/first frame/);
  });

  it('passes an RgbaImage through after checking it', async () => {
    const data = new Uint8ClampedArray(4 * 4 * 4).fill(9);
    const { image, format } = await decodeImage({ width: 4, height: 4, data });
    expect(format).toBe('raw');
    expect(image.data[0]).toBe(9);
  });
});

describe('decodeImage: refused inputs', () => {
  it('refuses zero-byte, non-image, truncated and corrupt files with UNSUPPORTED_FORMAT', async () => {
    const png = await (await base()).png().toBuffer();
    const jpeg = await (await base()).jpeg().toBuffer();
    const corrupt = Buffer.from(jpeg);
    for (let i = 200; i < corrupt.length - 10; i += 7) corrupt[i] ^= 0x5a;
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['text', Buffer.from('this is not an image\n')],
      ['truncated png', png.subarray(0, Math.floor(png.length / 2))],
      ['truncated jpeg', jpeg.subarray(0, Math.floor(jpeg.length / 2))],
      ['corrupt jpeg', corrupt],
    ];
    for (const [name, bytes] of cases) {
      await expect(decodeImage(bytes), name).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    }
  });

  it('refuses images over the pixel and byte limits with IMAGE_TOO_LARGE, before decoding', async () => {
    const png = await (await base()).png().toBuffer();
    await expect(decodeImage(png, { maxPixels: W * H - 1 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    await expect(decodeImage(png, { maxBytes: 10 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    const path = join(dir, 'big.png');
    await writeFile(path, png);
    await expect(decodeImage(path, { maxBytes: 10 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    // A PNG header claiming 100000 x 100000 pixels is refused from its metadata alone.
    const huge = Buffer.from(png);
    huge.writeUInt32BE(100000, 16);
    huge.writeUInt32BE(100000, 20);
    await expect(decodeImage(huge)).rejects.toMatchObject({ code: expect.stringMatching(/IMAGE_TOO_LARGE|UNSUPPORTED_FORMAT/) });
  });

  it('refuses a missing path, a directory and a wrong input type with INVALID_INPUT', async () => {
    await expect(decodeImage(join(dir, 'missing.png'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(decodeImage(dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(decodeImage(42 as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(decodeImage({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses an http: URL with INVALID_INPUT: Glossa never fetches', async () => {
    await expect(decodeImage(new URL('http://127.0.0.1:9/x.png'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/http: URL/) });
  });
});

describe('readImageInfo', () => {
  it('reads the size from the header, with EXIF orientation, without decoding', async () => {
    const png = await (await base()).png().toBuffer();
    expect(await readImageInfo(png)).toEqual({ format: 'png', width: W, height: H });
    const rotated = await (await base()).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await readImageInfo(rotated)).toEqual({ format: 'jpeg', width: H, height: W });
    await expect(readImageInfo(Buffer.from('name,price\n'))).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });
});

describe('encodeImage', () => {
  it('round-trips PNG exactly and encodes JPEG and WebP', async () => {
    const { image } = await decodeImage(await (await base()).png().toBuffer());
    const again = await decodeImage(await encodeImage(image, 'png'));
    expect(Buffer.from(again.image.data)).toEqual(Buffer.from(image.data));
    expect((await sharp(await encodeImage(image, 'jpeg')).metadata()).format).toBe('jpeg');
    expect((await sharp(await encodeImage(image, 'webp')).metadata()).format).toBe('webp');
    await expect(encodeImage(image, 'bmp' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
