import { describe, expect, it } from 'vitest';
import { keepProductText } from '../../src/classify/product-text-option.js';
import { applyScriptRoles, splitTranslationScript } from '../../src/classify/script-roles.js';
import { isGlossaError } from '../../src/errors.js';
import type { TextBlock } from '../../src/page/page.js';

function block(id: string, text: string, lines: string[] = [text], role?: TextBlock['role']): TextBlock {
  const polygon: TextBlock['polygon'] = [[0, 0], [10, 0], [10, 10], [0, 10]];
  return {
    id,
    polygon,
    lines: lines.map((t) => ({ polygon, text: t, score: 1 })),
    sourceText: text,
    direction: 'horizontal',
    style: { color: '#000000', fontSize: 10, align: 'left', lineHeight: 1.2 },
    flags: {},
    ...(role ? { role } : {}),
  };
}

describe('splitTranslationScript', () => {
  it('reads plain entries as before and object entries as translation plus role', () => {
    const split = splitTranslationScript({ 限时特价: 'Limited offer', 礼盒装: { translation: 'Gift box', role: 'copy' }, 山泉: { role: 'product' } });
    expect(split).toEqual({ translations: { 限时特价: 'Limited offer', 礼盒装: 'Gift box' }, roles: { 礼盒装: 'copy', 山泉: 'product' } });
  });

  it('names the bad entry', () => {
    for (const [script, field] of [
      [{ a: 3 }, "translations['a']"],
      [{ a: { role: 'logo' } }, "translations['a'].role"],
      [{ a: { translation: 1 } }, "translations['a'].translation"],
      [[], 'translations'],
    ] as const) {
      let error: unknown;
      try {
        splitTranslationScript(script);
      } catch (e) {
        error = e;
      }
      expect(isGlossaError(error) && error.code === 'INVALID_INPUT' && error.details.field).toBe(field);
    }
  });
});

describe('applyScriptRoles and keepProductText', () => {
  const blocks = [block('b0', '礼 盒 装'), block('b1', 'SPRING 山泉', ['SPRING', '山泉']), block('b2', '限时特价')];

  it('gives a block the role of a matching entry, by its text or one of its lines', () => {
    const roled = applyScriptRoles(blocks, { 礼盒装: 'copy', 山泉: 'product' });
    expect(roled.map((b) => b.role)).toEqual(['copy', 'product', undefined]);
  });

  it('keeps product blocks with keep and none with translate', () => {
    const roled = [block('b0', 'a', ['a'], 'product'), block('b1', 'b', ['b'], 'copy'), block('b2', 'c', ['c'], 'unknown')];
    expect(keepProductText(roled, 'keep').map((b) => Boolean(b.flags.keep))).toEqual([true, false, false]);
    expect(keepProductText(roled, 'translate').map((b) => Boolean(b.flags.keep))).toEqual([false, false, false]);
    expect(() => keepProductText(roled, 'skip' as 'keep')).toThrow(/productText/);
  });
});
