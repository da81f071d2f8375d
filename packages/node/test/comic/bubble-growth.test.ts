import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { findBubbles, type Polygon, type RgbaImage } from '@glossa/core';
import { fontFamilyFor, registerBundledFonts } from '../../src/canvas/fonts.js';
import { drawFreeColumn, drawPanel, insideEllipse } from './draw-panel.js';

// The detector often boxes only part of a column (a few glyphs of a long one,
// or one glyph of a short one). The bubble finder grows the text from the
// glyphs the box touches through their neighbours to the whole column. The
// boxes here stand for such a detector: they cover the top three glyphs only.
const SIZE = 30;
const COLUMN = '誰かに殺されたという';
const rect = (x: number, y: number, w: number, h: number): Polygon => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
const topThree = (x: number, top: number) => rect(x - 4, top - 4, SIZE + 8, 3 * SIZE + 8);

describe('bubble finder: text grown to whole columns', () => {
  it('grows a balloon text from a box over its first glyphs to the whole column', () => {
    const cx = 300;
    const cy = 300;
    const panel = drawPanel(600, 600, [{ cx, cy, rx: 70, ry: 200, columns: [COLUMN], size: SIZE }]);
    const top = cy - (COLUMN.length * SIZE) / 2;
    const bubbles = findBubbles(panel.image, [topThree(cx - SIZE / 2, top)]);
    expect(bubbles).toHaveLength(1);
    const [bubble] = bubbles;
    expect(bubble.kind).toBe('balloon');
    const { x, y, width, height } = bubble.textArea;
    expect(y).toBeLessThanOrEqual(top + 0.2 * SIZE);
    // The last glyph (う) ends a little above its cell's bottom.
    expect(y + height).toBeGreaterThanOrEqual(top + COLUMN.length * SIZE - 0.3 * SIZE);
    expect(x).toBeGreaterThanOrEqual(cx - SIZE);
    expect(x + width).toBeLessThanOrEqual(cx + SIZE);
  });

  it('grows free text (no balloon around it) along its column, and leaves the art beside it out', () => {
    const x0 = 150;
    const top = 80;
    // The hatched art starts one glyph to the right of the column.
    const image = drawFreeColumn(420, 480, COLUMN, SIZE, x0, top, x0 + 2 * SIZE);
    const bubbles = findBubbles(image, [topThree(x0, top)]);
    expect(bubbles).toHaveLength(1);
    const [bubble] = bubbles;
    expect(bubble.kind).toBe('free');
    expect(bubble.direction).toBe('vertical');
    const { x, y, width, height } = bubble.textArea;
    expect(y).toBeLessThanOrEqual(top + 0.2 * SIZE);
    expect(y + height).toBeGreaterThanOrEqual(top + COLUMN.length * SIZE - 0.3 * SIZE);
    expect(x + width).toBeLessThan(x0 + 2 * SIZE);
    expect(x).toBeGreaterThanOrEqual(x0 - 0.5 * SIZE);
  });

  it('keeps the box as it is when no glyph can be found around it (light lettering on dark art)', () => {
    const canvas = createCanvas(300, 300);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#111111';
    ctx.fillRect(0, 0, 300, 300);
    registerBundledFonts();
    ctx.fillStyle = '#ffffff';
    ctx.font = `${SIZE}px "${fontFamilyFor('ja')}"`;
    ctx.textBaseline = 'top';
    Array.from('ドン').forEach((ch, j) => ctx.fillText(ch, 100, 100 + j * SIZE));
    const image: RgbaImage = { width: 300, height: 300, data: new Uint8ClampedArray(ctx.getImageData(0, 0, 300, 300).data) };
    const box = rect(96, 96, SIZE + 8, 2 * SIZE + 8);
    const bubbles = findBubbles(image, [box]);
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0].kind).toBe('free');
    expect(bubbles[0].textArea).toEqual({ x: 96, y: 96, width: SIZE + 8, height: 2 * SIZE + 8 });
  });
});

describe('bubble finder: balloons the detector found nothing in', () => {
  it('finds a closed balloon holding a text from the image alone, and no white shape without one', () => {
    // Two lettered balloons and an empty one (a white shape in the art) on a hatched panel.
    const panel = drawPanel(720, 480, [
      { cx: 560, cy: 150, rx: 95, ry: 120, columns: ['今日は', 'いい天気'], size: 30 },
      { cx: 200, cy: 170, rx: 85, ry: 125, columns: ['本当に'], size: 32 },
      { cx: 380, cy: 330, rx: 60, ry: 70, columns: [], size: 30 },
    ]);
    const bubbles = findBubbles(panel.image, []);
    expect(bubbles).toHaveLength(2);
    for (const bubble of bubbles) {
      expect(bubble.kind).toBe('balloon');
      expect(bubble.boxes).toEqual([]);
      expect(bubble.direction).toBe('vertical');
      const drawn = panel.balloons.find((b) => insideEllipse(b, bubble.textArea.x + bubble.textArea.width / 2, bubble.textArea.y + bubble.textArea.height / 2));
      expect(drawn?.text.length).toBeGreaterThan(0);
      // The text's glyphs give its size: 30 and 32 px lettering.
      expect(bubble.glyphSize).toBeGreaterThan(20);
      expect(bubble.glyphSize).toBeLessThan(40);
    }
  });
});
