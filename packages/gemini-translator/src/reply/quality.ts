import { countScripts, scriptsOf, type Script } from './scripts.js';

/** Why one translated item was rejected. @internal */
export type ItemProblem = 'empty' | 'wrong-language' | 'untranslated' | 'repetition' | 'glossary';

/** What the checks need to know about the request. @internal */
export interface QualityContext {
  sourceLang?: string;
  targetLang: string;
  /** Glossary entries (source term, required translation). */
  glossary: ReadonlyArray<readonly [string, string]>;
}

/** NFKC, lower case, no whitespace: the form texts are compared in. @internal */
export function normalizeForCompare(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

// Degenerate decoding loops: one letter ten times in a row, or a unit of 2..40
// characters (with at least two letters) five times in a row ("特价特价特价...").
const LETTER_RUN = /(\p{L})\1{9,}/u;
const UNIT_RUN = /(.{2,40}?)\1{4,}/su;
const LETTERS = /\p{L}/gu;

function repeats(text: string): boolean {
  if (LETTER_RUN.test(text)) return true;
  const match = UNIT_RUN.exec(text);
  return match !== null && (match[1].match(LETTERS)?.length ?? 0) >= 2;
}

function foreignLetters(counts: Map<Script | 'Other', number>, target: readonly Script[]): number {
  let n = 0;
  // Latin letters are allowed in any target: brand names, model codes, units.
  for (const [script, count] of counts) if (script !== 'Latin' && !target.includes(script as Script)) n += count;
  return n;
}

function targetLetters(counts: Map<Script | 'Other', number>, target: readonly Script[]): number {
  let n = 0;
  for (const script of target) n += counts.get(script) ?? 0;
  return n;
}

/** Letters of `text` in scripts that `source` has and the target does not use (Latin aside). */
function leftoverSourceLetters(text: string, source: Map<Script | 'Other', number>, target: readonly Script[]): number {
  let n = 0;
  for (const [script, count] of countScripts(text)) {
    if (script !== 'Latin' && script !== 'Other' && !target.includes(script) && source.has(script)) n += count;
  }
  return n;
}

/** The text without the glossary's required translations, which may be in any script. */
function withoutGlossaryTerms(text: string, context: QualityContext): string {
  let rest = text.normalize('NFKC');
  for (const [, required] of context.glossary) if (required) rest = rest.split(required.normalize('NFKC')).join(' ');
  return rest;
}

/**
 * True when a Latin-only source reads like a phrase a person would translate
 * (ordinary lower-case words), as opposed to a brand, a model code or a label
 * that legitimately stays the same ("iPhone 15 Pro", "USB-C", "SALE").
 */
function latinPhrase(source: string, minWords: number): boolean {
  const words = source.split(/[^\p{L}\p{N}'-]+/u).filter((w) => /^\p{L}{3,}$/u.test(w));
  const lower = words.filter((w) => w === w.toLowerCase());
  return words.length >= minWords && lower.length >= Math.max(1, minWords - 2);
}

/**
 * Checks one translated item. Items that legitimately stay the same (numbers,
 * prices, brand names, model codes) pass; a reply still in the source script,
 * a copy of a sentence, a degenerate repetition or a missed glossary term fail.
 * @internal
 */
export function checkItem(source: string, translation: string, context: QualityContext): ItemProblem | undefined {
  const src = normalizeForCompare(source);
  const out = normalizeForCompare(translation);
  if (out === '' && /[\p{L}\p{N}]/u.test(source)) return 'empty';
  if ((repeats(translation) && !repeats(source)) || translation.length > 10 * source.length + 60) return 'repetition';

  for (const [term, required] of context.glossary) {
    if (src.includes(normalizeForCompare(term)) && !out.includes(normalizeForCompare(required))) return 'glossary';
  }

  const target = scriptsOf(context.targetLang);
  const sameLanguage =
    context.sourceLang !== undefined &&
    context.sourceLang.toLowerCase().split(/[-_]/)[0] === context.targetLang.toLowerCase().split(/[-_]/)[0];
  if (!target || sameLanguage) return undefined;

  const outCounts = countScripts(translation);
  const srcCounts = countScripts(source);
  const srcForeign = foreignLetters(srcCounts, target);
  const outTarget = targetLetters(outCounts, target);
  if (out === src) {
    const keptByGlossary = context.glossary.some(
      ([term, required]) => normalizeForCompare(term) === src && normalizeForCompare(required) === src,
    );
    if (keptByGlossary) return undefined;
    if (srcForeign >= 2) return 'untranslated';
    const latinOnly = (srcCounts.get('Latin') ?? 0) > 0 && srcCounts.size === 1;
    if (latinOnly && latinPhrase(source, target.includes('Latin') ? 4 : 2)) return 'untranslated';
  }
  // Any letter left in a script the source has and the target does not use is
  // source text the model did not translate: "￥1398起" echoed back for English.
  // Numbers and symbols are not letters, and Latin (brand names) is allowed.
  if (leftoverSourceLetters(withoutGlossaryTerms(translation, context), srcCounts, target) > 0) return out === src ? 'untranslated' : 'wrong-language';
  if (outTarget === 0 && foreignLetters(outCounts, target) >= 2) return 'wrong-language';
  // A phrase in another script must come back in the target script: "限时优惠" → "OK" is not a
  // translation (a model obeying text in the image answers like that). Short names may be romanised.
  if (!target.includes('Latin') && srcForeign >= 4 && outTarget === 0) return 'wrong-language';
  // Into a Latin-script language a CJK/Cyrillic/... phrase needs a comparable number of letters.
  if (target.includes('Latin') && srcForeign >= 8 && outTarget < srcForeign / 4) return 'untranslated';

  return undefined;
}

/**
 * Checks a whole reply: every item on its own, plus one batch-level symptom
 * of a model repeating itself: more than half of three or more different
 * sources getting the very same translation.
 * @internal
 */
export function checkItems(
  items: ReadonlyArray<{ id: string; text: string }>,
  texts: ReadonlyMap<string, string>,
  context: QualityContext,
): Map<string, ItemProblem> {
  const problems = new Map<string, ItemProblem>();
  for (const item of items) {
    const problem = checkItem(item.text, texts.get(item.id) ?? '', context);
    if (problem) problems.set(item.id, problem);
  }
  if (items.length >= 3) {
    const sourcesByReply = new Map<string, Set<string>>();
    for (const item of items) {
      const reply = normalizeForCompare(texts.get(item.id) ?? '');
      if (reply === '') continue;
      const set = sourcesByReply.get(reply) ?? new Set<string>();
      set.add(normalizeForCompare(item.text));
      sourcesByReply.set(reply, set);
    }
    for (const [reply, sources] of sourcesByReply) {
      if (sources.size >= 3 && sources.size > items.length / 2) {
        for (const item of items) {
          if (normalizeForCompare(texts.get(item.id) ?? '') === reply) problems.set(item.id, 'repetition');
        }
      }
    }
  }
  return problems;
}
