// Joining the text of OCR lines into one block text for translation. Line
// breaks in a block are layout, not meaning: CJK text continues without a
// separator, other scripts get one space, and a word hyphenated across a
// line break is re-joined.

// Han, kana, Hangul, CJK punctuation and full-width forms. Chinese and Japanese are
// written without spaces; Korean separates words with spaces, and a Korean line
// break is nearly always between words, so Hangul is joined with a space.
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;
const CJK = /[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
const CJK_GLOBAL = new RegExp(CJK.source, 'gu');

/** True when `ch` (one character) belongs to a script written without spaces. @internal */
export function isCjkChar(ch: string): boolean {
  return CJK.test(ch);
}

/** How many characters of `text` are CJK. @internal */
export function cjkCount(text: string): number {
  return text.match(CJK_GLOBAL)?.length ?? 0;
}

/**
 * Joins pieces of text that follow each other in reading order: nothing
 * next to Chinese or Japanese, a hyphenated Latin word re-joined, one space
 * otherwise (Korean included). Pieces are trimmed; empty ones are skipped.
 * @internal
 */
export function joinTexts(pieces: readonly string[]): string {
  let out = '';
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    if (!out) {
      out = piece;
      continue;
    }
    const last = out[out.length - 1];
    const first = piece[0];
    if (HANGUL.test(last) || HANGUL.test(first)) {
      out += ' ' + piece;
    } else if (isCjkChar(last) || isCjkChar(first)) {
      // Between Chinese/Japanese and Latin or digits no space either: "限时5折", "Apple官方".
      out += piece;
    } else if (last === '-' && /\p{Ll}/u.test(first) && /\p{L}/u.test(out[out.length - 2] ?? '')) {
      out = out.slice(0, -1) + piece;
    } else {
      out += ' ' + piece;
    }
  }
  return out;
}
