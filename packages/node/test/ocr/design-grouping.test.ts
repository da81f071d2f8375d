import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { defaultGroup, inferBlockStyles, layoutPage, type Page, type PaddleOcr, type RgbaImage, type TextBlock } from '@glossa/core';
import { createCanvasMeasurer, createNodeOcr, fontFamilyFor, registerBundledFonts } from '../../src/index.js';

// Generated posters read by the real PP-OCRv4 models: each design element
// must come back as a block of its own with the source's alignment, weight
// and size order, and keep the size order once translated and laid out.
let ocr: PaddleOcr;
beforeAll(async () => {
  registerBundledFonts();
  ocr = await createNodeOcr({ device: 'cpu', threads: 2 });
});
afterAll(async () => {
  await ocr?.dispose();
});

type Draw = (ctx: SKRSContext2D) => void;

function poster(width: number, height: number, background: string, draw: Draw): RgbaImage {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  draw(ctx);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

function text(ctx: SKRSContext2D, s: string, x: number, y: number, size: number, color: string, bold: boolean, align: CanvasTextAlign = 'left'): void {
  ctx.font = `${size}px "${fontFamilyFor('zh', bold)}"`;
  ctx.fillStyle = color;
  ctx.textAlign = align;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(s, x, y);
}

/** OCR, design grouping and style inference, as the pipeline runs them. */
async function read(image: RgbaImage): Promise<Page> {
  const blocks = defaultGroup(await ocr.recognize(image), image);
  return inferBlockStyles({ version: 1, width: image.width, height: image.height, blocks }, image);
}

/** The block whose text contains `needle`; exactly one must. */
function blockOf(page: Page, needle: string): TextBlock {
  const found = page.blocks.filter((b) => b.sourceText.replace(/\s+/g, '').includes(needle));
  expect(found.map((b) => b.sourceText), `one block holding ${needle}`).toHaveLength(1);
  return found[0];
}

/** Lays the page out with `translations` (source needle → text) and returns the fitted sizes by needle. */
function fittedSizes(page: Page, translations: Record<string, string>): Record<string, number> {
  const translated: Page = {
    ...page,
    blocks: page.blocks.map((b) => {
      const key = Object.keys(translations).find((k) => b.sourceText.includes(k));
      return key ? { ...b, translation: translations[key] } : b;
    }),
  };
  const laidOut = layoutPage(translated, { measurer: createCanvasMeasurer(), targetLang: 'en', fontFamily: (lang, bold) => fontFamilyFor(lang, bold) });
  return Object.fromEntries(Object.keys(translations).map((k) => [k, blockOf(laidOut, k).layout!.fontSize]));
}

describe('design grouping and typography on generated posters (PP-OCRv4)', () => {
  it('keeps a kicker line and the title under it apart, each with its weight and size', async () => {
    const image = poster(720, 360, '#f4efe6', (ctx) => {
      text(ctx, '新品首发', 60, 80, 28, '#8a6d3b', false);
      text(ctx, '智能保温杯', 60, 170, 72, '#1f1f1f', true);
      text(ctx, '长效锁温一整天', 60, 240, 30, '#555555', false);
    });
    const page = await read(image);
    const kicker = blockOf(page, '新品首发');
    const title = blockOf(page, '智能保温杯');
    expect(kicker).not.toBe(title);
    expect(kicker.style.fontWeight).toBe('normal');
    expect(title.style.fontWeight).toBe('bold');
    expect(kicker.style.align).toBe('left');
    expect(title.style.align).toBe('left');
    expect(title.style.fontSize).toBeGreaterThan(1.5 * kicker.style.fontSize);
    const sizes = fittedSizes(page, { 新品首发: 'New release', 智能保温杯: 'Smart insulated tumbler with a long name', 长效锁温: 'Keeps warm all day' });
    expect(sizes['智能保温杯']).toBeGreaterThan(sizes['新品首发']);
    expect(sizes['智能保温杯']).toBeGreaterThan(sizes['长效锁温']);
  });

  it('sets a price tag beside a title apart, in its own colour, centred on its plate', async () => {
    const image = poster(720, 240, '#fdf6e3', (ctx) => {
      text(ctx, '夏日特饮', 40, 140, 64, '#2b2b2b', true);
      ctx.fillStyle = '#e63946';
      ctx.beginPath();
      ctx.roundRect(380, 60, 220, 110, 20);
      ctx.fill();
      text(ctx, '¥29', 490, 138, 64, '#ffffff', true, 'center');
    });
    const page = await read(image);
    const title = blockOf(page, '夏日特饮');
    const price = blockOf(page, '29');
    expect(price).not.toBe(title);
    expect(price.style.color.toLowerCase()).toMatch(/^#f[0-9a-f]f[0-9a-f]f[0-9a-f]$/); // white
    expect(title.style.color.toLowerCase()).toMatch(/^#[0-3][0-9a-f][0-3][0-9a-f][0-3][0-9a-f]$/); // near black
    expect(price.style.align).toBe('center');
    expect(title.style.fontWeight).toBe('bold');
    expect(price.style.fontWeight).toBe('bold');
  });

  it('reads a two-column spec table as one block per cell', async () => {
    const rows: Array<[string, string]> = [['容量', '500毫升'], ['材质', '不锈钢'], ['重量', '320克'], ['产地', '浙江杭州']];
    const image = poster(640, 320, '#ffffff', (ctx) => {
      rows.forEach(([label, value], i) => {
        text(ctx, label, 60, 70 + i * 60, 30, '#666666', false);
        text(ctx, value, 300, 70 + i * 60, 30, '#111111', false);
      });
    });
    const page = await read(image);
    for (const [label, value] of rows) {
      const l = blockOf(page, label);
      const v = blockOf(page, value);
      expect(l).not.toBe(v);
      expect(l.lines).toHaveLength(1);
      expect(v.lines).toHaveLength(1);
      expect(l.style.align).toBe('left');
      expect(v.style.align).toBe('left');
      expect(l.style.fontWeight).toBe('normal');
    }
    expect(page.blocks).toHaveLength(2 * rows.length);
  });

  it('keeps icon-led list items apart', async () => {
    const items = ['防水防尘', '超长续航', '快速充电'];
    const image = poster(560, 280, '#eef4fb', (ctx) => {
      items.forEach((item, i) => {
        const y = 60 + i * 56;
        ctx.fillStyle = '#1565c0';
        ctx.beginPath();
        ctx.arc(54, y + 18, 14, 0, Math.PI * 2);
        ctx.fill();
        text(ctx, item, 90, y + 30, 32, '#0d2847', false);
      });
    });
    const page = await read(image);
    const blocks = items.map((item) => blockOf(page, item));
    expect(new Set(blocks).size).toBe(items.length);
    for (const b of blocks) {
      expect(b.style.align).toBe('left');
      expect(b.style.fontWeight).toBe('normal');
    }
  });

  it('keeps a left-aligned bold title left-aligned and bold, above a regular subtitle', async () => {
    const image = poster(900, 360, '#2d6a4f', (ctx) => {
      text(ctx, '春季新品上市', 60, 130, 80, '#fefae0', true);
      text(ctx, '全场满两百减三十', 60, 220, 36, '#fefae0', false);
    });
    const page = await read(image);
    const title = blockOf(page, '春季新品上市');
    const subtitle = blockOf(page, '全场满两百减三十');
    expect(title).not.toBe(subtitle);
    expect(title.style.align).toBe('left');
    expect(title.style.fontWeight).toBe('bold');
    expect(subtitle.style.fontWeight).toBe('normal');
    expect(title.style.fontSize).toBeGreaterThan(1.5 * subtitle.style.fontSize);
    const translations = { 春季新品上市: 'New for spring, now in store', 全场满两百减三十: '30 off every 200' };
    const sizes = fittedSizes(page, translations);
    expect(sizes['春季新品上市']).toBeGreaterThan(sizes['全场满两百减三十']);
    // The translation starts where the source did.
    const laidOut = layoutPage(
      { ...page, blocks: page.blocks.map((b) => (b === title ? { ...b, translation: translations['春季新品上市'] } : b)) },
      { measurer: createCanvasMeasurer(), targetLang: 'en', fontFamily: (lang, bold) => fontFamilyFor(lang, bold) },
    );
    const laid = blockOf(laidOut, '春季新品上市').layout!;
    const sourceX = Math.min(...title.polygon.map((p) => p[0]));
    for (const line of laid.lines) expect(Math.abs(line.x - sourceX)).toBeLessThanOrEqual(2);
    expect(laid.fontFamily).toBe(fontFamilyFor('en', true));
  });
});

describe('fill colour on generated posters (PP-OCRv4)', () => {
  it('reads a vertical gradient fill, and none from a solid one', async () => {
    const image = poster(720, 300, '#101820', (ctx) => {
      ctx.font = `96px "${fontFamilyFor('zh', true)}"`;
      const g = ctx.createLinearGradient(0, 40, 0, 140);
      g.addColorStop(0, '#ffe066');
      g.addColorStop(1, '#ff3b30');
      ctx.fillStyle = g;
      ctx.textBaseline = 'alphabetic';
      ctx.fillText('年终大促', 60, 130);
      text(ctx, '全场包邮到家', 60, 230, 40, '#ffffff', false);
    });
    const page = await read(image);
    const title = blockOf(page, '年终大促');
    const caption = blockOf(page, '全场包邮到家');
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const { top, bottom } = title.style.gradient!;
    // Yellow above, red below: green falls from top to bottom, red stays high.
    expect(rgb(top)[1]).toBeGreaterThan(rgb(bottom)[1] + 60);
    expect(rgb(bottom)[0]).toBeGreaterThan(200);
    expect(caption.style.gradient).toBeUndefined();
  });

  it('reads a drop shadow on one side of the glyphs, and no outline', async () => {
    const image = poster(720, 260, '#3a7bd5', (ctx) => {
      text(ctx, '周末狂欢', 64, 134, 88, '#1a1a40', true);
      text(ctx, '周末狂欢', 60, 130, 88, '#ffffff', true);
      text(ctx, '限量供应先到先得', 60, 210, 36, '#ffffff', false);
    });
    const page = await read(image);
    const title = blockOf(page, '周末狂欢');
    const shadow = title.style.shadow!;
    expect(shadow).toBeDefined();
    expect(shadow.offsetX).toBeGreaterThan(0);
    expect(shadow.offsetY).toBeGreaterThan(0);
    expect(Math.hypot(shadow.offsetX, shadow.offsetY)).toBeLessThan(12);
    expect(shadow.color.toLowerCase()).toMatch(/^#[0-4][0-9a-f][0-4][0-9a-f][2-6][0-9a-f]$/); // dark navy
    expect(title.style.color.toLowerCase()).toMatch(/^#f[0-9a-f]f[0-9a-f]f[0-9a-f]$/);
    expect(title.style.strokeColor).toBeUndefined();
    expect(blockOf(page, '限量供应').style.shadow).toBeUndefined();
  });
});
