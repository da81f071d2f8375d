// Line breaking per script. Text is cut into "atoms" (pieces that must not be
// split unless nothing else fits), then atoms are packed greedily into lines.
// One atomiser covers mixed text: CJK ideographs and kana break between any
// two characters, Hangul and Latin break at spaces (eojeol / words), and
// kinsoku punctuation is glued to its neighbour so no line starts with a
// closing mark or ends with an opening one.

/** One unbreakable piece of text and whether a space separated it from the previous piece. @internal */
export interface Atom {
  text: string;
  spaceBefore: boolean;
}

/** Breaking rules that depend on the language rather than the characters. */
export type BreakScript = 'latin' | 'korean' | 'cjk';

/**
 * The breaking rules for a BCP 47 language tag: `cjk` for Chinese and Japanese
 * (per character, kinsoku), `korean` (at spaces between eojeol, syllables as
 * a fallback), `latin` for everything else (words, hyphenation as a last resort).
 *
 * @param lang - BCP 47 tag such as `ko`, `zh-Hans`, `en-US`
 * @example
 * ```ts
 * breakScriptFor('ja'); // 'cjk'
 * ```
 */
export function breakScriptFor(lang: string | undefined): BreakScript {
  const base = baseLang(lang);
  if (base === 'zh' || base === 'ja' || base === 'yue') return 'cjk';
  if (base === 'ko') return 'korean';
  return 'latin';
}

