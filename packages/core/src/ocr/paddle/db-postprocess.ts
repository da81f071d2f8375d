// DB (Differentiable Binarization) post-processing, as PaddleOCR's
// `DBPostProcess` does it with OpenCV and pyclipper, in plain TypeScript:
// threshold the probability map, take each 8-connected region (an outer
// contour), fit its minimum-area rectangle, score it on the probability map,
// grow it by the unclip distance, and scale it back to image coordinates.
import type { Polygon } from '../../page/page.js';
import { convexHull, distance, meanInsideQuad, minAreaRect, orderQuad, rectCorners, type RotatedRect } from './geometry.js';

/**
 * A probability map as the detection model returns it: one float per pixel, row-major.
 *
 * @example
 * ```ts
 * const map: ProbabilityMap = { width: mapW, height: mapH, data: output.data as Float32Array };
 * ```
 */
export interface ProbabilityMap {
  /** Map width in pixels. */
  width: number;
  /** Map height in pixels. */
  height: number;
  /** `width * height` probabilities in 0..1. */
  data: Float32Array;
}

/**
 * Options of {@link dbPostprocess}; defaults are PaddleOCR's for PP-OCRv4.
 *
 * @example
 * ```ts
 * const options: DbPostprocessOptions = { boxThreshold: 0.5, scaleX: image.width / map.width, scaleY: image.height / map.height };
 * ```
 */
export interface DbPostprocessOptions {
  /** Pixels with probability above this are text. Default 0.3. */
  threshold?: number;
  /** Boxes whose mean probability (inside the box) is below this are dropped. Default 0.6. */
  boxThreshold?: number;
  /** How far a box grows: `area * ratio / perimeter` pixels on every side. Default 1.5. */
  unclipRatio?: number;
  /** Boxes whose short side (in map pixels) is below this are dropped. Default 3. */
  minSize?: number;
  /** At most this many regions are considered. Default 1000. */
  maxCandidates?: number;
  /** Map-to-image scale along x (image width / map width). Default 1. */
  scaleX?: number;
  /** Map-to-image scale along y. Default 1. */
  scaleY?: number;
  /** Added to x after scaling (a slice's left edge). Default 0. */
  offsetX?: number;
  /** Added to y after scaling (a slice's top edge). Default 0. */
  offsetY?: number;
  /** Image width to clip boxes to; default the scaled map width. */
  clipWidth?: number;
  /** Image height to clip boxes to; default the scaled map height. */
  clipHeight?: number;
}

/**
 * One detected text region.
 *
 * @example
 * ```ts
 * const box: DetectedBox = { polygon: [[10, 10], [120, 10], [120, 40], [10, 40]], score: 0.93 };
 * ```
 */
export interface DetectedBox {
  /** Four corners, clockwise from the top-left, in image pixels. */
  polygon: Polygon;
  /** Mean probability inside the (un-grown) box. */
  score: number;
}

/**
 * Turns a DB probability map into text boxes (PaddleOCR's `DBPostProcess`, quad
 * mode, `fast` scoring, no dilation).
 *
 * @param map - the model's probability map
 * @param options - thresholds and the map-to-image transform
 * @returns boxes in image coordinates, in the order their regions were found (top to bottom)
 * @example
 * ```ts
 * const boxes = dbPostprocess({ width: 320, height: 320, data: prob }, { scaleX: 2, scaleY: 2 });
 * ```
 */
