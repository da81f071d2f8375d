import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, polygonBounds, type Page } from '@glossa/core';
import { createGlossa, decodeImage, encodeImage, type GlossaEngine, type TranslateOutcome } from '@glossa/node';
import { drawText } from '../helpers/draw-text.js';

const examples = new URL('../../../../examples/images/', import.meta.url).pathname;
let glossa: GlossaEngine;
let dir: string;

beforeAll(async () => {
  glossa = createGlossa({ device: 'cpu', inpainter: 'classical' });
  dir = await mkdtemp(join(tmpdir(), 'glossa-translate-'));
});
afterAll(async () => {
  await glossa.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Mean absolute RGB difference between two images inside a rectangle. */
function meanDiff(a: { width: number; data: Uint8ClampedArray }, b: { data: Uint8ClampedArray }, page: Page, blockIndex: number): number {
  const box = polygonBounds(page.blocks[blockIndex].polygon);
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(page.height, Math.ceil(box.y + box.height)); y++)
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(page.width, Math.ceil(box.x + box.width)); x++) {
      const i = (y * a.width + x) * 4;
      sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
      n += 3;
    }
  return sum / Math.max(1, n);
}

describe('translateImage', () => {
  it('typesets the translation script of a shipped example and records it in the page', async () => {
    const script = JSON.parse(await readFile(join(examples, 'skincare-card.en.json'), 'utf8')) as Record<string, string>;
    const input = join(examples, 'skincare-card.png');
    const result = await glossa.translateImage(input, { to: 'en', translator: script, format: ['png', 'json', 'svg', 'psd'], includeMask: true });
    const page = parsePage(result.outputs.json!.toString('utf8'));
    expect(page).toEqual(result.page);
    const translations = page.blocks.map((b) => b.translation).filter(Boolean).join(' | ');
    for (const expected of ['Natural Moisturizing Cream', 'Buy one get one free', 'Deep hydration, lasts 24 hours']) expect(translations).toContain(expected);
    const original = (await decodeImage(input)).image;
    const output = (await decodeImage(result.image)).image;
    expect([output.width, output.height]).toEqual([original.width, original.height]);
    page.blocks.forEach((block, i) => {
      if (block.translation) {
        expect(block.layout?.lines.length).toBeGreaterThan(0);
        expect(meanDiff(original, output, page, i)).toBeGreaterThan(3); // the source text was replaced
      }
    });
    expect(result.outputs.svg!.toString('utf8')).toContain('<svg');
    expect(result.outputs.psd!.subarray(0, 4).toString('latin1')).toBe('8BPS');
    expect((await sharp(result.mask!).metadata()).width).toBe(original.width);
    expect(result.timings.ocr).toBeGreaterThan(0);
  });

  it("leaves blocks a script does not cover untouched, and with translator 'none' erases every block", async () => {
    // Far enough apart to be two blocks.
    const { image, lines } = drawText(420, 220, [
      { text: '限时特惠', x: 20, y: 20, size: 44 },
      { text: '品牌专卖', x: 200, y: 140, size: 44 },
    ], 'flat');
    const png = await encodeImage(image, 'png');
    const partial = await glossa.translateImage(png, { to: 'en', translator: { 限时特惠: 'Limited offer' } });
    const kept = partial.page.blocks.find((b) => b.sourceText.includes('品牌'))!;
    expect(kept.flags.untranslated).toBe(true);
    const out = (await decodeImage(partial.image)).image;
    expect(meanDiff(image, out, partial.page, partial.page.blocks.indexOf(kept))).toBeLessThan(1);
    expect(partial.warnings.join(' ')).toMatch(/no translation/);

    const erased = await glossa.translateImage(png, { to: 'en', translator: 'none', format: 'json', includeBackground: true });
    expect(erased.page.blocks.length).toBeGreaterThanOrEqual(2);
    expect(erased.page.blocks.every((b) => b.translation === undefined)).toBe(true);
    const background = (await decodeImage(erased.background!)).image;
    for (const line of lines) {
      const box = polygonBounds(line.polygon);
      const i = (Math.round(box.y + box.height / 2) * image.width + Math.round(box.x + box.width / 2)) * 4;
      // The flat background colour (#f3d9a4) is back where the text was.
      expect(Math.abs(background.data[i] - 0xf3) + Math.abs(background.data[i + 1] - 0xd9) + Math.abs(background.data[i + 2] - 0xa4)).toBeLessThan(30);
    }
  });

  it('rejects bad options with INVALID_INPUT', async () => {
    const png = join(examples, 'tea-banner.png');
    await expect(glossa.translateImage(png, { to: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(glossa.translateImage(png, { to: 'en', format: 'gif' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(glossa.translateImage(png, { to: 'en', translator: join(dir, 'missing.json') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('translateImages', () => {
  it('turns a batch of 30 with 5 bad files into 25 results and 5 clear errors', async () => {
    const inputs: Array<string | Buffer> = [];
    const bad = new Map<number, string>();
    const words = ['新品', '特价', '包邮', '热卖', '推荐'];
    for (let i = 0; i < 30; i++) {
      if (i % 6 === 5) {
        const kind = bad.size;
        const path = join(dir, `bad-${i}.png`);
        if (kind === 0) await writeFile(path, Buffer.alloc(0));
        if (kind === 1) await writeFile(path, 'not an image');
        if (kind === 2) await writeFile(path, (await encodeImage(drawText(120, 60, [{ text: '坏', x: 10, y: 10, size: 30 }]).image, 'png')).subarray(0, 60));
        if (kind === 3) await writeFile(path, Buffer.from('GIF89a\x01\x00\x01\x00corrupt', 'latin1'));
        inputs.push(kind === 4 ? join(dir, 'does-not-exist.png') : path);
        bad.set(i, kind === 4 ? 'INVALID_INPUT' : 'UNSUPPORTED_FORMAT');
        continue;
      }
      const word = words[i % words.length];
      inputs.push(await encodeImage(drawText(200, 70, [{ text: word, x: 20, y: 12, size: 40 }], 'white', i).image, 'png'));
    }
    const script = { 新品: 'New', 特价: 'Sale', 包邮: 'Free shipping', 热卖: 'Hot', 推荐: 'Picks' };
    const outcomes: TranslateOutcome[] = [];
    for await (const outcome of glossa.translateImages(inputs, { to: 'en', translator: script, format: 'json' })) outcomes.push(outcome);
    expect(outcomes).toHaveLength(30);
    const failures = outcomes.filter((o) => !o.ok);
    expect(failures.map((f) => f.index).sort((a, b) => a - b)).toEqual([...bad.keys()]);
    for (const f of failures) {
      if (f.ok) continue;
      expect(f.error.code).toBe(bad.get(f.index));
      expect(f.error.message.length).toBeGreaterThan(10);
      expect(f.stage).toBe('decode');
    }
    const successes = outcomes.filter((o) => o.ok);
    expect(successes).toHaveLength(25);
    for (const s of successes) {
      if (!s.ok) continue;
      expect(s.page.blocks.some((b) => b.translation === script[words[s.index % words.length] as keyof typeof script])).toBe(true);
    }
  });

  it('stops with ABORTED when the signal aborts', async () => {
    const controller = new AbortController();
    const inputs = Array.from({ length: 20 }, () => join(examples, 'tea-banner.png'));
    const seen: TranslateOutcome[] = [];
    const run = (async () => {
      for await (const o of glossa.translateImages(inputs, { to: 'en', translator: 'none', signal: controller.signal })) {
        seen.push(o);
        controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen.length).toBeLessThan(20);
  });
});
