import { describe, expect, it } from 'vitest';
// Scenes drawn with the bundled fonts: text printed on a shaded bottle, a box
// at an angle, identical sockets, beside flat ad copy (see the script).
import { makeProductScenes } from '../../../../scripts/make-product-images.mjs';
import { classifyBlocks } from '../../src/classify/product-text.js';
import { parsePage, PAGE_VERSION, type Polygon, type TextBlock } from '../../src/page/page.js';

interface SceneText {
  text: string;
  role: 'product' | 'copy';
  box: [number, number, number, number];
}

const scenes = makeProductScenes() as Array<{ name: string; image: { width: number; height: number; data: Uint8ClampedArray }; texts: SceneText[] }>;
const scene = (name: string) => scenes.find((s) => s.name === name)!;

/** One block per drawn text, with the text's ink box as its polygon (what OCR and grouping give, near enough). */
function blocksOf(texts: readonly SceneText[]): TextBlock[] {
  return texts.map((t, i) => {
    const [x0, y0, x1, y1] = t.box;
    const polygon: Polygon = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    return {
      id: `b${i}`,
      polygon,
      lines: [{ polygon, text: t.text, score: 0.99 }],
      sourceText: t.text,
      direction: 'horizontal',
      style: { color: '#000000', fontSize: y1 - y0, align: 'left', lineHeight: 1.2 },
      flags: {},
    };
  });
}

describe('classifyBlocks', () => {
  it.each(['bottle-label', 'box-angle'])('tells the print on the product from the ad copy beside it (%s)', (name) => {
    const { image, texts } = scene(name);
    const blocks = classifyBlocks(blocksOf(texts), image);
    for (const [i, t] of texts.entries()) {
      expect({ text: t.text, role: blocks[i].role }).toEqual({ text: t.text, role: t.role === 'product' ? 'product' : 'copy' });
    }
  });

  it('finds the brand repeated on identical sockets, and not a lone copy of it', () => {
    const { image, texts } = scene('sockets');
    const all = classifyBlocks(blocksOf(texts), image);
    expect(all.filter((b) => b.role === 'product').map((b) => b.sourceText)).toEqual(texts.filter((t) => t.role === 'product').map((t) => t.text));
    expect(all.find((b) => b.role === 'product')!.roleCues!.repetition).toBeGreaterThan(0);
    // One socket's brand alone sits on the same light wall as the copy: nothing marks it as product.
    const lone = classifyBlocks(blocksOf([...texts.filter((t) => t.role === 'copy'), texts.find((t) => t.role === 'product')!]), image);
    expect(lone.at(-1)!.role).not.toBe('product');
  });

  it('leaves a flat banner and a title over a photo as ad copy', () => {
    const { image, texts } = scene('banner-photo');
    const blocks = classifyBlocks(blocksOf(texts), image);
    expect(blocks.map((b) => b.role)).toEqual(texts.map(() => 'copy'));
    for (const b of blocks) expect(b.roleCues!.surface).toBeLessThan(0);
  });

  it('keeps a role given beforehand and records cues that the page schema accepts', () => {
    const { image, texts } = scene('bottle-label');
    const title = texts.findIndex((t) => t.role === 'copy');
    const given = blocksOf(texts).map((b, i) => (i === title ? { ...b, role: 'product' as const } : b));
    const blocks = classifyBlocks(given, image);
    expect(blocks[title].role).toBe('product');
    expect(blocks[title].roleCues!.score).toBeLessThan(0); // the cues alone say copy
    const page = parsePage({ version: PAGE_VERSION, width: image.width, height: image.height, blocks });
    expect(page.blocks.map((b) => b.role)).toEqual(blocks.map((b) => b.role));
    expect(() => parsePage({ version: PAGE_VERSION, width: 10, height: 10, blocks: [{ ...blocks[0], role: 'logo' }] })).toThrow(/blocks\[0\]\.role/);
  });

  it('returns no blocks for no blocks', () => {
    expect(classifyBlocks([], scene('sockets').image)).toEqual([]);
  });
});
