// The layout engine with the real canvas measurer and bundled fonts.
import { describe, expect, it } from 'vitest';
import { breakLines, layoutPage } from '@glossa/core';
import type { Page, Rect, TextBlock } from '@glossa/core';
import { createCanvasMeasurer } from '../../src/canvas/measurer.js';
import { fontFamilyFor } from '../../src/canvas/fonts.js';
import { textBlock } from '../../../core/test/layout/text-block.js';

const measurer = createCanvasMeasurer();
const widthIn = (lang: string, size = 20) => (s: string) => measurer.measure(s, { family: fontFamilyFor(lang), size }).width;

/** The shared test block, centred: these tests were written against centred blocks. */
function block(id: string, rect: Rect, translation: string | undefined, extra: Partial<TextBlock> = {}): TextBlock {
  return textBlock(id, rect, translation, { style: { ...textBlock(id, rect, translation).style, align: 'center' }, ...extra });
}
const page = (blocks: TextBlock[], targetLang: string, width = 800, height = 600): Page => ({ version: 1, width, height, targetLang, blocks });
const opts = (lang: string) => ({ measurer, targetLang: lang, fontFamily: (l: string) => fontFamilyFor(l) });

describe('line breaking with real fonts', () => {
  it('English: whole words, every line within the width', () => {
    const measure = widthIn('en');
    const lines = breakLines('Limited time offer: free shipping on every order today', { maxWidth: 150, measure, lang: 'en', allowSplit: false })!;
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe('Limited time offer: free shipping on every order today');
  });

  it('English: hyphenates only an over-long word', () => {
    const measure = widthIn('en');
    const lines = breakLines('Supercalifragilisticexpialidocious deals', { maxWidth: 120, measure, lang: 'en', allowSplit: true })!;
    expect(lines[0].endsWith('-')).toBe(true);
    expect(lines[lines.length - 1]).toBe('deals');
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(120);
  });

  it('Korean: breaks between eojeol', () => {
    const measure = widthIn('ko');
    const text = '월 판매 1000+ 돌파 지금 바로 구매하세요';
    const lines = breakLines(text, { maxWidth: 130, measure, lang: 'ko', allowSplit: false })!;
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(130);
  });

  it('Chinese and Japanese: per character with kinsoku', () => {
    for (const [lang, text] of [['zh', '限时特惠，全场五折。「新品」上市！'], ['ja', 'ちょっと待ってください。「はい」と言った。']] as const) {
      const measure = widthIn(lang);
      for (let width = 65; width <= 200; width += 7) {
        const lines = breakLines(text, { maxWidth: width, measure, lang, allowSplit: true })!;
        expect(lines.join('')).toBe(text);
        for (const l of lines) {
          expect('，。、！」）ゃゅょっぁぃぅぇぉ').not.toContain(l[0]);
          expect('「（').not.toContain(l[l.length - 1]);
        }
      }
    }
  });
});

describe('size search with real fonts', () => {
  for (const [lang, text] of [['en', 'From ¥1398, thin and light'], ['ko', '2021 인기 10세대 고성능 슬림 노트북'], ['zh', '二零二一年热销十代强芯轻薄本'], ['ja', '今なら送料無料でお届けします']] as const) {
    it(`${lang}: never exceeds the region and is monotonic in its width`, () => {
      let previous = 0;
      for (let width = 80; width <= 480; width += 40) {
        const rect = { x: 0, y: 0, width, height: 60 };
        const b = block('a', rect, text, { style: { color: '#000000', fontSize: 40, align: 'left', lineHeight: 1.2 } });
        // A page exactly the block's size: no room to grow, so the fit is pure.
        const p = layoutPage(page([b], lang, width, 60), { ...opts(lang), minFontSize: 4 });
        const layout = p.blocks[0].layout!;
        expect(p.blocks[0].flags.overflow).toBeUndefined();
        for (const line of layout.lines) {
          expect(line.x).toBeGreaterThanOrEqual(rect.x - 1e-6);
          expect(line.x + line.width).toBeLessThanOrEqual(rect.x + rect.width + 1e-6);
          expect(line.y).toBeGreaterThanOrEqual(rect.y - 1e-6);
          expect(line.y + line.height).toBeLessThanOrEqual(rect.y + rect.height + 1e-6);
        }
        expect(layout.fontSize).toBeGreaterThanOrEqual(previous - 0.25);
        previous = layout.fontSize;
      }
    });
  }

  it('flags overflow instead of shrinking below the minimum', () => {
    const b = block('a', { x: 0, y: 0, width: 50, height: 12 }, 'This will never fit in a box this small at a readable size');
    const p = layoutPage(page([b], 'en', 50, 12), opts('en'));
    expect(p.blocks[0].flags.overflow).toBe(true);
    expect(p.blocks[0].layout!.fontSize).toBe(10);
  });

  it('grows into free space without covering other blocks', () => {
    const a = block('a', { x: 200, y: 100, width: 150, height: 30 }, '2021 bestseller: thin and light laptop with a 10th-gen chip');
    const under = block('b', { x: 150, y: 150, width: 300, height: 30 }, undefined);
    const p = layoutPage(page([a, under], 'en'), opts('en'));
    const { box, fontSize } = p.blocks[0].layout!;
    expect(fontSize).toBeGreaterThanOrEqual(30 * 0.6);
    const o = { x: 150, y: 150, width: 300, height: 30 };
    const overlap = box.x < o.x + o.width && o.x < box.x + box.width && box.y < o.y + o.height && o.y < box.y + box.height;
    expect(overlap).toBe(false);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(800);
  });
});
