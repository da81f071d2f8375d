// Tall (or very wide) images: a webtoon page or a long product page shrunk
// whole to 960 px would turn its text into a few pixels. Detection runs on
// overlapping slices instead, each at (nearly) full resolution, and the boxes
// are merged: a line cut by a slice edge is taken from the slice that holds it
// whole, and a line taller than the overlap is stitched from both halves.
import type { Rect } from '../../image/rgba-image.js';
import type { Polygon } from '../../page/page.js';
import type { DetectedBox } from './db-postprocess.js';
import { polygonArea as area } from '../../page/geometry.js';
import { convexHull, convexIntersectionArea, minAreaRect, orderQuad, rectCorners } from './geometry.js';

/** Images whose long side exceeds this many times the short side are sliced. */
export const SLICE_ASPECT = 3;

/** A slice and which of its edges are inside the image (cut lines can touch those). @internal */
export interface DetSlice extends Rect {
  /** True when the slice's start edge (top or left) is inside the image. */
  cutStart: boolean;
  /** True when the slice's end edge (bottom or right) is inside the image. */
  cutEnd: boolean;
}

/**
 * Slices for detection: the whole image when its aspect is at most
 * {@link SLICE_ASPECT}, otherwise windows along the long side, each as long as
 * `max(short side, limitSideLen)` (so a narrow page is not shrunk at all), with
 * a quarter of a window of overlap.
 *
 * @internal
 */
export function planDetSlices(width: number, height: number, limitSideLen: number): DetSlice[] {
  const vertical = height >= width;
  const long = vertical ? height : width;
  const short = vertical ? width : height;
  if (long <= SLICE_ASPECT * short) return [{ x: 0, y: 0, width, height, cutStart: false, cutEnd: false }];
  const length = Math.min(long, Math.max(short, limitSideLen));
  const overlap = Math.round(length / 4);
  const step = length - overlap;
  const count = Math.max(1, Math.ceil((long - overlap) / step));
  const slices: DetSlice[] = [];
  for (let i = 0; i < count; i++) {
    const start = i === count - 1 ? long - length : i * step;
    const cutStart = start > 0;
    const cutEnd = start + length < long;
    slices.push(
      vertical
        ? { x: 0, y: start, width, height: length, cutStart, cutEnd }
        : { x: start, y: 0, width: length, height, cutStart, cutEnd },
    );
  }
  return slices;
}

/** A box found in one slice, and whether it touches an inner slice edge (maybe cut). @internal */
export interface SliceBox extends DetectedBox {
  cut: boolean;
}

/**
 * Marks boxes of `slice` that touch one of its inner edges (they may be cut).
 * @internal
 */
export function markCutBoxes(boxes: DetectedBox[], slice: DetSlice, vertical: boolean): SliceBox[] {
  const start = vertical ? slice.y : slice.x;
  const end = start + (vertical ? slice.height : slice.width) - 1;
  const margin = 2;
  return boxes.map((box) => {
    let lo = Infinity, hi = -Infinity;
    for (const p of box.polygon) {
      const v = vertical ? p[1] : p[0];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const cut = (slice.cutStart && lo <= start + margin) || (slice.cutEnd && hi >= end - margin);
    return { ...box, cut };
  });
}

/**
 * Merges the boxes of overlapping slices: when two boxes overlap by more than
 * half of the smaller one they are the same line; a whole one wins over a cut
 * one, and two cut ones are joined into one box.
 *
 * @internal
 */
export function mergeSliceBoxes(boxes: SliceBox[]): DetectedBox[] {
  const order = boxes
    .map((box) => ({ box, area: area(box.polygon) }))
    .sort((a, b) => Number(a.box.cut) - Number(b.box.cut) || b.area - a.area);
  const kept: { polygon: Polygon; score: number; cut: boolean; area: number }[] = [];
  for (const { box, area: boxArea } of order) {
    let merged = false;
    for (const other of kept) {
      const inter = convexIntersectionArea(box.polygon, other.polygon);
      if (inter <= 0.5 * Math.min(boxArea, other.area)) continue;
      if (box.cut && other.cut) {
        other.polygon = unionQuad(other.polygon, box.polygon);
        other.area = area(other.polygon);
        other.score = Math.max(other.score, box.score);
      }
      merged = true;
      break;
    }
    if (!merged) kept.push({ polygon: box.polygon, score: box.score, cut: box.cut, area: boxArea });
  }
  return kept.map(({ polygon, score }) => ({ polygon, score }));
}

function unionQuad(a: Polygon, b: Polygon): Polygon {
  const points = [...a, ...b].flat();
  const rect = minAreaRect(convexHull(points));
  return orderQuad(rectCorners(rect)).map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]);
}
