// Plane geometry for text boxes, in flat typed arrays and plain numbers: the
// convex hull and minimum-area rectangle OpenCV's `minAreaRect` gives
// PaddleOCR, the quad ordering it uses, and the homography behind
// `warpPerspective`. No OpenCV: everything here is a few dozen lines.
import type { Point, Polygon } from '../../page/page.js';
import { polygonArea as area } from '../../page/geometry.js';

/** A rotated rectangle: centre, unit axis `u` (along `width`), full side lengths. @internal */
export interface RotatedRect {
  cx: number;
  cy: number;
  /** Cosine and sine of the `width` axis. */
  ux: number;
  uy: number;
  width: number;
  height: number;
}

/**
 * Convex hull (Andrew's monotone chain) of points given as `[x0, y0, x1, y1, ...]`.
 * Returns the hull as the same flat layout, counter-clockwise in a y-down frame.
 * @internal
 */
export function convexHull(points: ArrayLike<number>): Float64Array {
  const n = points.length >> 1;
  if (n < 3) return Float64Array.from(points as ArrayLike<number>);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => points[2 * a] - points[2 * b] || points[2 * a + 1] - points[2 * b + 1]);
  const hull = new Float64Array(4 * n + 2);
  let k = 0;
  const cross = (o: number, a: number, bx: number, by: number) =>
    (hull[2 * a] - hull[2 * o]) * (by - hull[2 * o + 1]) - (hull[2 * a + 1] - hull[2 * o + 1]) * (bx - hull[2 * o]);
  const push = (i: number, floor: number) => {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    while (k >= floor && cross(k - 2, k - 1, x, y) <= 0) k--;
    hull[2 * k] = x;
    hull[2 * k + 1] = y;
    k++;
  };
  for (let i = 0; i < n; i++) push(order[i], 2);
  const lower = k + 1;
  for (let i = n - 2; i >= 0; i--) push(order[i], lower);
  return hull.slice(0, 2 * (k - 1));
}

/**
 * Minimum-area enclosing rectangle of a convex polygon (flat `[x, y, ...]`), by
 * trying every hull edge as a side (rotating-calipers argument: the optimum
 * has a side collinear with a hull edge). Degenerate hulls (a point, a
 * segment) give a rectangle of zero height.
 * @internal
 */
export function minAreaRect(hull: ArrayLike<number>): RotatedRect {
  const n = hull.length >> 1;
  if (n === 0) return { cx: 0, cy: 0, ux: 1, uy: 0, width: 0, height: 0 };
  if (n === 1) return { cx: hull[0], cy: hull[1], ux: 1, uy: 0, width: 0, height: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    let ex = hull[2 * j] - hull[2 * i];
    let ey = hull[2 * j + 1] - hull[2 * i + 1];
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    ex /= len;
    ey /= len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (let p = 0; p < n; p++) {
      const x = hull[2 * p];
      const y = hull[2 * p + 1];
      const u = x * ex + y * ey;
      const v = -x * ey + y * ex;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      best = { cx: mu * ex - mv * ey, cy: mu * ey + mv * ex, ux: ex, uy: ey, width: maxU - minU, height: maxV - minV };
    }
  }
  return best ?? { cx: hull[0], cy: hull[1], ux: 1, uy: 0, width: 0, height: 0 };
}

/** The four corners of a rotated rectangle, in no particular order. @internal */
export function rectCorners(r: RotatedRect): Polygon {
  const ax = (r.ux * r.width) / 2;
  const ay = (r.uy * r.width) / 2;
  const bx = (-r.uy * r.height) / 2;
  const by = (r.ux * r.height) / 2;
  return [
    [r.cx - ax - bx, r.cy - ay - by],
    [r.cx + ax - bx, r.cy + ay - by],
    [r.cx + ax + bx, r.cy + ay + by],
    [r.cx - ax + bx, r.cy - ay + by],
  ];
}

/**
 * Orders a rectangle's corners clockwise from the top-left the way PaddleOCR's
 * `get_mini_boxes` does: the two leftmost points are the left side (upper one
 * first), the two rightmost the right side.
 * @internal
 */
export function orderQuad(points: Polygon): Polygon {
  const s = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l0, l1] = s[0][1] <= s[1][1] ? [s[0], s[1]] : [s[1], s[0]];
  const [r0, r1] = s[2][1] <= s[3][1] ? [s[2], s[3]] : [s[3], s[2]];
  return [l0, r0, r1, l1];
}

