import type { Point, Polygon } from '../page/page.js';

/**
 * Drops points of a closed polygon that lie within `tolerance` pixels of the
 * line through their neighbours (Douglas-Peucker on the open chain that
 * starts and ends at the first point).
 *
 * @param polygon - the polygon
 * @param tolerance - largest distance a dropped point may lie off the result, in pixels
 * @internal
 */
export function simplifyPolygon(polygon: Polygon, tolerance: number): Polygon {
  if (polygon.length <= 4) return polygon;
  // Split at the point farthest from the first, so both halves are open chains.
  let far = 0;
  let best = -1;
  polygon.forEach(([x, y], i) => {
    const d = (x - polygon[0][0]) ** 2 + (y - polygon[0][1]) ** 2;
    if (d > best) [best, far] = [d, i];
  });
  const keep = new Uint8Array(polygon.length);
  keep[0] = keep[far] = 1;
  const chain = [...polygon, polygon[0]];
  mark(chain, 0, far, tolerance, keep);
  mark(chain, far, polygon.length, tolerance, keep);
  return polygon.filter((_, i) => keep[i]);
}

function mark(points: Point[], from: number, to: number, tolerance: number, keep: Uint8Array): void {
  const stack: [number, number][] = [[from, to]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const len = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      const d = len > 0 ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len : Math.hypot(px - ax, py - ay);
      if (d > worst) [worst, at] = [d, i];
    }
    if (at >= 0 && worst > tolerance) {
      keep[at % keep.length] = 1;
      stack.push([a, at], [at, b]);
    }
  }
}