export function dbPostprocess(map: ProbabilityMap, options: DbPostprocessOptions = {}): DetectedBox[] {
  const { width, height, data } = map;
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclipRatio = options.unclipRatio ?? 1.5;
  const minSize = options.minSize ?? 3;
  const maxCandidates = options.maxCandidates ?? 1000;
  const scaleX = options.scaleX ?? 1;
  const scaleY = options.scaleY ?? 1;
  const offsetX = options.offsetX ?? 0;
  const offsetY = options.offsetY ?? 0;
  const clipW = options.clipWidth ?? Math.round(width * scaleX + offsetX);
  const clipH = options.clipHeight ?? Math.round(height * scaleY + offsetY);

  const boxes: DetectedBox[] = [];
  forEachRegion(data, width, height, threshold, maxCandidates, (hullPoints) => {
    const rect = minAreaRect(convexHull(hullPoints));
    if (Math.min(rect.width, rect.height) < minSize) return;
    const quad = orderQuad(rectCorners(rect));
    const score = meanInsideQuad(data, width, height, quad);
    if (score < boxThreshold) return;
    const grown = unclip(rect, unclipRatio);
    if (Math.min(grown.width, grown.height) < minSize + 2) return;
    const polygon = orderQuad(rectCorners(grown)).map(([x, y]): [number, number] => [
      clamp(Math.round(x * scaleX + offsetX), 0, clipW - 1),
      clamp(Math.round(y * scaleY + offsetY), 0, clipH - 1),
    ]);
    // PaddleOCR's filter_tag_det_res: boxes 3 px or thinner after clipping are noise.
    if (Math.floor(distance(polygon[0], polygon[1])) <= 3 || Math.floor(distance(polygon[0], polygon[3])) <= 3) return;
    boxes.push({ polygon, score });
  });
  return boxes;
}

/**
 * Grows a rectangle by `area * ratio / perimeter` on every side. For a
 * rectangle this is exactly what pyclipper's round-join offset followed by a
 * minimum-area rectangle gives (the rounded corners stay inside the grown box).
 * @internal
 */
export function unclip(rect: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (rect.width + rect.height);
  if (perimeter === 0) return rect;
  const d = (rect.width * rect.height * ratio) / perimeter;
  return { ...rect, width: rect.width + 2 * d, height: rect.height + 2 * d };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Finds the 8-connected regions of `data > threshold` (OpenCV's outer
 * contours) and calls `visit` with each region's row extremes as flat points
 * `[x, y, ...]`: the leftmost and rightmost pixel of every row, whose convex
 * hull is the region's. Regions are visited in raster order of their first
 * pixel; one flood fill with an explicit stack, no per-pixel allocation.
 */
function forEachRegion(
  data: Float32Array,
  width: number,
  height: number,
  threshold: number,
  maxRegions: number,
  visit: (points: Float64Array) => void,
): void {
  const n = width * height;
  // 0 = background, 1 = text not yet visited, 2 = visited.
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) state[i] = data[i] > threshold ? 1 : 0;
  const stack = new Int32Array(n);
  const rowMin = new Int32Array(height).fill(width);
  const rowMax = new Int32Array(height).fill(-1);
  const rows = new Int32Array(height);
  let found = 0;
  for (let start = 0; start < n && found < maxRegions; start++) {
    if (state[start] !== 1) continue;
    found++;
    let top = 0;
    let rowCount = 0;
    stack[top++] = start;
    state[start] = 2;
    while (top > 0) {
      const p = stack[--top];
      const y = (p / width) | 0;
      const x = p - y * width;
      if (rowMax[y] < 0) rows[rowCount++] = y;
      if (x < rowMin[y]) rowMin[y] = x;
      if (x > rowMax[y]) rowMax[y] = x;
      const xa = x > 0 ? x - 1 : 0;
      const xb = x < width - 1 ? x + 1 : x;
      const ya = y > 0 ? y - 1 : 0;
      const yb = y < height - 1 ? y + 1 : y;
      for (let yy = ya; yy <= yb; yy++) {
        const row = yy * width;
        for (let xx = xa; xx <= xb; xx++) {
          const q = row + xx;
          if (state[q] === 1) {
            state[q] = 2;
            stack[top++] = q;
          }
        }
      }
    }
    const points = new Float64Array(rowCount * 4);
    for (let i = 0; i < rowCount; i++) {
      const y = rows[i];
      points[4 * i] = rowMin[y];
      points[4 * i + 1] = y;
      points[4 * i + 2] = rowMax[y];
      points[4 * i + 3] = y;
      rowMin[y] = width;
      rowMax[y] = -1;
    }
    visit(points);
  }
}
