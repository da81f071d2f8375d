import type { Polygon } from '../page/page.js';

/**
 * Where a polygon's inside lies along the horizontal line at `y`: the
 * leftmost and rightmost crossing, or undefined when the line misses it.
 * A balloon's own width at a given height, for typesetting inside it.
 *
 * @param polygon - a closed polygon
 * @param y - the height, in pixels
 * @internal
 */
export function spanAt(polygon: Polygon, y: number): { left: number; right: number } | undefined {
  let left = Infinity;
  let right = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    if ((y0 <= y && y < y1) || (y1 <= y && y < y0)) {
      const x = x0 + ((y - y0) / (y1 - y0)) * (x1 - x0);
      if (x < left) left = x;
      if (x > right) right = x;
    }
  }
  return left <= right ? { left, right } : undefined;
}

/**
 * The part of a polygon's inside that the whole horizontal band `[top, bottom]`
 * shares: the narrowest span over the band, sampled every pixel.
 *
 * @internal
 */
export function spanOverBand(polygon: Polygon, top: number, bottom: number): { left: number; right: number } | undefined {
  let left = -Infinity;
  let right = Infinity;
  for (let y = top; ; y = Math.min(bottom, y + 1)) {
    const s = spanAt(polygon, y);
    if (!s) return undefined;
    left = Math.max(left, s.left);
    right = Math.min(right, s.right);
    if (y >= bottom) break;
  }
  return left < right ? { left, right } : undefined;
}
