import { describe, expect, it } from 'vitest';
import { backgroundFreeSpace, createImage, layoutPage, rectToPolygon, type Page, type Rect, type RgbaImage } from '@glossa/core';
import { fakeMeasurer } from './fake-measurer.js';

// A white picture with a red pill; a label sat on the pill.
const PILL: Rect = { x: 100, y: 100, width: 240, height: 80 };
function picture(): RgbaImage {
  const img = createImage(800, 400);
  img.data.fill(255);
  for (let y = PILL.y; y < PILL.y + PILL.height; y++)
    for (let x = PILL.x; x < PILL.x + PILL.width; x++) img.data.set([220, 40, 50, 255], (y * 800 + x) * 4);
  return img;
}
const label: Rect = { x: 120, y: 120, width: 200, height: 40 };
const page = (translation: string): Page => ({
  version: 1,
  width: 800,
  height: 400,
  targetLang: 'en',
  blocks: [
    {
      id: 'b0',
      polygon: rectToPolygon(label),
      lines: [{ polygon: rectToPolygon(label), text: '买一送一', score: 1 }],
      sourceText: '买一送一',
      translation,
      direction: 'horizontal',
      style: { color: '#ffffff', fontSize: 40, align: 'center', lineHeight: 1.2 },
      flags: {},
    },
  ],
});
const within = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('backgroundFreeSpace', () => {
  it('keeps a grown region on the surface the text sat on', () => {
    const text = 'Buy one get one free today only';
    const free = layoutPage(page(text), { measurer: fakeMeasurer, freeSpace: backgroundFreeSpace(picture()) });
    const anywhere = layoutPage(page(text), { measurer: fakeMeasurer });
    // Without the test the region grows off the pill (white text onto white).
    expect(within(anywhere.blocks[0].layout!.box, PILL)).toBe(false);
    const box = free.blocks[0].layout!.box;
    expect(within(box, PILL)).toBe(true);
    for (const line of free.blocks[0].layout!.lines) expect(within(line, PILL)).toBe(true);
  });

  it('judges strips by the share of pixels matching the block background', () => {
    const test = backgroundFreeSpace(picture());
    const block = page('x').blocks[0];
    expect(test(block, { x: 110, y: 105, width: 200, height: 8 })).toBe(true); // on the pill
    expect(test(block, { x: 110, y: 190, width: 200, height: 8 })).toBe(false); // below it: white
    expect(test(block, { x: 900, y: 0, width: 10, height: 10 })).toBe(false); // off the image
  });

  it('frees a soft backdrop the text reaches without crossing an edge, not what a thin outline closes off', () => {
    // A vertical ramp from orange to dark red (a blurred photo backdrop): far
    // from the label's own colour, but one surface with it. On the right, a
    // box of the same ramp closed by a 2-pixel dark outline.
    const img = createImage(800, 400);
    for (let y = 0; y < 400; y++)
      for (let x = 0; x < 800; x++) {
        const t = y / 399;
        img.data.set([Math.round(250 - 120 * t), Math.round(170 - 140 * t), 40, 255], (y * 800 + x) * 4);
      }
    for (let y = 100; y < 300; y++)
      for (let x = 500; x < 700; x++)
        if (x < 502 || x >= 698 || y < 102 || y >= 298) img.data.set([20, 20, 20, 255], (y * 800 + x) * 4);
    const test = backgroundFreeSpace(img);
    const onRamp = { ...page('x').blocks[0], polygon: rectToPolygon({ x: 60, y: 20, width: 200, height: 40 }) };
    // 300 px down the ramp: over 80 levels from the label's own colour, yet free.
    expect(test(onRamp, { x: 60, y: 320, width: 200, height: 8 })).toBe(true);
    expect(test(onRamp, { x: 520, y: 180, width: 100, height: 8 })).toBe(false); // inside the outlined box
    const inBox = { ...onRamp, id: 'b1', polygon: rectToPolygon({ x: 540, y: 120, width: 120, height: 30 }) };
    expect(test(inBox, { x: 540, y: 250, width: 120, height: 8 })).toBe(true); // further down its own box
    expect(test(inBox, { x: 720, y: 20, width: 8, height: 30 })).toBe(false); // past its outline, higher up the ramp
  });
});
