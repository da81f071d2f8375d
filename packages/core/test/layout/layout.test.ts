import { describe, expect, it } from 'vitest';
import { layoutPage, layoutBlock, defaultMinFontSize } from '@glossa/core';
import type { Page, Rect, TextBlock } from '@glossa/core';
import { fakeMeasurer } from './fake-measurer.js';
import { textBlock } from './text-block.js';

/** The shared test block, centred: these tests were written against centred blocks. */
function block(id: string, rect: Rect, translation: string | undefined, extra: Partial<TextBlock> = {}): TextBlock {
  return textBlock(id, rect, translation, { style: { ...textBlock(id, rect, translation).style, align: 'center' }, ...extra });
}

function page(blocks: TextBlock[], width = 800, height = 600, targetLang = 'en'): Page {
  return { version: 1, width, height, targetLang, blocks };
}

const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 1e-6 && inner.y >= outer.y - 1e-6 &&
  inner.x + inner.width <= outer.x + outer.width + 1e-6 && inner.y + inner.height <= outer.y + outer.height + 1e-6;

describe('layoutPage', () => {
  it('fits a short translation at the capped source size, inside its box', () => {
    const p = layoutPage(page([block('a', { x: 100, y: 100, width: 400, height: 40 }, 'Sale')]), { measurer: fakeMeasurer });
    const layout = p.blocks[0].layout!;
    expect(layout.fontSize).toBeCloseTo(40, 0); // capped by the box height, not blown up beyond it
    expect(layout.lines.map((l) => l.text)).toEqual(['Sale']);
    for (const line of layout.lines) expect(inside(line, layout.box)).toBe(true);
    expect(layout.text).toBe('Sale');
    expect(p.blocks[0].flags.overflow).toBeUndefined();
  });

  it('caps small captions at maxScale times the source size', () => {
    const p = layoutPage(page([block('a', { x: 0, y: 0, width: 800, height: 20 }, 'Hi', { style: { color: '#000000', fontSize: 12, align: 'left', lineHeight: 1.2 } })]), {
      measurer: fakeMeasurer,
    });
    expect(p.blocks[0].layout!.fontSize).toBeLessThanOrEqual(12 * 1.25 + 1e-9);
  });

  it('picks the largest size that fits (within a quarter pixel)', () => {
    const b = block('a', { x: 0, y: 0, width: 200, height: 100 }, 'aaaa bbbb cccc dddd eeee', { style: { color: '#000000', fontSize: 100, align: 'left', lineHeight: 1.2 } });
    // The block fills the page, so there is no room to grow into.
    const layout = layoutPage(page([b], 200, 100), { measurer: fakeMeasurer }).blocks[0].layout!;
    const w = Math.max(...layout.lines.map((l) => l.width));
    const h = layout.fontSize * (1 + (layout.lines.length - 1) * 1.2);
    expect(w).toBeLessThanOrEqual(200 + 1e-6);
    expect(h).toBeLessThanOrEqual(100 + 1e-6);
    // A quarter pixel more would not fit.
    const bigger = layoutPage(page([b], 200, 100), { measurer: fakeMeasurer, minFontSize: layout.fontSize + 0.3 }).blocks[0];
    expect(bigger.flags.overflow ?? false).toBe(true);
  });

  it('fitted size never shrinks when the region grows (monotonic)', () => {
    let previous = 0;
    for (let width = 60; width <= 600; width += 30) {
      const b = block('a', { x: 0, y: 0, width, height: 80 }, 'Limited time offer on every laptop', {
        style: { color: '#000000', fontSize: 60, align: 'left', lineHeight: 1.2 },
      });
      const size = layoutPage(page([b]), { measurer: fakeMeasurer, growBelow: 0.01, minFontSize: 1 }).blocks[0].layout!.fontSize;
      expect(size).toBeGreaterThanOrEqual(previous - 0.25);
      previous = size;
    }
  });

  it('grows into free space but not over other blocks', () => {
    const a = block('a', { x: 300, y: 100, width: 120, height: 30 }, 'A much longer English translation of a short Chinese caption');
    const neighbour = block('b', { x: 300, y: 160, width: 200, height: 30 }, undefined);
    const p = layoutPage(page([a, neighbour]), { measurer: fakeMeasurer });
    const layout = p.blocks[0].layout!;
    expect(layout.box.width * layout.box.height).toBeGreaterThan(120 * 30);
    const other = { x: 300, y: 160, width: 200, height: 30 };
    const overlap = layout.box.x < other.x + other.width && other.x < layout.box.x + layout.box.width &&
      layout.box.y < other.y + other.height && other.y < layout.box.y + layout.box.height;
    expect(overlap).toBe(false);
    expect(inside(layout.box, { x: 0, y: 0, width: 800, height: 600 })).toBe(true);
    for (const line of layout.lines) expect(inside(line, layout.box)).toBe(true);
    expect(p.blocks[0].flags.overflow).toBeUndefined();
  });

  it('flags overflow and lays out at the minimum size when nothing fits', () => {
    const boxed = [
      block('a', { x: 10, y: 10, width: 40, height: 12 }, 'This translation cannot possibly fit into such a tiny box'),
      block('t', { x: 0, y: 0, width: 60, height: 9 }, undefined),
      block('b', { x: 0, y: 23, width: 60, height: 10 }, undefined),
      block('l', { x: 0, y: 9, width: 9, height: 14 }, undefined),
      block('r', { x: 51, y: 9, width: 9, height: 14 }, undefined),
    ];
    const p = layoutPage(page(boxed, 60, 40), { measurer: fakeMeasurer });
    expect(p.blocks[0].flags.overflow).toBe(true);
    expect(p.blocks[0].layout!.fontSize).toBe(defaultMinFontSize(60, 40));
  });

  it('keeps vertical CJK vertical for a CJK target, with vertical punctuation', () => {
    const b = block('v', { x: 500, y: 50, width: 40, height: 300 }, '你好，世界。欢迎光临本店', { direction: 'vertical', style: { color: '#000000', fontSize: 36, align: 'left', lineHeight: 1.2 } });
    const v = layoutPage(page([b], 800, 600, 'zh'), { measurer: fakeMeasurer }).blocks[0].layout!;
    expect(v.direction).toBe('vertical');
    expect(v.lines.map((l) => l.text).join('')).toContain('\uFE10');
    const h = layoutPage(page([b], 800, 600, 'en'), { measurer: fakeMeasurer }).blocks[0].layout!;
    expect(h.direction).toBe('horizontal');
  });

  it('gives no layout to untranslated or kept blocks and keeps unchanged ones on relayout', () => {
    const p = layoutPage(
      page([block('a', { x: 0, y: 0, width: 100, height: 30 }, 'Go'), block('k', { x: 0, y: 100, width: 100, height: 30 }, 'Keep', { flags: { keep: true } }), block('u', { x: 0, y: 200, width: 100, height: 30 }, undefined)]),
      { measurer: fakeMeasurer },
    );
    expect(p.blocks[0].layout).toBeDefined();
    expect(p.blocks[1].layout).toBeUndefined();
    expect(p.blocks[2].layout).toBeUndefined();
    const edited: Page = { ...p, blocks: p.blocks.map((b) => (b.id === 'a' ? { ...b, layout: { ...b.layout!, fontSize: 7 } } : b)) };
    expect(layoutPage(edited, { measurer: fakeMeasurer, relayout: 'changed' }).blocks[0].layout!.fontSize).toBe(7);
    expect(layoutPage(edited, { measurer: fakeMeasurer, relayout: 'all' }).blocks[0].layout!.fontSize).not.toBe(7);
  });

  it('layoutBlock lays out one block against the page', () => {
    const p = page([block('a', { x: 0, y: 0, width: 200, height: 40 }, 'Hello')]);
    expect(layoutBlock(p, p.blocks[0], { measurer: fakeMeasurer }).layout!.lines[0].text).toBe('Hello');
  });

  it('rejects bad options with INVALID_INPUT naming the parameter', () => {
    const p = page([]);
    expect(() => layoutPage(p, { measurer: {} as never })).toThrow(/options\.measurer/);
    expect(() => layoutPage(p, { measurer: fakeMeasurer, minFontSize: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('stops when aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => layoutPage(page([block('a', { x: 0, y: 0, width: 100, height: 30 }, 'x')]), { measurer: fakeMeasurer, signal: controller.signal })).toThrow(
      expect.objectContaining({ code: 'ABORTED' }),
    );
  });
});
