// `glossa erase` keeps text printed on the product by default, as `glossa
// translate` does (so the erased background matches the page JSON), and
// erases it with `--product-text translate`. Build first: `npx turbo run build`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeImage } from '../../src/io/image-io.js';
import { runGlossa } from '../helpers/run-cli.js';
// A shaded bottle with a curved label beside flat ad copy, drawn with the bundled fonts.
import { makeProductScenes } from '../../../../scripts/make-product-images.mjs';

type Box = [number, number, number, number];
interface Scene {
  name: string;
  image: { width: number; height: number; data: Uint8ClampedArray };
  texts: Array<{ text: string; role: 'product' | 'copy'; box: Box }>;
}

const bottle = (makeProductScenes() as Scene[]).find((s) => s.name === 'bottle-label')!;
let dir: string;
let input: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-erase-product-'));
  input = path.join(dir, 'bottle.png');
  await writeFile(input, await encodeImage(bottle.image, 'png'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function lumaDiff(a: Scene['image'], b: Scene['image'], [x0, y0, x1, y1]: Box): number {
  let sum = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      const luma = (d: Uint8ClampedArray) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += Math.abs(luma(a.data) - luma(b.data));
    }
  return sum / ((x1 - x0) * (y1 - y0));
}

describe('glossa erase and product text', () => {
  it('keeps the bottle label by default and erases it with --product-text translate', async () => {
    const kept = path.join(dir, 'kept.png');
    const all = path.join(dir, 'all.png');
    const run = await runGlossa(['erase', input, '-o', kept, '--inpainter', 'classical', '--device', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/kept: printed on the product/);
    expect((await runGlossa(['erase', input, '-o', all, '--inpainter', 'classical', '--device', 'cpu', '--product-text', 'translate'])).code).toBe(0);
    const keptImage = (await decodeImage(kept)).image;
    const allImage = (await decodeImage(all)).image;
    const label = bottle.texts.find((t) => t.text === '山泉')!.box;
    const title = bottle.texts.find((t) => t.role === 'copy')!.box;
    expect(lumaDiff(bottle.image, keptImage, label)).toBeLessThan(4);
    expect(lumaDiff(bottle.image, allImage, label)).toBeGreaterThan(10);
    expect(lumaDiff(bottle.image, keptImage, title)).toBeGreaterThan(10);
  });

  it('refuses an unknown --product-text', async () => {
    const run = await runGlossa(['erase', input, '-o', path.join(dir, 'x.png'), '--product-text', 'skip']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/keep, translate/);
  });
});
