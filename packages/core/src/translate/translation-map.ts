import { GlossaError } from '../errors.js';
import type { Translator } from '../plugins.js';
import { alignByOrder, editDistance } from './order-alignment.js';

/**
 * A translation script: source text to translation, as people write them for
 * scanlation and agency work (`{"限时特价": "Limited offer"}`).
 *
 * @example
 * ```ts
 * const script: TranslationMap = JSON.parse(await file.text());
 * ```
 */
export type TranslationMap = Readonly<Record<string, string>>;

/** A {@link Translator} backed by translation scripts. */
export interface TranslationMapTranslator extends Translator {
  /** The translation `text` would get, or undefined when no entry matches. */
  match(text: string): string | undefined;
  /** Adds (or overrides) entries, e.g. from a sidecar script found beside an image. */
  add(map: TranslationMap): void;
}

/** Similarity at or above which a text takes an entry's translation, by default. */
const MIN_SIMILARITY = 0.8;

/** Options of {@link createTranslationMapTranslator}. */
export interface TranslationMapOptions {
  /**
   * Similarity (1 − edit distance / longer length, after normalisation) at or
   * above which a text takes an entry's translation; 0..1. Default 0.8. The
   * comic preset uses 0.6: Tesseract's readings of lettering are noisier than
   * PP-OCR's of print, and a page's script holds few entries to confuse.
   */
  minSimilarity?: number;
  /**
   * `'order'`: the script is read in order. A translation request's items
   * (a page's blocks, in reading order) that match no entry by text are
   * aligned with the script by position: between two items that did match
   * (anchors), an unmatched item takes an unused entry lying between the
   * anchors' entries, when the gap holds as many unmatched items as unused
   * entries (paired in order) and the pair shares a character with lengths
   * within 3x, or, in an uneven gap, when the pair is at least 40% similar
   * (or the only such pair for both the item and the entry) and the pairing
   * maximises the summed similarity. Pairs never cross an
   * anchor; before the first anchor and after the last, only entries of the
   * anchor's own script (one `add()`) are candidates, and with no anchor
   * nothing is aligned. Items that cannot be aligned stay unmatched. Default `'none'`,
   * for scripts that are dictionaries in no particular order (posters,
   * glossaries); the comic preset uses `'order'` ({@link COMIC_SCRIPT_OPTIONS}).
   */
  align?: 'none' | 'order';
}

/**
 * Edits a text of `length` characters may differ by and still match: 20% of
 * it, and at least one from three characters on, so one misread character in
 * a four-character slogan ("分类播放" for "分类摇放") still matches.
 */
function allowedEdits(length: number, minSimilarity: number): number {
  return Math.max(length >= 3 ? 1 : 0, Math.floor((1 - minSimilarity) * length + 1e-9));
}

/**
 * A {@link Translator} that looks texts up in a translation script. A block
 * takes an entry's translation when its text matches the entry after
 * normalisation (Unicode NFKC, case, whitespace and punctuation ignored) with
 * a similarity of at least 0.8 (1 − edit distance / longer length), or one
 * edit from three characters on, so OCR slips such as a lost space or one
 * misread character still match; failing that, when the block's text is a
 * sequence of entries, each matched the same way (a block grouped from lines
 * the script lists one by one), it takes their translations joined by
 * spaces. With `align: 'order'`, blocks still unmatched are aligned with
 * the script by their position between matched ones. Unmatched blocks are left out of the reply,
 * which the pipeline records as `untranslated` (their text is not erased).
 *
 * @param map - source text to translation
 * @param options - `minSimilarity` (default 0.8), `align` (default `'none'`)
 * @throws GlossaError `INVALID_INPUT` when `map` is not an object of strings, `minSimilarity` is not in 0..1, or `align` is not `'none'` or `'order'`
 * @example
 * ```ts
 * const translator = createTranslationMapTranslator({ '限时特价': 'Limited offer' });
 * await translator.translate({ items: [{ id: 'b0', text: '限时 特价' }], targetLang: 'en' });
 * // [{ id: 'b0', text: 'Limited offer' }]
 * ```
 */
