// Drop shadows: a second ink colour that sits on one side of the glyphs only
// (an outline surrounds them). Read from where the second colour's pixels lie
// against the fill's: a shadow's visible sliver is found by stepping from each
// of its pixels back towards the fill in one direction.
import type { Rgb } from './color.js';

/** A drop shadow in source pixels. @internal */
export interface InferredShadow {
  color: Rgb;
  offsetX: number;
  offsetY: number;
}

/**
 * The shadow when the pixels of `second` lie on one side of those of `fill`,
 * offset by less than a quarter of the text size; else undefined.
 *
 * @param fill - the glyphs' colour
 * @param second - the candidate shadow colour
 * @param background - the colour behind the glyphs
 * @param isFill - whether pixel `k` of the `bw` x `bh` ink map is fill
 * @param isSecond - whether pixel `k` is the second colour
 * @internal
 */
export function inferShadow(
  fill: Rgb,
  second: Rgb,
  background: Rgb,
  isFill: (k: number) => boolean,
  isSecond: (k: number) => boolean,
  bw: number,
  bh: number,
  fontSize: number,
): InferredShadow | undefined {
  // A colour between the fill and the background is their anti-aliased (or JPEG) blend at the glyph edges.
  if (dist(fill, second) + dist(second, background) <= 1.2 * dist(fill, background)) return undefined;
  let fx = 0, fy = 0, fn = 0, sx = 0, sy = 0, sn = 0;
  for (let k = 0; k < bw * bh; k++) {
    const x = k % bw;
    const y = (k - x) / bw;
    if (isFill(k)) {
      fx += x; fy += y; fn++;
    } else if (isSecond(k)) {
      sx += x; sy += y; sn++;
    }
  }
  if (!fn || !sn) return undefined;
  const dx = sx / sn - fx / fn;
  const dy = sy / sn - fy / fn;
  const d = Math.hypot(dx, dy);
  if (d < 0.5 || d > 0.25 * fontSize) return undefined;
  // The direction the shadow falls in: of the eight whole steps, the one from
  // which most of the second colour's pixels reach the fill by stepping back.
  const maxWalk = Math.max(2, Math.round(0.25 * fontSize));
  // Lengths of the walks back to the fill from the second colour's pixels, stepping by (-stepX, -stepY).
  const walksAlong = (stepX: number, stepY: number, limit = maxWalk): number[] => {
    const walks: number[] = [];
    for (let k = 0; k < bw * bh; k++) {
      if (!isSecond(k)) continue;
      const x = k % bw;
      const y = (k - x) / bw;
      for (let n = 1; n <= limit; n++) {
        const px = x - n * stepX;
        const py = y - n * stepY;
        if (px < 0 || py < 0 || px >= bw || py >= bh) break;
        if (isFill(py * bw + px)) {
          walks.push(n);
          break;
        }
      }
    }
    return walks;
  };
  let best: { stepX: number; stepY: number; walks: number[] } | undefined;
  for (const [stepX, stepY] of [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]]) {
    // Only directions on the side the colours' centres say.
    if (stepX * dx + stepY * dy <= 0) continue;
    const walks = walksAlong(stepX, stepY);
    if (!best || walks.length > best.walks.length) best = { stepX, stepY, walks };
  }
  if (!best) return undefined;
  const { stepX, stepY, walks } = best;
  const behind = walks.length;
  // Most of the second colour must lie just behind the fill, on that one side.
  if (behind < 0.6 * sn) return undefined;
  walks.sort((a, b) => a - b);
  // The visible sliver spans 1..offset pixels from the glyph: its median is about half the offset.
  const offset = Math.max(1, Math.round(2 * walks[walks.length >> 1]));
  // And not as much as close on the opposite side: a thick outline that the
  // line's box cuts on one side looks lopsided, but it reaches the fill both
  // ways within its width.
  if (walksAlong(-stepX, -stepY, offset).length > 0.5 * behind) return undefined;
  return { color: second, offsetX: stepX * offset, offsetY: stepY * offset };
}

function dist(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