/**
 * Mean of `map` (row-major, `width` x `height`) over the pixels inside a convex
 * quad, boundary included, like PaddleOCR's `box_score_fast` (fillPoly + mean).
 * @internal
 */
export function meanInsideQuad(map: Float32Array, width: number, height: number, quad: Polygon): number {
  let minY = Infinity, maxY = -Infinity;
  for (const [, y] of quad) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(height - 1, Math.ceil(maxY));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    let xl = Infinity, xr = -Infinity;
    for (let i = 0; i < 4; i++) {
      const [ax, ay] = quad[i];
      const [bx, by] = quad[(i + 1) & 3];
      if ((y < ay && y < by) || (y > ay && y > by)) continue;
      if (ay === by) {
        xl = Math.min(xl, ax, bx);
        xr = Math.max(xr, ax, bx);
      } else {
        const x = ax + ((y - ay) * (bx - ax)) / (by - ay);
        if (x < xl) xl = x;
        if (x > xr) xr = x;
      }
    }
    if (xl > xr) continue;
    const xa = Math.max(0, Math.ceil(xl - 1e-6));
    const xb = Math.min(width - 1, Math.floor(xr + 1e-6));
    const row = y * width;
    for (let x = xa; x <= xb; x++) sum += map[row + x];
    count += Math.max(0, xb - xa + 1);
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * The projective transform taking the rectangle `[0,w] x [0,h]` to the quad
 * `(p0 at (0,0), p1 at (w,0), p2 at (w,h), p3 at (0,h))`, as the 3x3 matrix
 * `[a,b,c, d,e,f, g,h,1]`: `x = (a u + b v + c) / (g u + h v + 1)`.
 * Closed form for square-to-quad (Heckbert), then scaled to `w` x `h`.
 * @internal
 */
export function rectToQuadTransform(quad: Polygon, w: number, h: number): Float64Array {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  let a, b, c, d, e, f, g, hh;
  if (Math.abs(sx) < 1e-9 && Math.abs(sy) < 1e-9) {
    a = x1 - x0; b = x3 - x0; c = x0;
    d = y1 - y0; e = y3 - y0; f = y0;
    g = 0; hh = 0;
  } else {
    const dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
    const den = dx1 * dy2 - dx2 * dy1 || 1e-12;
    g = (sx * dy2 - dx2 * sy) / den;
    hh = (dx1 * sy - sx * dy1) / den;
    a = x1 - x0 + g * x1; b = x3 - x0 + hh * x3; c = x0;
    d = y1 - y0 + g * y1; e = y3 - y0 + hh * y3; f = y0;
  }
  // Unit square to quad; divide the u terms by w and the v terms by h.
  return Float64Array.of(a / w, b / h, c, d / w, e / h, f, g / w, hh / h, 1);
}

/** Length of the segment from `a` to `b`. @internal */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}


/**
 * Area of the intersection of two convex polygons (Sutherland-Hodgman
 * clipping of `a` by each edge of `b`).
 * @internal
 */
export function convexIntersectionArea(a: Polygon, b: Polygon): number {
  // Clip against b's edges with b's own winding so "inside" is consistent.
  const sign = signedArea(b) >= 0 ? 1 : -1;
  let poly: Polygon = a;
  for (let i = 0; i < b.length && poly.length > 0; i++) {
    const [ex0, ey0] = b[i];
    const [ex1, ey1] = b[(i + 1) % b.length];
    const side = (p: Point) => sign * ((ex1 - ex0) * (p[1] - ey0) - (ey1 - ey0) * (p[0] - ex0));
    const next: Polygon = [];
    for (let j = 0; j < poly.length; j++) {
      const p = poly[j];
      const q = poly[(j + 1) % poly.length];
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) next.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        next.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    poly = next;
  }
  return poly.length < 3 ? 0 : area(poly);
}

/** Intersection over union of two convex polygons. @internal */
export function convexIou(a: Polygon, b: Polygon): number {
  const inter = convexIntersectionArea(a, b);
  const union = area(a) + area(b) - inter;
  return union <= 0 ? 0 : inter / union;
}

function signedArea(polygon: Polygon): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}
