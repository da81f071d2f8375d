// Joins detection boxes that are pieces of one text line. DBNet splits a line
// where its characters change size or colour sharply ("领券满" small and dark,
// "198" large and red, "减30"): the gaps between the pieces are wider than the
// model's kernels reach across, though a reader sees one line. Recognising the
// pieces one by one loses the line (and what sits at its ends: a small ">" or
// "(" is dropped as its own box), so pieces are joined BEFORE recognition and
// the joined quad is read as one line.
//
// The tests are deliberately strict, so that the columns of a table or two
// words far apart stay apart: same angle, the shorter box inside the other's
// band for most of its height, heights within a factor, and a gap along the
// line of at most a fraction of the taller box's height (less than the width
// of one character of either box).
import type { Point, Polygon } from '../../page/page.js';
import type { DetectedBox } from './db-postprocess.js';
import { axisExtents } from '../line-geometry.js';

/**
 * Thresholds of {@link mergeLineBoxes}.
 * @internal
 */
export interface LineMergeOptions {
  /** The shorter box must lie within the other's band for at least this fraction of its height. Default 0.7. */
  minVerticalOverlap?: number;
  /** Largest gap between the boxes along the line, as a fraction of the taller box's height. Default 0.6. */
  maxGap?: number;
  /** Largest ratio of the two boxes' heights. Default 1.8. */
  maxHeightRatio?: number;
  /** Largest distance between the boxes' centre lines, as a fraction of the taller box's height. Default 0.2. */
  maxCenterOffset?: number;
  /** Largest difference between the boxes' angles, in degrees (boxes are rectangles: modulo 90). Default 8. */
  maxAngle?: number;
  /** Image size: joined boxes are rounded to whole pixels and clipped to it, as detected boxes are. */
  imageWidth?: number;
  imageHeight?: number;
}

/** A box in its own frame: unit reading axis `(ux, uy)`, its extent along it and across it. */
interface Frame {
  ux: number;
  uy: number;
  /** Length along `u` and across it. */
  width: number;
  height: number;
}

/**
 * Joins boxes that continue one another on the same text line (see the file
 * comment for the tests). Each group of joined boxes becomes one rectangle in
 * the frame of its widest member, covering all members' corners; its score is
 * the members' area-weighted mean. Boxes that join nothing come back as they
 * were, in their original order; a joined box takes the place of its first member.
 *
 * @internal
 */
export function mergeLineBoxes(boxes: readonly DetectedBox[], options: LineMergeOptions = {}): DetectedBox[] {
  const minOverlap = options.minVerticalOverlap ?? 0.7;
  const maxGap = options.maxGap ?? 0.6;
  const maxRatio = options.maxHeightRatio ?? 1.8;
  const maxOffset = options.maxCenterOffset ?? 0.2;
  const maxAngle = ((options.maxAngle ?? 8) * Math.PI) / 180;
  const maxX = options.imageWidth === undefined ? Infinity : options.imageWidth - 1;
  const maxY = options.imageHeight === undefined ? Infinity : options.imageHeight - 1;
  const n = boxes.length;
  if (n < 2) return boxes.slice();
  const frames = boxes.map((box) => frameOf(box.polygon));
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (continuesLine(boxes[i].polygon, frames[i], boxes[j].polygon, frames[j], minOverlap, maxGap, maxRatio, maxOffset, maxAngle)) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  const out: DetectedBox[] = [];
  for (const members of groups.values()) {
    if (members.length === 1) {
      out.push(boxes[members[0]]);
      continue;
    }
    const widest = members.reduce((best, i) => (frames[i].width > frames[best].width ? i : best), members[0]);
    const { ux, uy } = frames[widest];
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    let weight = 0;
    let score = 0;
    for (const i of members) {
      const [u0, u1, v0, v1] = axisExtents(boxes[i].polygon, ux, uy);
      minU = Math.min(minU, u0);
      maxU = Math.max(maxU, u1);
      minV = Math.min(minV, v0);
      maxV = Math.max(maxV, v1);
      const area = frames[i].width * frames[i].height;
      weight += area;
      score += area * boxes[i].score;
    }
    const at = (u: number, v: number): Point => [clip(u * ux - v * uy, maxX), clip(u * uy + v * ux, maxY)];
    out.push({ polygon: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)], score: weight > 0 ? score / weight : boxes[widest].score });
  }
  return out;
}

function clip(v: number, max: number): number {
  const r = Math.round(v);
  return r < 0 ? 0 : r > max ? max : r;
}

/**
 * A box's reading axis (the mean of its top and bottom edges, pointing right)
 * and its size along and across it.
 */
function frameOf(polygon: Polygon): Frame {
  const [p0, p1, p2, p3] = polygon;
  let ux = p1[0] - p0[0] + p2[0] - p3[0];
  let uy = p1[1] - p0[1] + p2[1] - p3[1];
  const len = Math.hypot(ux, uy);
  if (len === 0) {
    ux = 1;
    uy = 0;
  } else {
    ux /= len;
    uy /= len;
  }
  if (ux < 0) {
    ux = -ux;
    uy = -uy;
  }
  const [u0, u1, v0, v1] = axisExtents(polygon, ux, uy);
  return { ux, uy, width: u1 - u0, height: v1 - v0 };
}

function continuesLine(
  a: Polygon,
  fa: Frame,
  b: Polygon,
  fb: Frame,
  minOverlap: number,
  maxGap: number,
  maxRatio: number,
  maxOffset: number,
  maxAngle: number,
): boolean {
  // Work in the frame of the wider box, which must itself read as a line, not a
  // vertical column: columns side by side are never one line.
  const [ref, other] = fa.width >= fb.width ? [fa, b] : [fb, a];
  const refPolygon = ref === fa ? a : b;
  if (ref.width < ref.height) return false;
  const otherFrame = ref === fa ? fb : fa;
  // Rectangles' angles are defined modulo 90 degrees (a near-square piece may come back turned).
  let angle = Math.atan2(otherFrame.uy, otherFrame.ux) - Math.atan2(ref.uy, ref.ux);
  angle = Math.abs(angle - (Math.PI / 2) * Math.round(angle / (Math.PI / 2)));
  if (angle > maxAngle) return false;
  const [ru0, ru1, rv0, rv1] = axisExtents(refPolygon, ref.ux, ref.uy);
  const [ou0, ou1, ov0, ov1] = axisExtents(other, ref.ux, ref.uy);
  const refH = rv1 - rv0;
  const otherH = ov1 - ov0;
  if (refH <= 0 || otherH <= 0) return false;
  const taller = Math.max(refH, otherH);
  const shorter = Math.min(refH, otherH);
  if (taller > maxRatio * shorter) return false;
  const overlap = Math.min(rv1, ov1) - Math.max(rv0, ov0);
  if (overlap < minOverlap * shorter) return false;
  // Pieces of one line share its centre line; small print set beside a
  // headline, level with its foot, or a two-line label beside a one-line
  // title, does not.
  if (Math.abs(rv0 + rv1 - ov0 - ov1) / 2 > maxOffset * taller) return false;
  const gap = Math.max(ru0, ou0) - Math.min(ru1, ou1);
  return gap <= maxGap * taller;
}
