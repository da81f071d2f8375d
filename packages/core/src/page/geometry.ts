import type { Rect } from '../image/rgba-image.js';
import type { Polygon } from './page.js';

/**
 * The axis-aligned bounding box of a polygon.
 *
 * @param polygon - points in pixels
 * @example
 * ```ts
 * polygonBounds([[10,10],[50,12],[48,30],[9,28]]); // {x:9,y:10,width:41,height:20}
 * ```
 */
export function polygonBounds(polygon: Polygon): Rect {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of polygon) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The polygon of a rectangle, clockwise from top-left.
 *
 * @param rect - the rectangle
 * @example
 * ```ts
 * rectToPolygon({ x: 0, y: 0, width: 10, height: 5 }); // [[0,0],[10,0],[10,5],[0,5]]
 * ```
 */
export function rectToPolygon(rect: Rect): Polygon {
  const { x, y, width, height } = rect;
  return [[x, y], [x + width, y], [x + width, y + height], [x, y + height]];
}

/**
 * Signed-area-free polygon area (shoelace formula, absolute value).
 *
 * @param polygon - points in pixels
 * @example
 * ```ts
 * polygonArea([[0,0],[10,0],[10,5],[0,5]]); // 50
 * ```
 */
export function polygonArea(polygon: Polygon): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum) / 2;
}
