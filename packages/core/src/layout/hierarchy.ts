// Relative size across blocks. A designer sets a title larger than the line
// under it; each block's size search alone may undo that (a long translation
// of the title shrinks, a short one of the caption grows to its cap). After
// every block is fitted, a block whose source is markedly smaller than
// another's is capped below that one's fitted size, so the title stays larger:
// 1.5x apart keeps a clear step, 1.2x apart at least the order.
import type { TextBlock } from '../page/page.js';

/** Source text sizes this far apart (ratio) keep a visible step after fitting. */
export const HIERARCHY_RATIO = 1.5;
// The smaller element is then set at least this much smaller than the larger one.
const STEP = 1.15;
// Sizes this far apart (a line of about 25 px beside one of 30) keep at least their order.
const ORDER_RATIO = 1.2;
const ORDER_STEP = 1.05;

/**
 * For each block that must shrink to stay under a larger element, the size it
 * may have at most (at least `minSize`, which is never undercut); blocks that
 * already keep the order are absent.
 * @internal
 */
export function hierarchyCaps(blocks: readonly TextBlock[], minSize: number): Map<number, number> {
  const caps = new Map<number, number>();
  // Laid-out blocks by source size, with the smallest fitted size among those
  // at least as large: each block's bound is a binary search, not a scan of
  // every other block (a page may have thousands).
  const laid = blocks.filter((b) => b.layout).sort((a, b) => a.style.fontSize - b.style.fontSize);
  const smallestFrom = new Array<number>(laid.length + 1).fill(Infinity);
  for (let k = laid.length - 1; k >= 0; k--) smallestFrom[k] = Math.min(smallestFrom[k + 1], laid[k].layout!.fontSize);
  // The smallest fitted size among blocks whose source is at least `threshold`.
  const smallestAtLeast = (threshold: number): number => {
    let lo = 0;
    let hi = laid.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (laid[mid].style.fontSize < threshold) lo = mid + 1;
      else hi = mid;
    }
    return smallestFrom[lo];
  };
  blocks.forEach((small, i) => {
    if (!small.layout) return;
    const source = small.style.fontSize;
    const bound = Math.min(smallestAtLeast(HIERARCHY_RATIO * source) / STEP, smallestAtLeast(ORDER_RATIO * source) / ORDER_STEP);
    const cap = Math.max(bound, minSize);
    if (small.layout.fontSize > cap + 0.25) caps.set(i, cap);
  });
  return caps;
}
