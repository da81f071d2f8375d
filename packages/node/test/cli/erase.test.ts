// `glossa erase` end to end: the built CLI (packages/node/dist/cli.js) on an
// image drawn by the test, with a given mask and with OCR-found text.
// Build first: `npx turbo run build`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskFromPolygons, dilateMask, type RgbaImage } from '@glossa/core';
import { decodeImage, encodeImage } from '../../src/io/image-io.js';
import { drawText, type Synthetic } from '../helpers/draw-text.js';
import { runGlossa, type CliRun } from '../helpers/run-cli.js';


const glossa = (...args: string[]): Promise<CliRun> => runGlossa(args);

function psnr(a: RgbaImage, b: RgbaImage, mask?: Uint8Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (mask && !mask[i]) continue;
    for (let c = 0; c < 3; c++) { const e = a.data[i * 4 + c] - b.data[i * 4 + c]; s += e * e; }
    n += 3;
  }
  return s === 0 ? 99 : 10 * Math.log10((255 * 255) / (s / n));
}

let dir: string;
let syn: Synthetic;
let input: string;
let maskFile: string;
let maskData: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-erase-'));
  syn = drawText(480, 200, [
    { text: '限时特惠 SALE', x: 24, y: 30, size: 44, color: '#b01020' },
    { text: 'Free shipping', x: 40, y: 120, size: 30, color: '#1a2a6a' },
  ], 'gradient', 4);
  input = path.join(dir, 'poster.png');
  await writeFile(input, await encodeImage(syn.image, 'png'));
  const mask = dilateMask(maskFromPolygons(480, 200, syn.lines.map((l) => l.polygon)), 3);
  maskData = mask.data;
  const img = { width: 480, height: 200, data: new Uint8ClampedArray(480 * 200 * 4) };
  for (let i = 0; i < mask.data.length; i++) img.data.set([mask.data[i], mask.data[i], mask.data[i], 255], i * 4);
  maskFile = path.join(dir, 'mask.png');
  await writeFile(maskFile, await encodeImage(img, 'png'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('glossa erase', () => {
  it('inpaints exactly the given mask and leaves every other pixel as it was', async () => {
    const out = path.join(dir, 'out-mask.png');
    const run = await glossa('erase', input, '-o', out, '--mask', maskFile, '--inpainter', 'classical');
    expect(run.code, run.stderr).toBe(0);
    const result = (await decodeImage(out)).image;
    expect(psnr(result, syn.background, maskData)).toBeGreaterThan(35);
    for (let i = 0; i < maskData.length; i++) if (!maskData[i]) expect(result.data[i * 4 + 1]).toBe(syn.image.data[i * 4 + 1]);
  });

  it('finds the text with OCR when no mask is given and writes the mask it used', async () => {
    const out = path.join(dir, 'out-ocr.png');
    const maskOut = path.join(dir, 'used-mask.png');
    const run = await glossa('erase', input, '-o', out, '--mask-out', maskOut, '--inpainter', 'classical', '--device', 'cpu');
    expect(run.code, run.stderr).toBe(0);
    expect(Number(/(\d+) text lines? found/.exec(run.stderr)?.[1])).toBeGreaterThanOrEqual(2);
    const result = (await decodeImage(out)).image;
    expect(psnr(result, syn.background)).toBeGreaterThan(35);
    const used = (await decodeImage(maskOut)).image;
    expect(used.width).toBe(480);
    let marked = 0;
    for (let i = 0; i < used.width * used.height; i++) if (used.data[i * 4] > 127) marked++;
    expect(marked).toBeGreaterThan(500);
    expect(marked).toBeLessThan(0.3 * 480 * 200);
  }, 60_000);

  it('creates the folders of -o and --mask-out when missing, as the README\'s out/ needs in a fresh checkout', async () => {
    const out = path.join(dir, 'new', 'deeper', 'clean.png');
    const maskOut = path.join(dir, 'other', 'mask.png');
    const run = await glossa('erase', input, '-o', out, '--mask', maskFile, '--mask-out', maskOut, '--inpainter', 'classical');
    expect(run.code, run.stderr).toBe(0);
    expect((await decodeImage(out)).image.width).toBe(480);
    expect((await decodeImage(maskOut)).image.width).toBe(480);
  });

  it('refuses a mask of another size with INVALID_INPUT and exit code 2', async () => {
    const small = path.join(dir, 'small-mask.png');
    await writeFile(small, await encodeImage({ width: 10, height: 10, data: new Uint8ClampedArray(400).fill(255) }, 'png'));
    const run = await glossa('erase', input, '-o', path.join(dir, 'x.png'), '--mask', small);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/INVALID_INPUT: The mask .* is 10x10 but the image is 480x200/);
  });

  it('refuses an output format it cannot write', async () => {
    const run = await glossa('erase', input, '-o', path.join(dir, 'x.gif'), '--mask', maskFile);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output/);
  });
});
