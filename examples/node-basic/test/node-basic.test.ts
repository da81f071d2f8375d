// Smoke test of examples/node-basic: runs `node index.mjs <dir>` as a user
// would (it imports the built @glossa/node: `npx turbo run build` first) and
// checks what it wrote: the page JSON carries the shipped translations, and
// the PNG changed inside each translated block and nowhere else it shouldn't.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, polygonBounds, type Page, type Rect, type RgbaImage } from '@glossa/core';
import { decodeImage } from '@glossa/node';

const EXAMPLE = fileURLToPath(new URL('../index.mjs', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));

/** True when `text` is made of script translations only: a block of several matched lines joins their translations. */
function fromScript(text: string, script: Record<string, string>): boolean {
  let rest = text;
  for (const value of Object.values(script).sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  return rest.trim() === '';
}

/** Mean absolute RGB difference between two same-sized images inside `rect`. */
function meanDiff(a: RgbaImage, b: RgbaImage, rect: Rect): number {
  let sum = 0;
  let n = 0;
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(a.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(a.height, Math.ceil(rect.y + rect.height));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
      n += 3;
    }
  }
  return n === 0 ? 0 : sum / n;
}

describe('examples/node-basic', () => {
  let dir: string;
  let run: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'glossa-example-basic-'));
    run = await new Promise((resolve) => {
      execFile(process.execPath, [EXAMPLE, dir], { timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }, 150_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and says where it wrote the files', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(path.join(dir, 'sale-poster.en.png'));
  });

  it('writes the page JSON with the shipped translations', async () => {
    const script = JSON.parse(await readFile(path.join(IMAGES, 'sale-poster.en.json'), 'utf8')) as Record<string, string>;
    const page: Page = parsePage(await readFile(path.join(dir, 'sale-poster.en.json'), 'utf8'));
    expect(page.targetLang).toBe('en');
    const translated = page.blocks.filter((b) => b.translation !== undefined);
    // Every translation comes from the script, and the headline entries are found.
    for (const block of translated) expect(fromScript(block.translation!, script), block.translation).toBe(true);
    const all = translated.map((b) => b.translation).join('\n');
    expect(all).toContain(script['限时特惠']);
    expect(all).toContain(script['全场五折起']);
    for (const block of translated) expect(block.layout, `layout of ${block.sourceText}`).toBeDefined();
  });

  it('writes a PNG whose pixels changed inside every translated block only', async () => {
    const page = parsePage(await readFile(path.join(dir, 'sale-poster.en.json'), 'utf8'));
    const { image: source } = await decodeImage(path.join(IMAGES, 'sale-poster.png'));
    const { image: output } = await decodeImage(path.join(dir, 'sale-poster.en.png'));
    expect([output.width, output.height]).toEqual([source.width, source.height]);
    for (const block of page.blocks) {
      const diff = meanDiff(source, output, polygonBounds(block.polygon));
      if (block.translation !== undefined) expect(diff, `change inside "${block.sourceText}"`).toBeGreaterThan(8);
      else expect(diff, `untouched "${block.sourceText}"`).toBeLessThan(1);
    }
    // The product photo in the middle holds no text: left as it was.
    expect(meanDiff(source, output, { x: 340, y: 460, width: 120, height: 240 })).toBeLessThan(1);
  });
});
