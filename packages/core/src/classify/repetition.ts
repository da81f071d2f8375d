import type { TextBlock } from '../page/page.js';
import { normaliseForMatch } from '../translate/translation-map.js';

/**
 * For each block, how many other blocks on the page say the same thing (after
 * normalisation, at least two letters long): a brand printed on several
 * identical products repeats; ad copy rarely does.
 * @internal
 */
export function repetitions(blocks: readonly TextBlock[]): number[] {
  const keys = blocks.map((b) => normaliseForMatch(b.sourceText));
  const counts = new Map<string, number>();
  for (const k of keys) if ([...k].length >= 2) counts.set(k, (counts.get(k) ?? 0) + 1);
  return keys.map((k) => Math.max(0, (counts.get(k) ?? 1) - 1));
}