export function createTranslationMapTranslator(map: TranslationMap = {}, options: TranslationMapOptions = {}): TranslationMapTranslator {
  const minSimilarity = options.minSimilarity ?? MIN_SIMILARITY;
  if (typeof minSimilarity !== 'number' || !(minSimilarity >= 0 && minSimilarity <= 1)) {
    throw new GlossaError('INVALID_INPUT', `Expected a number from 0 to 1 for minSimilarity but received ${String(minSimilarity)}`, { details: { field: 'minSimilarity' } });
  }
  const align = options.align ?? 'none';
  if (align !== 'none' && align !== 'order') {
    throw new GlossaError('INVALID_INPUT', `Expected 'none' or 'order' for align but received ${String(align)}`, { details: { field: 'align' } });
  }
  // `script`: which add() brought the entry (a sidecar per page adds one script per page).
  const entries: Array<{ key: string; translation: string; script: number }> = [];
  let scripts = 0;
  const add = (more: TranslationMap) => {
    if (typeof more !== 'object' || more === null || Array.isArray(more)) {
      throw new GlossaError('INVALID_INPUT', `Expected an object of source text to translation for translator but received ${Array.isArray(more) ? 'an array' : typeof more}`, {
        details: { field: 'translator' },
      });
    }
    for (const [source, translation] of Object.entries(more)) {
      if (typeof translation !== 'string') {
        throw new GlossaError('INVALID_INPUT', `Expected a string translation for '${source}' but received ${typeof translation}`, {
          details: { field: `translator.${source}` },
        });
      }
      const key = normaliseForMatch(source);
      if (!key) continue;
      // A later script overrides an earlier entry for the same text.
      const existing = entries.find((e) => e.key === key);
      if (existing) existing.translation = translation;
      else entries.push({ key, translation, script: scripts });
    }
    scripts++;
  };
  add(map);
  // The entries (by index) a normalised text matches: the closest within reach, else a sequence of them.
  const lookup = (key: string): number[] | undefined => {
    if (!key) return undefined;
    let best: { edits: number; index: number } | undefined;
    for (let index = 0; index < entries.length; index++) {
      const edits = withinEdits(key, entries[index].key, minSimilarity);
      if (edits !== undefined && (!best || edits < best.edits)) best = { edits, index };
      if (edits === 0) break;
    }
    return best ? [best.index] : cover(key, entries, minSimilarity);
  };
  // A Japanese reading with stray Latin letters is tried again without them
  // (only the reading: a script's own `Tシャツ` or `A案` keeps its letters).
  const matchEntries = (key: string): number[] | undefined => {
    if (!key) return undefined;
    const found = lookup(key);
    if (found !== undefined) return found;
    const cleaned = withoutLatinNoise(key);
    return cleaned ? lookup(cleaned) : undefined;
  };
  const translationOf = (indices: readonly number[]) => indices.map((i) => entries[i].translation).join(' ');
  const match = (text: string): string | undefined => {
    const found = matchEntries(normaliseForMatch(text));
    return found && translationOf(found);
  };
  return {
    id: 'translation-map',
    // Unmatched blocks are left out on purpose: the pipeline marks them untranslated.
    partial: true,
    match,
    add,
    async translate({ items }) {
      const keys = items.map(({ text }) => normaliseForMatch(text));
      const matched = keys.map(matchEntries);
      const aligned =
        align === 'order'
          ? alignByOrder(
              keys.map((k) => withoutLatinNoise(k) ?? k),
              matched,
              entries.map((e) => e.key),
              entries.map((e) => e.script),
            )
          : new Map<number, number>();
      return items.flatMap(({ id }, i) => {
        const indices = matched[i] ?? (aligned.has(i) ? [aligned.get(i)!] : undefined);
        return indices ? [{ id, text: translationOf(indices) }] : [];
      });
    },
  };
}

