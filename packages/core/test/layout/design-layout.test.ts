import { describe, expect, it } from 'vitest';
import { layoutPage } from '@glossa/core';
import type { Page, TextBlock } from '@glossa/core';
import { fakeMeasurer } from './fake-measurer.js';
import { textBlock } from './text-block.js';

function page(blocks: TextBlock[], width = 1000, height = 600): Page {
  return { version: 1, width, height, targetLang: 'en', blocks };
}

const noGrowth = () => false;
const left = (b: TextBlock) => Math.min(...b.layout!.lines.map((l) => l.x));

describe('layout keeps the designer\'s edges and sizes', () => {
  it('a flush-left block that must grow grows to the right and keeps its x', () => {
    // A one-line strip with room on both sides: growing both ways sets the
    // line larger, but the right-hand room alone keeps it legible.
    const b = textBlock('a', { x: 400, y: 10, width: 200, height: 40 }, 'Pre-harvest tea, fresh and sweet');
    const laid = layoutPage(page([b], 1000, 60), { measurer: fakeMeasurer }).blocks[0];
    expect(laid.flags.overflow).toBeUndefined();
    expect(left(laid)).toBeCloseTo(400, 6);
    expect(laid.layout!.fontSize).toBeGreaterThanOrEqual(0.75 * 40);
  });

  it('a flush-right block keeps its right edge', () => {
    const b = textBlock('a', { x: 500, y: 250, width: 200, height: 40 }, 'Pre-harvest tea, fresh and sweet with a long finish', {
      style: { color: '#000000', fontSize: 40, align: 'right', lineHeight: 1.2 },
    });
    const laid = layoutPage(page([b]), { measurer: fakeMeasurer }).blocks[0];
    const right = Math.max(...laid.layout!.lines.map((l) => l.x + l.width));
    expect(right).toBeCloseTo(700, 6);
  });

  it('gives the anchor edge up when only that room makes the text legible', () => {
    // A one-line strip with the block at its right end: all the room is on its left.
    const b = textBlock('a', { x: 760, y: 10, width: 220, height: 40 }, 'A long translation that needs much more width than this');
    const laid = layoutPage(page([b], 1000, 60), { measurer: fakeMeasurer }).blocks[0];
    expect(left(laid)).toBeLessThan(760);
    expect(laid.layout!.fontSize).toBeGreaterThan(20);
  });

  it('sets the items of a list at one size, the smallest any item fits', () => {
    // Two feature lines in one style: one translation is much longer.
    const style = (size: number) => ({ style: { color: '#4c506b', fontSize: size, align: 'left' as const, lineHeight: 1.2 } });
    const a = textBlock('a', { x: 60, y: 200, width: 340, height: 32 }, 'Deep hydration that lasts twenty-four hours', style(32));
    const b = textBlock('b', { x: 62, y: 260, width: 300, height: 34 }, 'Gentle', { ...style(34), style: { ...style(34).style, color: '#4d506a' } });
    // A third block in another colour is not a sibling.
    const c = textBlock('c', { x: 60, y: 320, width: 300, height: 33 }, 'Buy now', { ...style(33), style: { ...style(33).style, color: '#e63946' } });
    // No growth: each block fits its own box, so the long item alone is small.
    const laid = layoutPage(page([a, b, c], 500, 500), { measurer: fakeMeasurer, freeSpace: noGrowth }).blocks;
    const [sa, sb, sc] = laid.map((x) => x.layout!.fontSize);
    expect(sb).toBeCloseTo(sa, 1);
    expect(sa).toBeLessThan(32);
    expect(sc).toBeGreaterThan(sa + 1);
  });

  it('leaves blocks of one style far apart or on other edges alone', () => {
    const style = { style: { color: '#000000', fontSize: 30, align: 'left' as const, lineHeight: 1.2 } };
    const a = textBlock('a', { x: 60, y: 100, width: 200, height: 30 }, 'A very long line that has to shrink a lot to fit here', style);
    const far = textBlock('b', { x: 60, y: 400, width: 200, height: 30 }, 'Short', style);
    const otherEdge = textBlock('c', { x: 400, y: 140, width: 200, height: 30 }, 'Short', style);
    const [sa, sFar, sOther] = layoutPage(page([a, far, otherEdge], 800, 600), { measurer: fakeMeasurer, freeSpace: noGrowth }).blocks.map((x) => x.layout!.fontSize);
    expect(sFar).toBeGreaterThan(sa + 1);
    expect(sOther).toBeGreaterThan(sa + 1);
  });

  it('sets a table\'s label and value, one row, at one size whatever their colours', () => {
    const grey = { style: { color: '#6b7280', fontSize: 32, align: 'left' as const, lineHeight: 1.2 } };
    const ink = { style: { color: '#111827', fontSize: 34, align: 'left' as const, lineHeight: 1.2 } };
    const label = textBlock('k', { x: 80, y: 160, width: 130, height: 32 }, 'Size', grey);
    const value = textBlock('v', { x: 420, y: 159, width: 90, height: 34 }, 'A rather long value here', ink);
    const [sl, sv] = layoutPage(page([label, value], 800, 400), { measurer: fakeMeasurer, freeSpace: noGrowth }).blocks.map((x) => x.layout!.fontSize);
    expect(sv).toBeLessThan(20);
    expect(sl).toBeCloseTo(sv, 1);
  });

  it('a flush-left line that fits a little small takes the room to its right, up to its source size', () => {
    // 'Core i7' in a box sized for three CJK glyphs: it fits at 0.8x, which
    // is legible, but the row has room to the right.
    const b = textBlock('a', { x: 400, y: 100, width: 100, height: 40 }, 'Core i7');
    const laid = layoutPage(page([b], 1000, 300), { measurer: fakeMeasurer }).blocks[0];
    expect(left(laid)).toBeCloseTo(400, 6);
    expect(laid.layout!.fontSize).toBeCloseTo(40, 0);
    expect(laid.layout!.lines).toHaveLength(1);
  });

  it('sets Korean no larger than the Chinese it replaces, English up to 1.25x', () => {
    // A short translation in a box roomier than its 32 px source: only the cap limits it.
    const b = textBlock('a', { x: 100, y: 100, width: 600, height: 60 }, '할인', { style: { color: '#000000', fontSize: 32, align: 'left', lineHeight: 1.2 } });
    const ko = layoutPage({ ...page([b]), targetLang: 'ko' }, { measurer: fakeMeasurer }).blocks[0].layout!.fontSize;
    const en = layoutPage(page([{ ...b, translation: 'Sale' }]), { measurer: fakeMeasurer }).blocks[0].layout!.fontSize;
    expect(ko).toBeCloseTo(32, 1);
    expect(en).toBeCloseTo(40, 1);
  });
});
