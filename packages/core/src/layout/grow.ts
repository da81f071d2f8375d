// Region growth: when a translation does not fit (or fits only far smaller
// than the source text), the region expands into free space around it, a
// strip at a time on each side, never into another block nor off the image.
import type { Rect } from '../image/rgba-image.js';

/** How far a region may grow. @internal */
export interface GrowLimits {
  /** Image size; the region stays inside. */
  width: number;
  height: number;
  /** Rectangles the region must not overlap (other blocks). */
  obstacles: readonly Rect[];
  /** Most pixels each side may move out. */
  maxPerSide: number;
  /** Pixels added per step. */
  step: number;
  /** Distance to keep from the image edges when growing (a side already closer stays put). Default 0. */
  margin?: number;
  /** Whether a strip is free space (e.g. the same surface as the text's background); default: any strip. */
  isFree?: (strip: Rect) => boolean;
  /** Sides that stay where they are (a flush-left block keeps its left edge). Default: none. */
  keep?: readonly GrowSide[];
}

/** A side of a region. @internal */
export type GrowSide = 'bottom' | 'right' | 'left' | 'top';

const SIDES: readonly GrowSide[] = ['bottom', 'right', 'left', 'top'];

/** True when two rectangles share interior area. @internal */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The smallest rectangle holding both. @internal */
export function unionRect(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * Expands `region` side by side (round robin, `step` pixels at a time) while
 * the added strip stays on the image and clear of every obstacle.
 * @internal
 */
export function growRegion(region: Rect, limits: GrowLimits): Rect {
  let { x: x0, y: y0 } = region;
  let x1 = region.x + region.width;
  let y1 = region.y + region.height;
  const moved = [0, 0, 0, 0]; // down, right, left, up
  const open = SIDES.map((side) => !limits.keep?.includes(side));
  const clear = (strip: Rect) =>
    strip.width > 0 && strip.height > 0 && !limits.obstacles.some((o) => overlaps(strip, o)) && (limits.isFree?.(strip) ?? true);
  while (open.some(Boolean)) {
    for (let side = 0; side < 4; side++) {
      if (!open[side]) continue;
      const m = limits.margin ?? 0;
      const room = [limits.height - m - y1, limits.width - m - x1, x0 - m, y0 - m][side];
      const step = Math.min(limits.step, limits.maxPerSide - moved[side], room);
      let strip: Rect | null = null;
      if (step > 0) {
        if (side === 0) strip = { x: x0, y: y1, width: x1 - x0, height: step };
        if (side === 1) strip = { x: x1, y: y0, width: step, height: y1 - y0 };
        if (side === 2) strip = { x: x0 - step, y: y0, width: step, height: y1 - y0 };
        if (side === 3) strip = { x: x0, y: y0 - step, width: x1 - x0, height: step };
      }
      if (!strip || !clear(strip)) {
        open[side] = false;
        continue;
      }
      moved[side] += step;
      if (side === 0) y1 += step;
      if (side === 1) x1 += step;
      if (side === 2) x0 -= step;
      if (side === 3) y0 -= step;
    }
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
