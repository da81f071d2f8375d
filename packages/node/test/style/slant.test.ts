import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { inferBlockStyles, layoutBalloonPage, layoutPage, pageToSvg, rectToPolygon } from '@glossa/core';
import type { Page, Rect, RgbaImage, TextBlock } from '@glossa/core';
import { createCanvasMeasurer } from '../../src/canvas/measurer.js';
import { createCanvasRenderer } from '../../src/canvas/renderer.js';
import { fontFamilyFor, fontStack, registerBundledFonts } from '../../src/canvas/fonts.js';

const W = 720;
const H = 200;
const BG: [number, number, number] = [250, 246, 236];

/** One title drawn with the bundled fonts, sheared by `slant` degrees about its baseline (a synthetic oblique, as design tools make it). */
function drawTitle(text: string, lang: string, slant: number, size = 64): RgbaImage {
  registerBundledFonts();
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${BG.join(',')})`;
  ctx.fillRect(0, 0, W, H);
  ctx.font = `bold ${size}px ${fontStack(fontFamilyFor(lang, true))}`;
  ctx.fillStyle = '#1d3557';
  const baseline = 130;
  const tan = Math.tan((slant * Math.PI) / 180);
  ctx.setTransform(1, 0, -tan, 1, tan * baseline, 0);
  ctx.fillText(text, 60, baseline);
  const img = ctx.getImageData(0, 0, W, H);
  return { width: W, height: H, data: new Uint8ClampedArray(img.data) };
}

/** Tight box around the pixels that differ from the background, with a 2 px margin. */
function inkBox(image: RgbaImage): Rect {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (Math.abs(image.data[i] - BG[0]) + Math.abs(image.data[i + 1] - BG[1]) + Math.abs(image.data[i + 2] - BG[2]) < 60) continue;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  expect(x1).toBeGreaterThan(0);
  return { x: x0 - 2, y: y0 - 2, width: x1 - x0 + 5, height: y1 - y0 + 5 };
}

function pageOf(image: RgbaImage, rect: Rect, text: string, translation?: string, style: Partial<TextBlock['style']> = {}): Page {
  const block: TextBlock = {
    id: 'title',
    polygon: rectToPolygon(rect),
    lines: [{ polygon: rectToPolygon(rect), text, score: 1 }],
    sourceText: text,
    translation,
    direction: 'horizontal',
    style: { color: '#000000', fontSize: rect.height * 0.8, align: 'left', lineHeight: 1.2, ...style },
    flags: {},
  };
  return { version: 1, width: image.width, height: image.height, targetLang: 'en', blocks: [block] };
}

/** The slant inferBlockStyles reads from the title's pixels (undefined when upright). */
function inferredSlant(image: RgbaImage, text: string): number | undefined {
  const styled = inferBlockStyles(pageOf(image, inkBox(image), text), image);
  return styled.blocks[0].style.slant;
}

describe('italic / slant inference', () => {
  for (const [lang, text] of [
    ['en', 'Summer Collection'],
    ['zh', '限时特惠 全场五折'],
  ] as const) {
    for (const slant of [12, 18]) {
      it(`${lang}: a title sheared by ${slant}° reads as italic within 3°`, () => {
        const angle = inferredSlant(drawTitle(text, lang, slant), text);
        expect(angle).toBeDefined();
        expect(Math.abs(angle! - slant)).toBeLessThanOrEqual(3);
      });
    }
    it(`${lang}: the same title upright has no slant`, () => {
      expect(inferredSlant(drawTitle(text, lang, 0), text)).toBeUndefined();
    });
  }

  it('a slanted translation renders slanted and stays inside its layout box; an upright one stays upright (canvas and SVG)', async () => {
    const measurer = createCanvasMeasurer();
    const renderer = createCanvasRenderer();
    const blank: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4) };
    for (let i = 0; i < blank.data.length; i += 4) blank.data.set([...BG, 255], i);
    const rect = { x: 40, y: 50, width: 420, height: 90 };
    const results: (number | undefined)[] = [];
    for (const slant of [14, undefined]) {
      const page = layoutPage(pageOf(blank, rect, '夏季新品', 'Summer Collection', { color: '#1d3557', fontSize: 64, fontWeight: 'bold', slant }), {
        measurer,
        fontFamily: (l, bold) => fontFamilyFor(l, bold),
      });
      const layout = page.blocks[0].layout!;
      expect(page.blocks[0].flags.overflow).toBeFalsy();
      const out = await renderer.render(blank, page);
      const ink = inkBox(out);
      // Every rendered pixel inside the laid-out box (1 px of anti-aliasing).
      expect(ink.x + 2).toBeGreaterThanOrEqual(layout.box.x - 1);
      expect(ink.x + ink.width - 3).toBeLessThanOrEqual(layout.box.x + layout.box.width + 1);
      results.push(inferredSlant(out, 'Summer Collection'));
      expect(pageToSvg(page).includes('font-style="italic"')).toBe(slant !== undefined);
    }
    expect(results[0]).toBeDefined();
    expect(Math.abs(results[0]! - 14)).toBeLessThanOrEqual(3);
    expect(results[1]).toBeUndefined();
  });

  it('layout reserves tan(slant) x size on every line, in blocks and in comic balloons', () => {
    const measurer = createCanvasMeasurer();
    const blank: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4) };
    const rect = { x: 40, y: 20, width: 300, height: 160 };
    const text = 'Summer collection, new arrivals every week';
    for (const balloon of [false, true]) {
      const base = pageOf(blank, rect, '夏季新品', text, { fontSize: 28, slant: 15 });
      const block = balloon ? { ...base.blocks[0], balloon: rectToPolygon(rect) } : base.blocks[0];
      const options = { measurer, fontFamily: (l: string) => fontFamilyFor(l) };
      const page = balloon ? layoutBalloonPage({ ...base, blocks: [block] }, options) : layoutPage({ ...base, blocks: [block] }, options);
      const layout = page.blocks[0].layout!;
      expect(layout.lines.length).toBeGreaterThan(1);
      for (const line of layout.lines) {
        const advance = measurer.measure(line.text, { family: layout.fontFamily, size: layout.fontSize, weight: 'normal' }).width;
        expect(line.width - advance).toBeCloseTo(Math.tan((15 * Math.PI) / 180) * layout.fontSize, 0);
      }
    }
  });
});
