import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a positive integer option. @internal */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`Expected a positive integer but received '${value}'.`);
  }
  return n;
}