/**
 * NFKC, lower case, without whitespace and punctuation: what a reader would
 * not count as a difference. Japanese kana are folded too: small kana to full
 * size (っ/つ, ゃ/や), katakana to hiragana, and long-vowel marks (ー, 〜)
 * dropped. Letterers and transcribers write these freely (えー/ええ, ーー as
 * a dash), and OCR confuses them (ヘ/へ, リ/り, small kana read full size). @internal
 */
export function normaliseForMatch(text: string): string {
  return foldKana(text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}ー〜]+/gu, ''));
}

/** Small kana that have a full-size kana at the next code point (ぁ/あ ... ゎ/わ, ァ/ア ... ヮ/ワ). */
const SMALL_KANA = new Set('ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ');

function foldKana(text: string): string {
  if (!/[\u3041-\u30ff]/u.test(text)) return text;
  let out = '';
  for (const ch of text) {
    let code = ch.codePointAt(0)!;
    if (SMALL_KANA.has(ch)) code += 1;
    // Katakana ァ..ヶ sit 0x60 above their hiragana.
    if (code >= 0x30a1 && code <= 0x30f6) code -= 0x60;
    out += String.fromCodePoint(code);
  }
  return out;
}

/** Latin letters and digits in a mostly kana/kanji reading: Tesseract's noise on lettering (`あ、おのj…`). */
function withoutLatinNoise(key: string): string | undefined {
  const latin = key.match(/[a-z0-9]/gu)?.length ?? 0;
  if (!latin || !/[\u3041-\u30ff]/u.test(key) || latin * 3 > [...key].length) return undefined;
  return key.replace(/[a-z0-9]/gu, '');
}

/**
 * The translations of entries whose keys, in order, make up `key`, each piece
 * matching its entry within the allowed edits (so a block of several lines,
 * each with an OCR slip, still takes its lines' translations). Fewest edits
 * win, then fewest entries.
 */
function cover(key: string, entries: ReadonlyArray<{ key: string; translation: string }>, minSimilarity: number): number[] | undefined {
  const chars = [...key];
  if (!chars.length) return undefined;
  const keys = entries.map((e) => [...e.key]);
  // best[i]: the cheapest cover of chars[0, i), with the entry that ends there.
  type Step = { edits: number; count: number; from: number; entry: number };
  const best: Array<Step | undefined> = [{ edits: 0, count: 0, from: -1, entry: -1 }];
  const better = (a: Step, b: Step | undefined) => !b || a.edits < b.edits || (a.edits === b.edits && a.count < b.count);
  for (let i = 0; i < chars.length; i++) {
    const here = best[i];
    if (!here) continue;
    entries.forEach((entry, e) => {
      const n = keys[e].length;
      const slack = allowedEdits(n, minSimilarity);
      for (let len = Math.max(1, n - slack); len <= n + slack && i + len <= chars.length; len++) {
        const edits = withinEdits(chars.slice(i, i + len).join(''), entry.key, minSimilarity);
        if (edits === undefined) continue;
        const step = { edits: here.edits + edits, count: here.count + 1, from: i, entry: e };
        if (better(step, best[i + len])) best[i + len] = step;
      }
    });
  }
  const end = best[chars.length];
  if (!end || end.count < 2) return undefined;
  const parts: number[] = [];
  for (let at = chars.length; at > 0; at = best[at]!.from) parts.unshift(best[at]!.entry);
  return parts;
}

/** The edit distance between `a` and `b` when within the allowed edits for the longer one, else undefined. */
function withinEdits(a: string, b: string, minSimilarity: number): number | undefined {
  const x = [...a];
  const y = [...b];
  const budget = allowedEdits(Math.max(x.length, y.length), minSimilarity);
  // Cheap reject: the length difference alone exceeds the budget.
  if (Math.abs(x.length - y.length) > budget) return undefined;
  const distance = editDistance(x, y);
  return distance <= budget ? distance : undefined;
}
