import { describe, expect, it } from 'vitest';
import { COMIC_SCRIPT_OPTIONS, createTranslationMapTranslator, type TranslationMapOptions } from '@glossa/core';

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

describe("createTranslationMapTranslator align: 'order'", () => {
  // A page's script in reading order, as OpenMantra and scanlators write them.
  const script = {
    おはよう: 'Morning.',
    'なあ、宏也ーー': 'Hey, Hiroya...',
    いってきます: "I'm off.",
    またね: 'See you.',
  };
  const ids = (texts: string[]) => texts.map((text, i) => ({ id: `b${i}`, text }));
  const translate = (texts: string[], options: TranslationMapOptions) => createTranslationMapTranslator(script, options).translate({ items: ids(texts), targetLang: 'en' });

  it('gives a misread bubble between two matched ones the script entry between theirs', async () => {
    // 'なあぁあ、忠せ' is Tesseract's reading of 'なあ、宏也ーー' on a real page: 33% similar, too far to match by text.
    const page = ['おはよう', 'なあぁあ、忠せ', 'いってきます', 'またね'];
    expect(createTranslationMapTranslator(script, COMIC_SCRIPT_OPTIONS).match('なあぁあ、忠せ')).toBeUndefined();
    expect(await translate(page, COMIC_SCRIPT_OPTIONS)).toEqual([
      { id: 'b0', text: 'Morning.' },
      { id: 'b1', text: 'Hey, Hiroya...' },
      { id: 'b2', text: "I'm off." },
      { id: 'b3', text: 'See you.' },
    ]);
  });

  it('is off by default: a script may be a dictionary in no order', async () => {
    const reply = await translate(['おはよう', 'なあぁあ、忠せ', 'いってきます'], {});
    expect(reply.map((r) => r.id)).toEqual(['b0', 'b2']);
  });

  it('aligns at the start and the end of the page too', async () => {
    // Furigana: the script has 'なお尚' where the reader sees only 尚.
    const t = createTranslationMapTranslator({ 'ナオ尚ーー': 'Nao...', いってきます: "I'm off.", 'なあ、宏也ーー': 'Hey, Hiroya...' }, { align: 'order' });
    const reply = await t.translate({ items: ids(['尚', 'いってきます', 'なあぁあ、忠せ']), targetLang: 'en' });
    expect(reply).toEqual([
      { id: 'b0', text: 'Nao...' },
      { id: 'b1', text: "I'm off." },
      { id: 'b2', text: 'Hey, Hiroya...' },
    ]);
  });

  it('leaves an uneven gap alone unless one pairing is similar enough', async () => {
    // Two unmatched blocks, one unused entry between the anchors, both blocks far from it (33% and 25%)
    // and sharing a character with it: neither position nor text can say which.
    const far = await translate(['おはよう', 'なあぁあ、忠せ', 'なに', 'いってきます'], { align: 'order' });
    expect(far.map((r) => r.id)).toEqual(['b0', 'b3']);
    // 'なあ忠せ' is 50% similar to 'なあ宏也' (two edits in four: not a text match at 0.6), '川' shares nothing.
    const near = await translate(['おはよう', '川', 'なあ忠せ', 'いってきます'], COMIC_SCRIPT_OPTIONS);
    expect(near).toEqual([
      { id: 'b0', text: 'Morning.' },
      { id: 'b2', text: 'Hey, Hiroya...' },
      { id: 'b3', text: "I'm off." },
    ]);
  });

  it('takes the only plausible entry of an uneven gap, beside a bubble that was not read', async () => {
    // The page's くっ... bubble was not read; 尚 (furigana ナオ unseen) shares a character with one entry only.
    const t = createTranslationMapTranslator({ 直ちに向かう: "We're on our way.", 'くっ...': 'Ugh...', 'ナオ尚ーー': 'Furthermore', 対象鬼号: 'Target ID' }, { align: 'order' });
    const reply = await t.translate({ items: ids(['直ちに向かう', '尚', '対象鬼号']), targetLang: 'en' });
    expect(reply.find((r) => r.id === 'b1')?.text).toBe('Furthermore');
    // Three blocks for two entries, two of them sharing 尚 with ナオ尚ーー: no pairing is the only one, all stay unmatched.
    const two = await t.translate({ items: ids(['直ちに向かう', '尚', '川', '尚ー', '対象鬼号']), targetLang: 'en' });
    expect(two.map((r) => r.id)).toEqual(['b0', 'b4']);
  });

  it('never reorders: an entry beyond an anchor is out of reach', async () => {
    // The block between おはよう and いってきます reads like 'なあ、宏也ーー', which this script lists after またね:
    // its gap holds no entry, and the unused entry beyond the anchors is not taken out of order.
    const t = createTranslationMapTranslator({ おはよう: 'Morning.', いってきます: "I'm off.", またね: 'See you.', 'なあ、宏也ーー': 'Hey, Hiroya...' }, { align: 'order' });
    const reply = await t.translate({ items: ids(['おはよう', 'なあぁあ、忠せ', 'いってきます', 'またね']), targetLang: 'en' });
    expect(reply.map((r) => r.id)).toEqual(['b0', 'b2', 'b3']);
  });

  it('does not pair a block with nothing in common with the entry, nor a fragment a third its length', async () => {
    expect((await translate(['おはよう', '川', 'いってきます'], { align: 'order' })).map((r) => r.id)).toEqual(['b0', 'b2']);
    const long = createTranslationMapTranslator({ おはよう: 'Morning.', 'なあ、宏也ーーきょうはいい天気だな': 'Hey Hiroya, nice day.', またね: 'See you.' }, { align: 'order' });
    const reply = await long.translate({ items: ids(['おはよう', 'な', 'またね']), targetLang: 'en' });
    expect(reply.map((r) => r.id)).toEqual(['b0', 'b2']);
  });

  it('needs a matched block: without one nothing says the script is this page\'s', async () => {
    expect(await translate(['なあぁあ、忠せ'], { align: 'order' })).toEqual([]);
  });

  it("keeps a page's first and last blocks to the anchors' own script when scripts are added page by page", async () => {
    const t = createTranslationMapTranslator({}, { align: 'order' });
    t.add({ 'なあ、宏也ーー': 'Hey, Hiroya...', おはよう: 'Morning.' }); // page 1's sidecar
    t.add({ いってきます: "I'm off.", またね: 'See you.' }); // page 2's
    const reply = await t.translate({ items: ids(['なあぁあ、忠せ', 'いってきます', 'またね']), targetLang: 'en' });
    expect(reply.map((r) => r.id)).toEqual(['b1', 'b2']);
  });

  it("rejects an align other than 'none' or 'order' with INVALID_INPUT", () => {
    expect(() => createTranslationMapTranslator({}, { align: 'dtw' as 'order' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
