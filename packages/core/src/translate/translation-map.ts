import { GlossaError } from '../errors.js';
import type { Translator } from '../plugins.js';

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

/** Similarity at or above which a text takes an entry's translation. */
const MIN_SIMILARITY = 0.8;

/**
 * A {@link Translator} that looks texts up in a translation script. A block
 * takes an entry's translation when its text matches the entry after
 * normalisation (Unicode NFKC, case, whitespace and punctuation ignored) with
 * a similarity of at least 0.8 (1 − edit distance / longer length), so OCR
 * slips such as a lost space or one misread character still match; failing
 * that, when the block's text is a sequence of entries (a block grouped from
 * lines the script lists one by one), it takes their translations joined by
 * spaces. Unmatched blocks are left out of the reply,
 * which the pipeline records as `untranslated` (their text is not erased).
 *
 * @param map - source text to translation
 * @throws GlossaError `INVALID_INPUT` when `map` is not an object of strings
 * @example
 * ```ts
 * const translator = createTranslationMapTranslator({ '限时特价': 'Limited offer' });
 * await translator.translate({ items: [{ id: 'b0', text: '限时 特价' }], targetLang: 'en' });
 * // [{ id: 'b0', text: 'Limited offer' }]
 * ```
 */
export function createTranslationMapTranslator(map: TranslationMap = {}): TranslationMapTranslator {
  const entries: Array<{ key: string; translation: string }> = [];
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
      else entries.push({ key, translation });
    }
  };
  add(map);
  const lookup = (text: string): string | undefined => {
    const key = normaliseForMatch(text);
    if (!key) return undefined;
    let best: { score: number; translation: string } | undefined;
    for (const entry of entries) {
      const score = similarity(key, entry.key);
      if (score >= MIN_SIMILARITY && (!best || score > best.score)) best = { score, translation: entry.translation };
      if (score === 1) break;
    }
    return best?.translation;
  };
  const match = (text: string): string | undefined => lookup(text) ?? cover(normaliseForMatch(text), entries);
  return {
    id: 'translation-map',
    // Unmatched blocks are left out on purpose: the pipeline marks them untranslated.
    partial: true,
    match,
    add,
    async translate({ items }) {
      return items.flatMap(({ id, text }) => {
        const translation = match(text);
        return translation === undefined ? [] : [{ id, text: translation }];
      });
    },
  };
}

/** NFKC, lower case, without whitespace and punctuation: what a reader would not count as a difference. @internal */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The translations of entries whose keys, in order, make up `key` exactly; shortest cover wins. */
function cover(key: string, entries: ReadonlyArray<{ key: string; translation: string }>): string | undefined {
  if (!key) return undefined;
  // best[i]: fewest entries covering key[0, i), with the entry that ends there.
  const best: Array<{ count: number; from: number; translation: string } | undefined> = [{ count: 0, from: -1, translation: '' }];
  for (let i = 0; i < key.length; i++) {
    const here = best[i];
    if (!here) continue;
    for (const entry of entries) {
      if (!key.startsWith(entry.key, i)) continue;
      const end = i + entry.key.length;
      if (!best[end] || best[end]!.count > here.count + 1) best[end] = { count: here.count + 1, from: i, translation: entry.translation };
    }
  }
  if (!best[key.length] || best[key.length]!.count < 2) return undefined;
  const parts: string[] = [];
  for (let at = key.length; at > 0; at = best[at]!.from) parts.unshift(best[at]!.translation);
  return parts.join(' ');
}

function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  // Cheap reject: the length difference alone exceeds the budget.
  if (Math.abs(x.length - y.length) > (1 - MIN_SIMILARITY) * longest) return 0;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[y.length] / longest;
}
