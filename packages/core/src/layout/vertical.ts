// Vertical CJK text uses the presentation forms of punctuation that sit in
// the right place of a vertical cell (Unicode's CJK Compatibility Forms and
// Vertical Forms blocks), so a renderer can draw each character upright.

const VERTICAL_FORMS: Readonly<Record<string, string>> = {
  '、': '\uFE11', '。': '\uFE12', '，': '\uFE10', '：': '\uFE13', '；': '\uFE14', '！': '\uFE15', '？': '\uFE16',
  '「': '\uFE41', '」': '\uFE42', '『': '\uFE43', '』': '\uFE44', '（': '\uFE35', '）': '\uFE36', '(': '\uFE35', ')': '\uFE36',
  '【': '\uFE3B', '】': '\uFE3C', '《': '\uFE3D', '》': '\uFE3E', '〈': '\uFE3F', '〉': '\uFE40', '〔': '\uFE39', '〕': '\uFE3A',
  '｛': '\uFE37', '｝': '\uFE38', '〖': '\uFE17', '〗': '\uFE18', '…': '\uFE19', '‥': '\uFE30', 'ー': '\uFE31', '—': '\uFE31',
  '–': '\uFE32', '＿': '\uFE33', '～': '\u2E2F',
};

const HORIZONTAL_FORMS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(VERTICAL_FORMS)
    .filter(([h]) => h !== '(' && h !== ')' && h !== '—')
    .map(([h, v]) => [v, h]),
);

/**
 * Replaces punctuation with its vertical presentation form
 * (`、。「」` → `︑︒﹁﹂`), for text set in vertical columns.
 *
 * @param text - horizontal text
 * @example
 * ```ts
 * toVerticalForms('「はい。」'); // '﹁はい︒﹂'
 * ```
 */
export function toVerticalForms(text: string): string {
  let out = '';
  for (const ch of text) out += VERTICAL_FORMS[ch] ?? ch;
  return out;
}

/**
 * Undoes {@link toVerticalForms}: vertical presentation forms back to the
 * ordinary characters (for search, copy and comparing with a translation).
 *
 * @param text - text that may contain vertical forms
 * @example
 * ```ts
 * fromVerticalForms('﹁はい︒﹂'); // '「はい。」'
 * ```
 */
export function fromVerticalForms(text: string): string {
  let out = '';
  for (const ch of text) out += HORIZONTAL_FORMS[ch] ?? ch;
  return out;
}
