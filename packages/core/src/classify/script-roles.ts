import type { TextBlock } from '../page/page.js';
import { normaliseForMatch } from '../translate/translation-map.js';
import { assertOneOf, invalidParameter, is } from '../validate.js';

/** The roles a translation script can give a text: see {@link ScriptRole}. */
export const SCRIPT_ROLES = ['copy', 'product'] as const;

/** A role a translation script can give a text: `copy` (translate it) or `product` (printed on the product). */
export type ScriptRole = (typeof SCRIPT_ROLES)[number];

/**
 * One entry of a translation script: the translation as a string (the plain
 * form), or an object that may also say what the text is, e.g.
 * `{ "translation": "Gift box", "role": "copy" }` to translate text printed
 * on a box, or `{ "role": "product" }` to keep a text the classifier took
 * for ad copy.
 */
export type TranslationScriptEntry = string | { translation?: string; role?: ScriptRole };

/** A translation script whose entries may carry roles; see {@link TranslationScriptEntry}. */
export type TranslationScript = Readonly<Record<string, TranslationScriptEntry>>;

/** A script split into its translations and its roles. */
export interface SplitTranslationScript {
  /** Source text to translation, for the translator. */
  translations: Record<string, string>;
  /** Source text to role, for {@link applyScriptRoles}. */
  roles: Record<string, ScriptRole>;
}

/**
 * Splits a translation script into plain translations and per-text roles,
 * checking every entry.
 *
 * @param script - source text to a translation string or `{ translation?, role? }`
 * @param field - the option name errors should mention; default `translations`
 * @throws GlossaError `INVALID_INPUT` naming the entry (`details.field`) when a value is neither a string nor such an object, or a role is not `copy` or `product`
 * @example
 * ```ts
 * const { translations, roles } = splitTranslationScript({ '限时特价': 'Limited offer', '礼盒装': { translation: 'Gift box', role: 'copy' } });
 * ```
 */
export function splitTranslationScript(script: unknown, field = 'translations'): SplitTranslationScript {
  if (!is.object(script)) throw invalidParameter(field, 'an object of source text to translation', script);
  const translations: Record<string, string> = {};
  const roles: Record<string, ScriptRole> = {};
  for (const [source, entry] of Object.entries(script)) {
    const name = `${field}['${source}']`;
    if (is.string(entry)) {
      translations[source] = entry;
      continue;
    }
    if (!is.object(entry)) throw invalidParameter(name, 'a translation string or { translation, role }', entry);
    const { translation, role } = entry;
    if (translation !== undefined && !is.string(translation)) throw invalidParameter(`${name}.translation`, 'a string', translation);
    if (role !== undefined) roles[source] = assertOneOf(`${name}.role`, role, SCRIPT_ROLES);
    if (translation !== undefined) translations[source] = translation;
  }
  return { translations, roles };
}

/**
 * Gives blocks the roles a script set for their text, so the classifier
 * leaves them as the script says. A block takes a role when its text, or
 * one of its lines, equals the entry after normalisation (Unicode NFKC, case,
 * whitespace and punctuation ignored).
 *
 * @param blocks - the page's blocks
 * @param roles - source text to role, from {@link splitTranslationScript}
 * @returns new blocks; those without a matching entry unchanged
 * @example
 * ```ts
 * const blocks = classifyBlocks(applyScriptRoles(createBlocks(lines), roles), image);
 * ```
 */
export function applyScriptRoles(blocks: readonly TextBlock[], roles: Readonly<Record<string, ScriptRole>>): TextBlock[] {
  const byKey = new Map<string, ScriptRole>();
  for (const [source, role] of Object.entries(roles)) {
    const key = normaliseForMatch(source);
    if (key) byKey.set(key, role);
  }
  if (byKey.size === 0) return [...blocks];
  return blocks.map((block) => {
    const role = [block.sourceText, ...block.lines.map((l) => l.text)].map((t) => byKey.get(normaliseForMatch(t))).find((r) => r !== undefined);
    return role ? { ...block, role } : block;
  });
}
