import { invalidParameter } from '../validate.js';

/**
 * Whether `value` is a well-formed BCP 47 language tag (`ko`, `en`, `zh-Hant`,
 * `pt-BR`). Tags name files (`poster.ko.json`) and go into prompts, so anything
 * else, such as `x/../../outside/leak`, is refused.
 *
 * @param value - the candidate tag
 * @example
 * ```ts
 * isLanguageTag('zh-Hant'); // true
 * isLanguageTag('../etc'); // false
 * ```
 */
export function isLanguageTag(value: unknown): value is string {
  // Letters, digits and hyphens only, whatever Intl accepts besides.
  if (typeof value !== 'string' || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/**
 * Returns `value` when it is a BCP 47 language tag.
 *
 * @param name - the parameter, for the message (`to`, `--to`)
 * @param value - the candidate tag
 * @throws GlossaError `INVALID_INPUT` naming the parameter otherwise
 * @example
 * ```ts
 * const to = assertLanguageTag('to', options.to);
 * ```
 */
export function assertLanguageTag(name: string, value: unknown): string {
  if (!isLanguageTag(value)) throw invalidParameter(name, 'a BCP 47 language tag such as ko, en, ja or zh-Hant', value);
  return value;
}
