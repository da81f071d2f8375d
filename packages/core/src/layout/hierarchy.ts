// Relative size across blocks. A designer sets a title larger than the line
// under it; each block's size search alone may undo that (a long translation
// of the title shrinks, a short one of the caption grows to its cap). After
// every block is fitted, a block whose source is markedly smaller than
// another's is capped below that one's fitted size, so the title stays larger.
import type { TextBlock } from '../page/page.js';

/** Source text sizes this far apart (ratio) must keep their order after fitting. */
export const HIERARCHY_RATIO = 1.5;
// The smaller element is set at least this much smaller than the larger one, so the step stays visible.
const STEP = 1.15;

/**
 * For each block that must shrink to stay under a larger element, the size it
 * may have at most (at least `minSize`, which is never undercut); blocks that
 * already keep the order are absent.
 * @internal
 */
export function hierarchyCaps(blocks: readonly TextBlock[], minSize: number): Map<number, number> {
  const caps = new Map<number, number>();
  blocks.forEach((small, i) => {
    if (!small.layout) return;
    let cap = Infinity;
    for (const big of blocks) {
      if (big === small || !big.layout || big.style.fontSize < HIERARCHY_RATIO * small.style.fontSize) continue;
      cap = Math.min(cap, big.layout.fontSize / STEP);
    }
    cap = Math.max(cap, minSize);
    if (small.layout.fontSize > cap + 0.25) caps.set(i, cap);
  });
  return caps;
}
