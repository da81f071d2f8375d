// Geometry of OCR lines in a rotated frame. A line's polygon is measured along
// its own reading axis `u` (the edge nearest to the image's horizontal) and the
// perpendicular axis `v`, so text rotated by a few degrees is compared as if
// it were upright.
import type { Point, Polygon } from '../page/page.js';

/**
 * Extents of a set of points along the axes `u` (angle `angle` from the image
 * x axis) and `v` (perpendicular, pointing down for small angles).
 * @internal
 */
export interface FrameBox {
  /** Frame angle in radians. */
  angle: number;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

const QUARTER = Math.PI / 2;

/**
 * The angle of a polygon's reading axis in radians, folded into (-45°, 45°]:
 * the mean direction of the top and bottom edges of a quadrilateral. Other
 * polygons are taken as axis-aligned.
 * @internal
 */
export function polygonAngle(polygon: Polygon): number {
  if (polygon.length !== 4) return 0;
  const [p0, p1, p2, p3] = polygon;
  // Sum of the two edge vectors: a long edge dominates a degenerate short one.
  let angle = Math.atan2(p1[1] - p0[1] + (p2[1] - p3[1]), p1[0] - p0[0] + (p2[0] - p3[0]));
  if (!Number.isFinite(angle)) return 0;
  // A box may start at any corner (minAreaRect orders do); fold to the axis nearest horizontal.
  while (angle > Math.PI / 4) angle -= QUARTER;
  while (angle <= -Math.PI / 4) angle += QUARTER;
  return angle;
}

/** Projects `points` on the frame of `angle`. @internal */
export function frameBox(points: readonly Point[], angle: number): FrameBox {
  const [u0, u1, v0, v1] = axisExtents(points, Math.cos(angle), Math.sin(angle));
  return { angle, u0, u1, v0, v1 };
}

/**
 * `[minU, maxU, minV, maxV]` of `points` in the frame whose u axis is the unit
 * vector `(ux, uy)` (v is u turned a quarter clockwise in image coordinates).
 * @internal
 */
export function axisExtents(points: readonly Point[], ux: number, uy: number): [number, number, number, number] {
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const [x, y] of points) {
    const u = x * ux + y * uy;
    const v = -x * uy + y * ux;
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
  }
  return [u0, u1, v0, v1];
}

/** The rectangle of a frame box back in image coordinates, clockwise from top-left. @internal */
export function frameBoxPolygon(box: FrameBox): Polygon {
  const c = Math.cos(box.angle);
  const s = Math.sin(box.angle);
  const toImage = (u: number, v: number): Point => [u * c - v * s, u * s + v * c];
  return [toImage(box.u0, box.v0), toImage(box.u1, box.v0), toImage(box.u1, box.v1), toImage(box.u0, box.v1)];
}

/** Length of the overlap of two intervals (negative: the gap between them). @internal */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.min(a1, b1) - Math.max(a0, b0);
}

/** Median of a non-empty list. @internal */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean of angles near each other (no wrap-around problem once folded into ±45°). @internal */
export function meanAngle(angles: readonly number[]): number {
  let sum = 0;
  for (const a of angles) sum += a;
  return angles.length ? sum / angles.length : 0;
}
