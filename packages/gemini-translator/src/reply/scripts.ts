/**
 * Writing-system bookkeeping for the "wrong language" check. Unicode script
 * properties in regular expressions are ES2018, so this runs in every runtime.
 * @internal
 */
export type Script =
  | 'Latin' | 'Han' | 'Hangul' | 'Kana' | 'Cyrillic' | 'Arabic' | 'Hebrew' | 'Greek' | 'Thai' | 'Devanagari';

const SCRIPT_PATTERNS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];

const LETTER = /\p{L}/u;

/** Letters of each script in `text` (other characters are ignored). @internal */
export function countScripts(text: string): Map<Script | 'Other', number> {
  const counts = new Map<Script | 'Other', number>();
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    // The prolonged-sound mark and iteration marks are "Common"; they only occur with kana/kanji.
    const script = SCRIPT_PATTERNS.find(([, re]) => re.test(ch))?.[0] ?? (ch === 'ー' ? 'Kana' : 'Other');
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

const BY_LANGUAGE: Readonly<Record<string, readonly Script[]>> = {
  zh: ['Han'], ja: ['Han', 'Kana'], ko: ['Hangul'],
  ru: ['Cyrillic'], uk: ['Cyrillic'], be: ['Cyrillic'], bg: ['Cyrillic'], sr: ['Cyrillic', 'Latin'], mk: ['Cyrillic'],
  kk: ['Cyrillic'], mn: ['Cyrillic'],
  ar: ['Arabic'], fa: ['Arabic'], ur: ['Arabic'], he: ['Hebrew'], el: ['Greek'], th: ['Thai'],
  hi: ['Devanagari'], mr: ['Devanagari'], ne: ['Devanagari'],
};

const LATIN_LANGUAGES = new Set([
  'en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'no', 'nb', 'nn', 'da', 'fi', 'is', 'pl', 'cs', 'sk', 'sl', 'hr',
  'bs', 'hu', 'ro', 'tr', 'vi', 'id', 'ms', 'tl', 'fil', 'sw', 'ca', 'eu', 'gl', 'et', 'lv', 'lt', 'sq', 'af', 'cy',
  'ga', 'mt', 'az', 'uz', 'eo', 'la',
]);

/**
 * The scripts a text in `lang` (BCP 47) is written in, or undefined when the
 * language is not known here (then no script check is made).
 * @internal
 */
export function scriptsOf(lang: string | undefined): readonly Script[] | undefined {
  if (!lang) return undefined;
  const primary = lang.toLowerCase().split(/[-_]/)[0];
  if (BY_LANGUAGE[primary]) return BY_LANGUAGE[primary];
  if (LATIN_LANGUAGES.has(primary)) return ['Latin'];
  return undefined;
}
