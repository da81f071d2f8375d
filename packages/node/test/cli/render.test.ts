// `glossa render` end to end: the built CLI (packages/node/dist/cli.js) on a
// page the test lays out itself. Build first: `npx turbo run build`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPage, parsePage, rectToPolygon, serializePage, type Page, type RgbaImage } from '@glossa/core';
import { decodeImage, encodeImage } from '../../src/io/image-io.js';
import { createCanvasMeasurer } from '../../src/canvas/measurer.js';
import { createCanvasRenderer } from '../../src/canvas/renderer.js';
import { fontFamilyFor } from '../../src/canvas/fonts.js';
import { runGlossa, type CliRun } from '../helpers/run-cli.js';


const glossa = (...args: string[]): Promise<CliRun> => runGlossa(args);

function solid(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

const measurer = createCanvasMeasurer();
let dir: string;
let pagePath: string;
let bgPath: string;
let page: Page;
const background = solid(360, 200, [250, 240, 220]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-render-'));
  const polygon = (x: number, y: number, w: number, h: number) => rectToPolygon({ x, y, width: w, height: h });
  page = layoutPage(
    {
      version: 1, width: 360, height: 200, targetLang: 'en',
      blocks: [
        { id: 'a', polygon: polygon(20, 20, 320, 40), lines: [], sourceText: '限时特惠', translation: 'Limited offer', direction: 'horizontal', flags: {}, style: { color: '#cc0000', fontSize: 36, align: 'center', lineHeight: 1.2 } },
        { id: 'b', polygon: polygon(20, 120, 320, 40), lines: [], sourceText: '点击抢购', translation: 'Buy now', direction: 'horizontal', flags: {}, style: { color: '#003399', fontSize: 36, align: 'center', lineHeight: 1.2 } },
      ],
    },
    { measurer, fontFamily: (l) => fontFamilyFor(l) },
  );
  pagePath = path.join(dir, 'page.json');
  bgPath = path.join(dir, 'erased.png');
  await writeFile(pagePath, serializePage(page));
  await writeFile(bgPath, await encodeImage(background, 'png'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('glossa render', () => {
  it('renders an unedited page exactly as the library does', async () => {
    const out = path.join(dir, 'same.png');
    const run = await glossa('render', pagePath, '--background', bgPath, '-o', out);
    expect(run.code, run.stderr).toBe(0);
    const expected = await createCanvasRenderer().render(background, page);
    const { image } = await decodeImage(out);
    expect(Buffer.from(image.data).equals(Buffer.from(expected.data))).toBe(true);
  });

  it('re-lays out an edited block only and writes the new page', async () => {
    const edited = parsePage(await readFile(pagePath, 'utf8'));
    edited.blocks[1].translation = 'Order today and get free delivery';
    const editedPath = path.join(dir, 'edited.json');
    await writeFile(editedPath, serializePage(edited));
    const saved = path.join(dir, 'saved.json');
    const run = await glossa('render', editedPath, '--background', bgPath, '-o', path.join(dir, 'edited.webp'), '--save-page', saved);
    expect(run.code, run.stderr).toBe(0);
    const after = parsePage(await readFile(saved, 'utf8'));
    expect(after.blocks[0].layout).toEqual(page.blocks[0].layout);
    expect(after.blocks[1].layout!.text).toBe('Order today and get free delivery');
    expect(after.blocks[1].layout!.lines.map((l) => l.text).join(' ')).toBe('Order today and get free delivery');
    expect((await decodeImage(path.join(dir, 'edited.webp'))).format).toBe('webp');
  });

  it('writes PSD and SVG', async () => {
    for (const ext of ['psd', 'svg', 'jpg']) {
      const out = path.join(dir, `out.${ext}`);
      const run = await glossa('render', pagePath, '--background', bgPath, '-o', out, '--to', 'en');
      expect(run.code, run.stderr).toBe(0);
      const bytes = await readFile(out);
      if (ext === 'psd') expect(bytes.subarray(0, 4).toString('latin1')).toBe('8BPS');
      if (ext === 'svg') expect(bytes.toString('utf8')).toContain('<text');
    }
  });

  it('exits 2 with a clear message on bad input', async () => {
    const bad = await glossa('render', pagePath, '--background', bgPath, '-o', path.join(dir, 'out.gif'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--output/);
    const wrongSize = path.join(dir, 'small.png');
    await writeFile(wrongSize, await encodeImage(solid(10, 10, [0, 0, 0]), 'png'));
    const mismatch = await glossa('render', pagePath, '--background', wrongSize, '-o', path.join(dir, 'x.png'));
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/background/);
  });
});
