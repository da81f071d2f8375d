import { GlossaError } from './errors.js';

/**
 * The argument error every package throws, so messages read the same
 * everywhere: "Expected positive integer for width but received -3 of type number".
 *
 * @param name - the parameter or option, as the caller wrote it (`options.quality`)
 * @param expected - what was expected, starting lower case (`integer between 1 and 100`)
 * @param actual - what arrived (shown quoted when a string; never a secret)
 * @returns a `GlossaError` with code `INVALID_INPUT` and `details.field` = `name`
 * @example
 * ```ts
 * if (!is.positiveInteger(width)) throw invalidParameter('width', 'positive integer', width);
 * ```
 */
export function invalidParameter(name: string, expected: string, actual: unknown): GlossaError {
  const shown = typeof actual === 'string' ? `'${actual}'` : Array.isArray(actual) ? 'an array' : String(actual);
  return new GlossaError(
    'INVALID_INPUT',
    `Expected ${expected} for ${name} but received ${shown} of type ${actual === null ? 'null' : typeof actual}`,
    { details: { field: name } },
  );
}

/**
 * Tiny type predicates for argument checks, paired with {@link invalidParameter}.
 *
 * @example
 * ```ts
 * if (!is.number(quality) || !is.inRange(quality, 1, 100)) throw invalidParameter('quality', 'number between 1 and 100', quality);
 * ```
 */
export const is = {
  defined: (v: unknown): boolean => v !== undefined && v !== null,
  object: (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v),
  number: (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v),
  integer: (v: unknown): v is number => Number.isInteger(v),
  positiveInteger: (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0,
  string: (v: unknown): v is string => typeof v === 'string',
  inRange: (v: number, min: number, max: number): boolean => v >= min && v <= max,
  inArray: <T>(v: unknown, list: readonly T[]): v is T => list.includes(v as T),
};

/**
 * Throws `INVALID_INPUT` unless `value` is an integer in [min, max].
 *
 * @param name - the parameter, for the message
 * @param value - what arrived
 * @param min - smallest allowed
 * @param max - largest allowed
 * @returns `value`, typed
 * @example
 * ```ts
 * const threads = assertIntegerInRange('threads', options.threads, 1, 64);
 * ```
 */
export function assertIntegerInRange(name: string, value: unknown, min: number, max: number): number {
  if (!is.integer(value) || !is.inRange(value as number, min, max)) {
    throw invalidParameter(name, `integer between ${min} and ${max}`, value);
  }
  return value as number;
}

/**
 * Throws `INVALID_INPUT` unless `value` is one of `choices`.
 *
 * @param name - the parameter, for the message
 * @param value - what arrived
 * @param choices - the allowed values
 * @returns `value`, typed
 * @example
 * ```ts
 * const device = assertOneOf('device', options.device, NODE_DEVICES);
 * ```
 */
export function assertOneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!is.inArray(value, choices)) throw invalidParameter(name, `one of ${choices.join(', ')}`, value);
  return value as T;
}
