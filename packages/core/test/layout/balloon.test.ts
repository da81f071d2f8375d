import { describe, expect, it } from 'vitest';
import { backgroundFreeSpace, createImage, layoutBalloonPage, relayoutPage, type Page, type Polygon, type TextBlock } from '@glossa/core';
import { fakeMeasurer } from './fake-measurer.js';

/** An ellipse as a 48-point polygon. */
function ellipse(cx: number, cy: number, rx: number, ry: number): Polygon {
  return Array.from({ length: 48 }, (_, i) => [cx + rx * Math.cos((i / 48) * 2 * Math.PI), cy + ry * Math.sin((i / 48) * 2 * Math.PI)] as [number, number]);
}

function page(balloon: Polygon, translation: string, targetLang = 'en', fontSize = 20): Page {
  const block: TextBlock = {
    id: 'b0',
    polygon: [[90, 60], [110, 60], [110, 140], [90, 140]],
    lines: [],
    sourceText: '今日はいい天気',
    translation,
    direction: 'vertical',
    style: { color: '#000000', fontSize, align: 'center', lineHeight: 1.2 },
    flags: {},
    balloon,
  };
  return { version: 1, width: 200, height: 200, targetLang, blocks: [block] };
}

/** Horizontal extent of a polygon at height y (even-odd crossings, outermost). */
function spanAt(polygon: Polygon, y: number): [number, number] {
  const xs: number[] = [];
  polygon.forEach(([x0, y0], i) => {
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    if ((y0 <= y && y < y1) || (y1 <= y && y < y0)) xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
  });
  return [Math.min(...xs), Math.max(...xs)];
}

describe('layoutBalloonPage', () => {
  it('centres every line inside the balloon, each as wide as the balloon is at its height', () => {
    const balloon = ellipse(100, 100, 60, 80);
    const block = layoutBalloonPage(page(balloon, 'Good morning, it is lovely weather again today'), { measurer: fakeMeasurer, minFontSize: 6 }).blocks[0];
    expect(block.flags.overflow).toBeFalsy();
    expect(block.layout!.lines.length).toBeGreaterThan(2);
    for (const line of block.layout!.lines) {
      for (const y of [line.y, line.y + line.height]) {
        const [left, right] = spanAt(balloon, y);
        expect(line.x).toBeGreaterThanOrEqual(left - 1e-6);
        expect(line.x + line.width).toBeLessThanOrEqual(right + 1e-6);
      }
      // Centred on the balloon's middle.
      expect(Math.abs(line.x + line.width / 2 - 100)).toBeLessThan(1e-6);
    }
  });

  it('hyphenates a word longer than a line, between letters, three or more on each side', () => {
    const block = layoutBalloonPage(page(ellipse(100, 100, 30, 90), 'Incomprehensibilities?!', 'en', 24), { measurer: fakeMeasurer, minFontSize: 12 }).blocks[0];
    const lines = block.layout!.lines.map((l) => l.text);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/-/g, '')).toBe('Incomprehensibilities?!');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/\p{L}{3}-$/u);
    expect(lines.at(-1)).toMatch(/^\p{L}{3}/u);
  });

  it('breaks Chinese and Japanese between characters, without hyphens', () => {
    const block = layoutBalloonPage(page(ellipse(100, 100, 40, 70), '今日はとてもいい天気ですね', 'ja'), { measurer: fakeMeasurer, minFontSize: 8 }).blocks[0];
    const lines = block.layout!.lines.map((l) => l.text);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('今日はとてもいい天気ですね');
  });

  it('relayoutPage sets an edited balloon block inside its balloon, and keeps unedited ones', () => {
    const balloon = ellipse(100, 100, 60, 80);
    const laidOut = layoutBalloonPage(page(balloon, 'Good morning'), { measurer: fakeMeasurer, minFontSize: 6 });
    const background = createImage(200, 200);
    const same = relayoutPage(laidOut, background, { measurer: fakeMeasurer });
    expect(same.blocks[0].layout).toBe(laidOut.blocks[0].layout);
    const edited = { ...laidOut, blocks: [{ ...laidOut.blocks[0], translation: 'Good morning to you, my friend' }] };
    const again = relayoutPage(edited, background, { measurer: fakeMeasurer }).blocks[0];
    expect(again.layout!.text).toBe('Good morning to you, my friend');
    for (const line of again.layout!.lines) {
      const [left, right] = spanAt(balloon, line.y);
      expect(line.x).toBeGreaterThanOrEqual(left - 1e-6);
      expect(line.x + line.width).toBeLessThanOrEqual(right + 1e-6);
    }
  });

  it('flags overflow when the text fits neither the balloon nor the free space around it at the minimum size', () => {
    const options = { measurer: fakeMeasurer, minFontSize: 10, freeSpace: () => false };
    const block = layoutBalloonPage(page(ellipse(100, 100, 12, 12), 'A very long sentence that cannot possibly fit'), options).blocks[0];
    expect(block.flags.overflow).toBe(true);
  });

  it('grows a translation too long for its balloon into the blank space around it, clear of other blocks', () => {
    // A 24 px balloon on a blank page, another block's text below it; drawn on white, the art (a dark band) on the right.
    const background = createImage(200, 200);
    background.data.fill(255);
    for (let y = 0; y < 200; y++) for (let x = 170; x < 200; x++) background.data.fill(0, (y * 200 + x) * 4, (y * 200 + x) * 4 + 3);
    const small = page(ellipse(100, 100, 12, 12), 'but they are only rumors.');
    small.blocks[0] = { ...small.blocks[0], polygon: [[94, 90], [106, 90], [106, 110], [94, 110]] };
    const other: TextBlock = { ...small.blocks[0], id: 'b1', polygon: [[40, 160], [160, 160], [160, 190], [40, 190]], translation: undefined, balloon: undefined };
    const laidOut = layoutBalloonPage({ ...small, blocks: [small.blocks[0], other] }, { measurer: fakeMeasurer, minFontSize: 10, freeSpace: backgroundFreeSpace(background) });
    const block = laidOut.blocks[0];
    expect(block.flags.overflow).toBeFalsy();
    const { x, y, width, height } = block.layout!.box;
    expect(width).toBeGreaterThan(24); // past the balloon
    expect(x + width).toBeLessThanOrEqual(170); // not over the art
    expect(y + height).toBeLessThanOrEqual(160); // not over the other block
    expect(block.layout!.fontSize).toBeGreaterThanOrEqual(10);
  });
});
