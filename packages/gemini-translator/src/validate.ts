import { GlossaError } from '@glossa/core';

/**
 * Argument errors worded like core's `validate.ts` ("Expected X for name but
 * received Y of type T"); core does not export those helpers from its index,
 * so this package carries the two it needs.
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

/** Type predicates. @internal */
export const is = {
  object: (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v),
  number: (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v),
  integer: (v: unknown): v is number => Number.isInteger(v),
  string: (v: unknown): v is string => typeof v === 'string',
  inRange: (v: number, min: number, max: number): boolean => v >= min && v <= max,
};
