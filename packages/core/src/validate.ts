import { GlossaError } from './errors.js';

/**
 * Argument checks shared by every package, so messages read the same everywhere:
 * "Expected positive integer for width but received -3 of type number".
 * @internal
 */
export function invalidParameter(name: string, expected: string, actual: unknown): GlossaError {
  const shown = typeof actual === 'string' ? `'${actual}'` : Array.isArray(actual) ? 'an array' : String(actual);
  return new GlossaError(
    'INVALID_INPUT',
    `Expected ${expected} for ${name} but received ${shown} of type ${actual === null ? 'null' : typeof actual}`,
    { details: { field: name } },
  );
}

/** @internal */
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

/** Throws INVALID_INPUT unless `value` is an integer in [min, max]. @internal */
export function assertIntegerInRange(name: string, value: unknown, min: number, max: number): number {
  if (!is.integer(value) || !is.inRange(value as number, min, max)) {
    throw invalidParameter(name, `integer between ${min} and ${max}`, value);
  }
  return value as number;
}

/** Throws INVALID_INPUT unless `value` is one of `choices`. @internal */
export function assertOneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!is.inArray(value, choices)) throw invalidParameter(name, `one of ${choices.join(', ')}`, value);
  return value as T;
}
