import { describe, expect, it } from 'vitest';
import { breakLines, breakScriptFor, toVerticalForms, fromVerticalForms } from '@glossa/core';

// 1 unit per character makes widths easy to reason about.
const chars = (s: string) => [...s].length;
const br = (text: string, maxWidth: number, lang: string, allowSplit = true) =>
  breakLines(text, { maxWidth, measure: chars, lang, allowSplit });

describe('breakLines', () => {
  it('breaks Latin text at word boundaries', () => {
    expect(br('the quick brown fox jumps', 10, 'en')).toEqual(['the quick', 'brown fox', 'jumps']);
  });

  it('hyphenates only a word longer than the line', () => {
    expect(br('a extraordinarily long', 8, 'en')).toEqual(['a', 'extraor-', 'dinarily', 'long']);
    // Without permission to split, the caller hears that a word does not fit.
    expect(br('a extraordinarily long', 8, 'en', false)).toBeNull();
  });

  it('hyphenates where a hyphen reads well: two letters before, three after, no digraph split', () => {
    // The longest piece that fits would be 'furth-' (a split 'th') or 'furt-' + 'her-more'.
    expect(br('furthermore', 6, 'en')).toEqual(['fur-', 'ther-', 'more']);
    // Never a lone letter before the hyphen or two after it when a better place is near.
    for (const line of br('international understanding', 7, 'en')!) expect(line).not.toMatch(/^\p{L}-$|^\p{L}{1,2}$/u);
  });

  it('breaks Korean between eojeol and falls back to syllables', () => {
    expect(br('지금 구매하면 무료 배송', 7)).toBeDefined();
    expect(br('지금 구매하면 무료 배송', 7, 'ko')).toEqual(['지금 구매하면', '무료 배송']);
    expect(br('초특가할인행사중입니다', 5, 'ko')).toEqual(['초특가할인', '행사중입니', '다']);
    expect(br('초특가할인행사중입니다', 5, 'ko', false)).toBeNull();
  });

  it('breaks Chinese per character', () => {
    expect(br('限时特惠全场五折', 3, 'zh')).toEqual(['限时特', '惠全场', '五折']);
  });

  it('keeps Latin runs whole inside CJK text', () => {
    expect(br('月销突破1000+件', 6, 'zh')).toEqual(['月销突破', '1000+件']);
  });

  it('applies kinsoku: no line starts with closing punctuation or small kana', () => {
    const lines = br('ちょっと待って。「はい」と言った。', 4, 'ja')!;
    for (const line of lines) {
      expect('。、」）ゃゅょっー').not.toContain(line[0]);
      expect('「（').not.toContain(line[line.length - 1]);
    }
    expect(lines.join('')).toBe('ちょっと待って。「はい」と言った。');
    expect(br('你好，世界。', 2, 'zh')).toEqual(['你', '好，', '世', '界。']);
  });

  it('never ends a line with an opening bracket', () => {
    const lines = br('他说「好的」', 2, 'zh')!;
    for (const line of lines) expect(line.endsWith('「')).toBe(false);
    expect(lines).toEqual(['他说', '「好', '的」']);
  });

  it('keeps explicit newlines', () => {
    expect(br('one\ntwo three', 20, 'en')).toEqual(['one', 'two three']);
  });

  it('maps languages to breaking rules', () => {
    expect(breakScriptFor('zh-Hans')).toBe('cjk');
    expect(breakScriptFor('ja')).toBe('cjk');
    expect(breakScriptFor('ko-KR')).toBe('korean');
    expect(breakScriptFor('en')).toBe('latin');
  });
});

describe('vertical forms', () => {
  it('maps punctuation to vertical presentation forms and back', () => {
    expect(toVerticalForms('「はい。」、')).toBe('\uFE41はい\uFE12\uFE42\uFE11');
    expect(fromVerticalForms(toVerticalForms('（你好，世界。）'))).toBe('（你好，世界。）');
  });
});
