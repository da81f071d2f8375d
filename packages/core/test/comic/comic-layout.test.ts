import { describe, expect, it } from 'vitest';
import { comicStages, createImage, type Page, type Polygon, type RgbaImage, type TextBlock } from '@glossa/core';
import { fakeMeasurer } from '../layout/fake-measurer.js';

// The comic preset's layout stage on an erased page: a blank page with drawn
// lines (outlines) that the translation must not be set across.
function blankPage(width: number, height: number): RgbaImage {
  const image = createImage(width, height);
  image.data.fill(255);
  return image;
}

function drawLine(image: RgbaImage, x0: number, x1: number, y0: number, y1: number): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) image.data.fill(0, (y * image.width + x) * 4, (y * image.width + x) * 4 + 3);
}

function block(polygon: Polygon, translation: string, balloon?: Polygon): TextBlock {
  return {
    id: 'b0',
    polygon,
    lines: [],
    sourceText: 'えっ',
    translation,
    direction: 'vertical',
    style: { color: '#000000', fontSize: 20, align: 'center', lineHeight: 1.2 },
    flags: {},
    ...(balloon ? { balloon } : {}),
  };
}

function darkPixels(image: RgbaImage, r: { x: number; y: number; width: number; height: number }): number {
  let n = 0;
  for (let y = Math.floor(r.y); y < Math.ceil(r.y + r.height); y++) for (let x = Math.floor(r.x); x < Math.ceil(r.x + r.width); x++) if (image.data[(y * image.width + x) * 4] < 110) n++;
  return n;
}

const rect = (x: number, y: number, w: number, h: number): Polygon => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

describe('comic layout stage', () => {
  it('does not set a line across an outline inside the balloon shape (a shape that leaks past its outline)', () => {
    // The shape is a 120 x 160 box, but an outline crosses it at y = 100..102:
    // the lower part is another region that the shape's hull took in.
    const background = blankPage(200, 220);
    drawLine(background, 20, 180, 100, 102);
    const balloon = rect(40, 20, 120, 160);
    const page: Page = { version: 1, width: 200, height: 220, targetLang: 'en', blocks: [block(rect(90, 40, 20, 50), 'Hey, wait a moment, you two!', balloon)] };
    const { layout } = comicStages({ measurer: fakeMeasurer });
    const laidOut = layout(page, { image: background, background });
    const out = (laidOut as Page).blocks[0];
    expect(out.flags.overflow).toBeFalsy();
    for (const line of out.layout!.lines) expect(line.y + line.height <= 100 || line.y >= 102, `${line.text} at ${line.y}..${line.y + line.height}`).toBe(true);
  });

  it('grows free text over the blank paper but not over a thin frame line', () => {
    // A caption's text with no balloon, and a 1 px frame line that starts just right of it, along its middle.
    const background = blankPage(240, 120);
    drawLine(background, 124, 240, 60, 61);
    const page: Page = { version: 1, width: 240, height: 120, targetLang: 'en', blocks: [block(rect(100, 50, 20, 20), 'Meanwhile, at the station')] };
    const { layout } = comicStages({ measurer: fakeMeasurer });
    const out = (layout(page, { image: background, background }) as Page).blocks[0];
    expect(out.layout!.box.width).toBeGreaterThan(20);
    for (const line of out.layout!.lines) expect(darkPixels(background, line), line.text).toBe(0);
  });
});