/** `zh-Hans-CN` → `zh`. @internal */
export function baseLang(lang: string | undefined): string {
  return (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
}

/** Characters that may not start a line (closing punctuation, small kana, prolonged sound mark, iteration marks). @internal */
export const NO_LINE_START = new Set([
  ...')]}>,.!?:;%\u2019\u201d\u2026\u2025',
  ...'、。，．・：；？！）」』】〕〉》〗〙〟｝］｠〞゠ー〜～',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ',
  ...'％‰℃°',
]);

/** Characters that may not end a line (opening brackets and quotes, currency signs that prefix numbers). @internal */
export const NO_LINE_END = new Set([...'([{<\u2018\u201c', ...'（「『【〔〈《〖〘〝｛［｟', ...'￥＄¥$£€＃#']);

// Ideographs, kana, CJK punctuation and fullwidth forms break between any two characters.
const CJK_CHAR =
  /[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFEF]|[\u{20000}-\u{3FFFF}]/u;

// Languages written without spaces between words that are not CJK: let the
// word segmenter find break opportunities.
const SEGMENTED_LANGS = new Set(['th', 'lo', 'km', 'my']);

let graphemeSegmenter: Intl.Segmenter | undefined | null;

/** Splits text into user-perceived characters (combining marks and emoji stay whole). @internal */
export function graphemes(text: string): string[] {
  if (graphemeSegmenter === undefined) {
    graphemeSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  if (!graphemeSegmenter) return Array.from(text);
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/** Cuts one paragraph into atoms for `lang`. @internal */
export function toAtoms(paragraph: string, lang: string | undefined): Atom[] {
  const raw: Atom[] = [];
  const words = paragraph.split(/[ \t\u00a0\u3000]+/u).filter((w) => w.length > 0);
  const base = baseLang(lang);
  const wordSegmenter =
    SEGMENTED_LANGS.has(base) && typeof Intl !== 'undefined' && 'Segmenter' in Intl
      ? new Intl.Segmenter(base, { granularity: 'word' })
      : null;
  for (const word of words) {
    let first = true;
    const push = (text: string): void => {
      if (!text) return;
      raw.push({ text, spaceBefore: first && raw.length > 0 });
      first = false;
    };
    if (wordSegmenter) {
      for (const s of wordSegmenter.segment(word)) push(s.segment);
      continue;
    }
    // Inside a space-free word, CJK characters are atoms of their own; runs
    // of anything else (Latin, digits, Hangul) stay together.
    let run = '';
    for (const g of graphemes(word)) {
      if (CJK_CHAR.test(g)) {
        push(run);
        run = '';
        push(g);
      } else {
        run += g;
      }
    }
    push(run);
  }
  return applyKinsoku(raw);
}

/** Glues atoms so that forbidden line starts and ends cannot happen at an atom boundary. @internal */
function applyKinsoku(atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (const atom of atoms) {
    const prev = out[out.length - 1];
    if (prev && !atom.spaceBefore) {
      const firstChar = graphemes(atom.text)[0];
      const prevChars = graphemes(prev.text);
      const lastChar = prevChars[prevChars.length - 1];
      if (NO_LINE_START.has(firstChar) || NO_LINE_END.has(lastChar)) {
        prev.text += atom.text;
        continue;
      }
    }
    out.push({ ...atom });
  }
  return out;
}

/** How {@link breakLines} measures and what it may do. */
export interface BreakOptions {
  /** Width available to each line, in the units `measure` returns. */
  maxWidth: number;
  /** Advance of a string (for vertical text: its column height). */
  measure: (text: string) => number;
  /** Target language (BCP 47); decides hyphenation. */
  lang?: string;
  /**
   * Whether an atom wider than a line may be split (a hyphen for Latin words,
   * between syllables for Korean). When false, {@link breakLines} returns
   * `null` instead, so a size search can prefer a smaller size over a split.
   */
  allowSplit: boolean;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (except a single
 * character that alone is wider). Explicit newlines are kept as breaks.
 *
 * @returns the lines, or `null` when a word does not fit and `allowSplit` is false
 * @example
 * ```ts
 * breakLines('Limited time offer', { maxWidth: 100, measure: (s) => s.length * 10, lang: 'en', allowSplit: false });
 * // ['Limited', 'time offer']
 * ```
 */
export function breakLines(text: string, options: BreakOptions): string[] | null {
  const { maxWidth, measure, lang, allowSplit } = options;
  const hyphenate = breakScriptFor(lang) === 'latin';
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const atoms = toAtoms(paragraph, lang);
    let current = '';
    for (const atom of atoms) {
      const candidate = current ? current + (atom.spaceBefore ? ' ' : '') + atom.text : atom.text;
      if (measure(candidate) <= maxWidth) {
        current = candidate;
        continue;
      }
      if (current) {
        lines.push(current);
        current = '';
      }
      if (measure(atom.text) <= maxWidth) {
        current = atom.text;
        continue;
      }
      if (!allowSplit) return null;
      const pieces = splitAtom(atom.text, maxWidth, measure, hyphenate);
      lines.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1];
    }
    if (current || atoms.length === 0) lines.push(current);
  }
  return lines;
}

/** Splits an over-long atom into pieces that fit, hyphenating between two letters of a Latin word. @internal */
function splitAtom(text: string, maxWidth: number, measure: (t: string) => number, hyphenate: boolean): string[] {
  const chars = graphemes(text);
  const pieces: string[] = [];
  let start = 0;
  // Whether chars[start, end) fits on a line, with the hyphen it would need.
  const fits = (start: number, end: number): boolean => {
    const piece = chars.slice(start, end).join('');
    const needsHyphen = hyphenate && end < chars.length && isLetter(chars[end - 1]) && isLetter(chars[end]);
    return measure(needsHyphen ? piece + '-' : piece) <= maxWidth;
  };
  while (start < chars.length) {
    // The longest piece that fits, by bisection (a piece's advance grows with
    // its length): log(n) measurements per line rather than one per character.
    let end = start + 1; // at least one character per line, even if it alone is too wide
    let over = chars.length + 1;
    for (let step = 1; end + step < over; step *= 2) {
      if (fits(start, end + step)) end += step;
      else over = end + step;
    }
    while (over - end > 1) {
      const mid = (end + over) >>> 1;
      if (fits(start, mid)) end = mid;
      else over = mid;
    }
    // Inside a word, step back (at most three letters) to where a hyphen reads well.
    if (hyphenate && end < chars.length && isLetter(chars[end - 1]) && isLetter(chars[end])) end = hyphenPoint(chars, start, end);
    let piece = chars.slice(start, end).join('');
    if (hyphenate && end < chars.length && isLetter(chars[end - 1]) && isLetter(chars[end])) piece += '-';
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

/** Letter pairs that spell one sound: a hyphen between them misleads the reader. */
const DIGRAPHS = new Set(['th', 'ch', 'sh', 'ph', 'wh', 'gh', 'ck', 'ng', 'qu']);
const VOWEL = /[aeiouyàáâäèéêëìíîïòóôöùúûü]/i;

/**
 * The best place at or before `end` (and after `start`) to hyphenate the word
 * that `end` falls in, or `end` itself when no better one is near. A hyphen
 * leaves at least `minBefore` (two) letters before it and three after, never splits a
 * digraph, and prefers a syllable-like boundary: between two consonants
 * (`fur-ther`) or before a consonant that starts a syllable (`o-ver`).
 * @internal
 */
export function hyphenPoint(chars: readonly string[], start: number, end: number, minBefore = 2): number {
  const score = (at: number): number => {
    let before = 0;
    for (let k = at - 1; k >= start && isLetter(chars[k]); k--) before++;
    let after = 0;
    for (let k = at; k < chars.length && isLetter(chars[k]); k++) after++;
    if (before < minBefore || after < 3) return -1;
    const left = chars[at - 1].toLowerCase();
    const right = chars[at].toLowerCase();
    if (DIGRAPHS.has(left + right)) return -1;
    const consonant = (ch: string | undefined) => ch !== undefined && isLetter(ch) && !VOWEL.test(ch);
    if (consonant(left) && consonant(right)) return 2;
    if (!consonant(left) && consonant(right) && chars[at + 1] !== undefined && VOWEL.test(chars[at + 1])) return 2;
    return consonant(right) ? 1 : 0;
  };
  let best = end;
  let bestScore = -1;
  for (let at = end; at > start + 1 && at >= end - 3; at--) {
    const s = score(at);
    if (s > bestScore) {
      best = at;
      bestScore = s;
    }
  }
  return bestScore >= 0 ? best : end;
}

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}
