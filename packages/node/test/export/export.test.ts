import { describe, expect, it } from 'vitest';
import { initializeCanvas, readPsd } from 'ag-psd';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { layoutPage, pageToSvg, rectToPolygon } from '@glossa/core';
import type { Page, RgbaImage, TextBlock } from '@glossa/core';
import { createCanvasMeasurer } from '../../src/canvas/measurer.js';
import { fontFamilyFor } from '../../src/canvas/fonts.js';
import { renderPsd, renderSvg } from '../../src/export/index.js';

function solid(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

function block(id: string, x: number, y: number, w: number, h: number, translation: string, extra: Partial<TextBlock['style']> = {}, direction: 'horizontal' | 'vertical' = 'horizontal'): TextBlock {
  const polygon = rectToPolygon({ x, y, width: w, height: h });
  return {
    id, polygon, lines: [{ polygon, text: 'src', score: 1 }], sourceText: 'src', translation, direction, flags: {},
    style: { color: '#123456', fontSize: h, align: 'left', lineHeight: 1.2, ...extra },
  };
}

const page: Page = layoutPage(
  {
    version: 1, width: 320, height: 240, targetLang: 'ko',
    blocks: [
      block('a', 20, 20, 280, 40, '한정 특가 <세일> & "무료"'),
      block('b', 20, 120, 200, 30, 'Free shipping', { color: '#ffffff', strokeColor: '#000000', strokeWidth: 2 }),
      block('c', 250, 90, 40, 140, '안녕', {}, 'vertical'),
    ],
  },
  { measurer: createCanvasMeasurer(), fontFamily: (l) => fontFamilyFor(l) },
);

// Writing needs no canvas (layers carry raw image data); ag-psd's reader
// allocates its image buffers through this hook even with useImageData.
initializeCanvas(
  () => { throw new Error('the PSD reader should not need a canvas'); },
  (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }) as unknown as ImageData,
);

describe('renderPsd', () => {
  it('writes background, one text layer per block and a hidden original, readable by ag-psd', () => {
    const bytes = renderPsd(page, { background: solid(320, 240, [240, 230, 200]), original: solid(320, 240, [10, 20, 30]) });
    const psd = readPsd(bytes, { useImageData: true });
    expect(psd.width).toBe(320);
    expect(psd.height).toBe(240);
    const layers = psd.children!;
    expect(layers.map((l) => l.name)).toEqual(['Original', 'Background (text erased)', '한정 특가 <세일> & "무료"', 'Free shipping', '안녕']);
    expect(layers[0].hidden).toBe(true);
    expect(layers[1].hidden ?? false).toBe(false);
    for (const [i, b] of page.blocks.entries()) {
      const layer = layers[i + 2];
      const layout = b.layout!;
      expect(layer.text!.text.replace(/\r/g, '\n')).toBe(layout.lines.map((l) => l.text).join('\n'));
      expect(layer.text!.style!.font!.name).toBe(i === 0 || i === 2 ? 'NotoSansKR-Regular' : 'NotoSansKR-Regular');
      expect(layer.text!.style!.fontSize).toBeCloseTo(layout.fontSize, 2);
      expect(layer.text!.transform![4]).toBeCloseTo(layout.direction === 'vertical' ? layout.box.x : Math.min(...layout.lines.map((l) => l.x)), 2);
      if (layout.direction === 'horizontal') expect(layer.text!.transform![5]).toBeCloseTo(layout.lines[0].baseline!, 2);
      // Pre-rendered pixels sit inside the laid-out box.
      expect(layer.imageData).toBeDefined();
      expect(layer.left!).toBeGreaterThanOrEqual(Math.floor(layout.box.x) - 2);
      expect(layer.top!).toBeGreaterThanOrEqual(Math.floor(layout.box.y) - 2);
      expect(layer.right!).toBeLessThanOrEqual(Math.ceil(layout.box.x + layout.box.width) + 2);
      expect(layer.bottom!).toBeLessThanOrEqual(Math.ceil(layout.box.y + layout.box.height) + 2);
    }
    const fill = layers[3].text!.style!.fillColor as { r: number; g: number; b: number };
    expect([fill.r, fill.g, fill.b].map(Math.round)).toEqual([255, 255, 255]);
    const sc = layers[3].effects!.stroke![0].color as { r: number; g: number; b: number };
    expect([sc.r, sc.g, sc.b].map(Math.round)).toEqual([0, 0, 0]);
    const first = layers[2].text!.style!.fillColor as { r: number; g: number; b: number };
    expect([first.r, first.g, first.b].map(Math.round)).toEqual([0x12, 0x34, 0x56]);
    // The composite shows text over the background.
    const composite = psd.imageData!;
    let changed = 0;
    for (let i = 0; i < composite.data.length; i += 4) if (composite.data[i] !== 240) changed++;
    expect(changed).toBeGreaterThan(100);
  });
});

describe('pageToSvg', () => {
  it('is well-formed XML with the background embedded and one <text> per line', async () => {
    const svg = await renderSvg(page, solid(320, 240, [240, 230, 200]));
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
    expect(doc.svg.image.href.startsWith('data:image/png;base64,')).toBe(true);
    const groups = [doc.svg.g].flat();
    expect(groups).toHaveLength(3);
    const texts = groups.flatMap((g: { text: unknown }) => [g.text].flat());
    expect(texts).toHaveLength(page.blocks.reduce((n, b) => n + b.layout!.lines.length, 0));
    expect(groups[0]['font-family']).toBe("'Glossa Sans KR', sans-serif");
    expect(groups[1].stroke).toBe('#000000');
    const firstText = texts[0] as { '#text': string };
    expect(firstText['#text']).toBe(page.blocks[0].layout!.lines[0].text);
  });

  it('escapes markup and drops characters XML forbids', () => {
    const p: Page = { ...page, blocks: [{ ...page.blocks[0], layout: { ...page.blocks[0].layout!, lines: [{ ...page.blocks[0].layout!.lines[0], text: 'a<b>&c\u0001\uFFFF' }] } }] };
    const svg = pageToSvg(p, { background: { mime: 'image/png', base64: 'AAAA' } });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('a&lt;b&gt;&amp;c</text>');
    expect(() => pageToSvg(p, { background: { mime: 'text/html', base64: 'AAAA' } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
