// Typesetting stays bounded however long the translation and however many
// blocks a page has. The tests count work (measurements, reads of block
// geometry) against a budget, and stop the run as soon as it is spent, so an
// unbounded layout fails at once instead of running for minutes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LAYOUT_LENGTH, layoutPage, layoutPageAsync } from '@glossa/core';
import type { Page, Point, Rect, TextBlock, TextMeasurer } from '@glossa/core';
import { fakeMeasurer } from './fake-measurer.js';
import { textBlock } from './text-block.js';

/** The fake measurer, counting calls and measured characters, throwing once over `budget` calls. */
function countingMeasurer(budget: number): TextMeasurer & { calls: number; chars: number } {
  const counter = {
    calls: 0,
    chars: 0,
    measure(text: string, font: Parameters<TextMeasurer['measure']>[1]) {
      counter.calls++;
      counter.chars += text.length;
      if (counter.calls > budget) throw new Error(`layout spent more than ${budget} measurements`);
      return fakeMeasurer.measure(text, font);
    },
  };
  return counter;
}

function block(id: string, rect: Rect, translation: string, fontSize = 20): TextBlock {
  return textBlock(id, rect, translation, { style: { color: '#000000', fontSize, align: 'left', lineHeight: 1.2 } });
}

const page = (blocks: TextBlock[], width = 1000, height = 800): Page => ({ version: 1, width, height, targetLang: 'en', blocks });

describe('layout of long translations', () => {
  it('lays out a 1 MB translation in a narrow box without a stack overflow, cut to maxLength and flagged', () => {
    const measurer = countingMeasurer(50_000);
    // A 40 px column: at one or two words a line, the uncut text would be ~200,000 lines.
    const text = 'word '.repeat(200_000);
    const out = layoutPage(page([block('a', { x: 10, y: 10, width: 40, height: 30 }, text)], 60, 50), { measurer });
    const laid = out.blocks[0];
    expect(laid.flags.overflow).toBe(true);
    expect(laid.layout!.text!.endsWith('…')).toBe(true);
    expect(Array.from(laid.layout!.text!).length).toBe(DEFAULT_MAX_LAYOUT_LENGTH);
    expect(measurer.calls).toBeLessThan(50_000);
  });

  it('spends the same work on 20,000 characters without spaces as on maxLength of them', () => {
    const work = (n: number) => {
      const measurer = countingMeasurer(100_000);
      const out = layoutPage(page([block('a', { x: 100, y: 100, width: 600, height: 200 }, 'x'.repeat(n), 40)]), { measurer });
      return { calls: measurer.calls, chars: measurer.chars, out };
    };
    const atCap = work(DEFAULT_MAX_LAYOUT_LENGTH);
    const long = work(20_000);
    expect(long.out.blocks[0].flags.overflow).toBe(true);
    expect(long.calls).toBeLessThanOrEqual(atCap.calls * 1.1);
    // Measured characters, not only calls: each call measures at most a line's worth, not the text so far.
    expect(long.chars).toBeLessThanOrEqual(atCap.chars * 1.1);
  });

  it('grows sub-quadratically with the length below the cap', () => {
    const work = (n: number) => {
      const measurer = countingMeasurer(200_000);
      layoutPage(page([block('a', { x: 100, y: 100, width: 600, height: 200 }, 'lorem ipsum '.repeat(n / 12), 40)]), { measurer });
      return measurer.chars;
    };
    const small = work(480);
    const large = work(1920);
    // Four times the text: quadratic work is 16x. The fitted size shrinks as
    // 1/sqrt(length), so lines (and each measurement) hold sqrt(length) more
    // characters: n^1.5, 8x, is what a bounded search costs.
    expect(large / small).toBeLessThan(12);
  });
});

describe('layout of pages with many blocks', () => {
  it('reads each block of a 10,000-block page a bounded number of times', () => {
    const n = 10_000;
    let reads = 0;
    const blocks = Array.from({ length: n }, (_, i) => {
      const b = block(`b${i}`, { x: (i % 100) * 20, y: Math.floor(i / 100) * 20, width: 16, height: 16 }, 'Sale', 16);
      const polygon = b.polygon;
      // Every look at a block's geometry is counted; a layout that compares each block with every other one reads n² times.
      return Object.defineProperty({ ...b }, 'polygon', {
        enumerable: true,
        get(): Point[] {
          if (++reads > 5 * n) throw new Error(`layout read block geometry more than ${5 * n} times`);
          return polygon;
        },
      });
    });
    const measurer = countingMeasurer(200 * n);
    const out = layoutPage(page(blocks, 2000, 2000), { measurer });
    expect(out.blocks.every((b) => b.layout !== undefined)).toBe(true);
    expect(reads).toBeLessThanOrEqual(5 * n);
    expect(measurer.calls / n).toBeLessThan(200);
  });

  it('gives the event loop a turn between blocks, with the same result as the synchronous layout', async () => {
    const blocks = Array.from({ length: 64 }, (_, i) => block(`b${i}`, { x: (i % 8) * 120, y: Math.floor(i / 8) * 90, width: 100, height: 40 }, `Item ${i} on sale`));
    let other = false;
    setTimeout(() => (other = true), 0);
    const laid = await layoutPageAsync(page(blocks), { measurer: fakeMeasurer });
    expect(other).toBe(true);
    expect(laid).toEqual(layoutPage(page(blocks), { measurer: fakeMeasurer }));
  });

  it('stops at the next block when the signal fires', async () => {
    const blocks = Array.from({ length: 64 }, (_, i) => block(`b${i}`, { x: (i % 8) * 120, y: Math.floor(i / 8) * 90, width: 100, height: 40 }, `Item ${i}`));
    const controller = new AbortController();
    let measured = 0;
    const measurer: TextMeasurer = {
      measure(text, font) {
        measured++;
        return fakeMeasurer.measure(text, font);
      },
    };
    const run = layoutPageAsync(page(blocks), { measurer, signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    // It stopped part-way: fewer measurements than a full layout makes.
    const full = { n: 0 };
    layoutPage(page(blocks), { measurer: { measure: (t, f) => (full.n++, fakeMeasurer.measure(t, f)) } });
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBeLessThan(full.n);
  });
});
