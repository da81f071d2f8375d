import { describe, expect, it } from 'vitest';
import { createTranslationMapTranslator } from '@glossa/core';

describe('createTranslationMapTranslator', () => {
  const script = {
    分类摇放: 'By category',
    工在摇放: 'Now playing',
    '8核': '8 cores',
    电子书: 'E-books',
    '赶上了这次降价!': 'You caught this price drop!',
    '恭喜你!': 'Congratulations!',
  };

  it('matches a line with one misread character, from three characters on', () => {
    const t = createTranslationMapTranslator(script);
    expect(t.match('分类播放')).toBe('By category'); // 播 read for the script's 摇
    expect(t.match('8核芯')).toBe('8 cores'); // one character more than the key
    expect(t.match('电子书')).toBe('E-books');
    // Two characters leave no room for an error.
    expect(t.match('8芯')).toBeUndefined();
  });

  it('translates a block of several lines from its lines, each matched fuzzily', () => {
    const t = createTranslationMapTranslator(script);
    expect(t.match('分类播放正在播放')).toBeUndefined(); // 正 and 在 both differ from 工在: two edits in four
    expect(t.match('分类播放工在播放')).toBe('By category Now playing');
    expect(t.match('赶上了这次降价！恭喜你！')).toBe('You caught this price drop! Congratulations!');
  });

  it('leaves a block with an unknown line out of the reply', async () => {
    const t = createTranslationMapTranslator(script);
    const reply = await t.translate({ items: [{ id: 'a', text: '电子书' }, { id: 'b', text: '电子书计算器' }], targetLang: 'en' });
    expect(reply).toEqual([{ id: 'a', text: 'E-books' }]);
  });
});

describe('createTranslationMapTranslator minSimilarity', () => {
  // A comic reading with three slips in ten characters: similarity 0.7.
  const script = { 部長の園山みずきです: "I'm Mizuki Sonoyama, the club president!" };
  const reading = '部長の園出みずさでず';

  it('matches at the given similarity and not at the default 0.8', () => {
    expect(createTranslationMapTranslator(script).match(reading)).toBeUndefined();
    expect(createTranslationMapTranslator(script, { minSimilarity: 0.6 }).match(reading)).toBe(script.部長の園山みずきです);
    expect(createTranslationMapTranslator(script, { minSimilarity: 0.75 }).match(reading)).toBeUndefined();
  });

  it('still keeps the closest entry when several are within reach', () => {
    const t = createTranslationMapTranslator({ そうだね: 'Right.', そうですね: 'I see.' }, { minSimilarity: 0.6 });
    expect(t.match('そうですね')).toBe('I see.');
    expect(t.match('そうだね')).toBe('Right.');
  });

  it('rejects a similarity outside 0..1 with INVALID_INPUT', () => {
    expect(() => createTranslationMapTranslator({}, { minSimilarity: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('createTranslationMapTranslator on Japanese readings', () => {
  const script = { 'なあ、宏也ーー': 'Hey, Hiroya...', '対象鬼号ーー': 'Target ogre number...', 'ボクちゃんと役にたってる!?': 'Am I being useful?!', 'あ、あの...': 'U-Um...', 'Tシャツ': 'T-shirt', 'シャツ': 'Shirt' };
  const translator = createTranslationMapTranslator(script, { minSimilarity: 0.6 });

  it('ignores long-vowel marks and dashes written as ー', () => {
    expect(translator.match('対象ノ鬼号')).toBe('Target ogre number...');
    expect(translator.match('なあ宏也')).toBe('Hey, Hiroya...');
  });

  it('folds small kana and katakana, which OCR and transcribers mix up', () => {
    // Four differences before folding: too many even at the default similarity, none after.
    expect(createTranslationMapTranslator(script).match('ぼくちやんと役にたつてる')).toBe('Am I being useful?!');
  });

  it("drops stray Latin letters from a Japanese reading, but not a script's own", () => {
    expect(translator.match('あ、おのj…')).toBe('U-Um...');
    expect(translator.match('Tシャツ')).toBe('T-shirt');
    expect(translator.match('シャツ')).toBe('Shirt');
  });
});
