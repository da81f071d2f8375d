import { createMask, type Mask, type Rect } from '../image/rgba-image.js';
import type { Polygon } from '../page/page.js';
import { assertIntegerInRange, invalidParameter } from '../validate.js';

/**
 * Fills polygons into a new mask (255 inside, 0 outside). A pixel belongs to a
 * polygon when its centre does (even-odd rule, scanline fill), so adjacent
 * polygons sharing an edge never overlap or leave a gap.
 *
 * @param width - mask width in pixels
 * @param height - mask height in pixels
 * @param polygons - polygons in pixel coordinates (at least 3 points each)
 * @param value - value written inside, 255 by default
 * @throws GlossaError `INVALID_INPUT` when a polygon has fewer than 3 points
 * @example
 * ```ts
 * const mask = maskFromPolygons(640, 480, lines.map((l) => l.polygon));
 * ```
 */
export function maskFromPolygons(width: number, height: number, polygons: readonly Polygon[], value = 255): Mask {
  const mask = createMask(width, height);
  for (let i = 0; i < polygons.length; i++) fillPolygon(mask, polygons[i], value, `polygons[${i}]`);
  return mask;
}

/**
 * Fills one polygon into `mask`, in place (even-odd rule, pixel centres).
 *
 * @param mask - mask written to
 * @param polygon - at least 3 points
 * @param value - value written inside, 255 by default
 * @param name - parameter name used in error messages
 * @throws GlossaError `INVALID_INPUT` when the polygon has fewer than 3 finite points
 * @example
 * ```ts
 * fillPolygon(mask, [[10, 10], [60, 10], [60, 30], [10, 30]]);
 * ```
 */
export function fillPolygon(mask: Mask, polygon: Polygon, value = 255, name = 'polygon'): void {
  if (!Array.isArray(polygon) || polygon.length < 3 || !polygon.every((p) => Number.isFinite(p?.[0]) && Number.isFinite(p?.[1]))) {
    throw invalidParameter(name, 'a polygon of at least 3 finite [x, y] points', polygon);
  }
  let minY = Infinity, maxY = -Infinity;
  for (const [, y] of polygon) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const y0 = Math.max(0, Math.ceil(minY - 0.5));
  const y1 = Math.min(mask.height - 1, Math.floor(maxY - 0.5));
  const xs: number[] = [];
  const n = polygon.length;
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = polygon[i];
      const [bx, by] = polygon[(i + 1) % n];
      // Half-open rule on y so a vertex shared by two edges is counted once.
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy)) xs.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    const row = y * mask.width;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const xa = Math.max(0, Math.ceil(xs[k] - 0.5));
      const xb = Math.min(mask.width - 1, Math.floor(xs[k + 1] - 0.5));
      if (xb >= xa) mask.data.fill(value, row + xa, row + xb + 1);
    }
  }
}

/**
 * Grows every marked pixel (value > 0) by `radius` pixels, with a disc-like
 * (octagonal) structuring element: alternating square and cross passes,
 * each separable, so the cost does not grow with the radius squared.
 *
 * @param mask - source mask (not modified)
 * @param radius - growth in pixels, integer 0..256
 * @returns a new binary mask (0 / 255)
 * @throws GlossaError `INVALID_INPUT` when `radius` is out of range
 * @example
 * ```ts
 * const grown = dilateMask(textMask, 3);
 * ```
 */
export function dilateMask(mask: Mask, radius: number): Mask {
  assertIntegerInRange('radius', radius, 0, 256);
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < mask.data.length; i++) out.data[i] = mask.data[i] > 0 ? 255 : 0;
  return morph(out, radius, true);
}

/**
 * Shrinks the marked area by `radius` pixels (the opposite of {@link dilateMask});
 * pixels outside the image count as unmarked.
 *
 * @param mask - source mask (not modified)
 * @param radius - shrinkage in pixels, integer 0..256
 * @returns a new binary mask (0 / 255)
 * @example
 * ```ts
 * const core = erodeMask(mask, 2);
 * ```
 */
export function erodeMask(mask: Mask, radius: number): Mask {
  assertIntegerInRange('radius', radius, 0, 256);
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < mask.data.length; i++) out.data[i] = mask.data[i] > 0 ? 255 : 0;
  return morph(out, radius, false);
}

/**
 * Morphological closing (dilate, then erode): fills gaps and holes narrower
 * than about `2 * radius` without growing the outline.
 *
 * @param mask - source mask (not modified)
 * @param radius - integer 0..256
 * @example
 * ```ts
 * const solid = closeMask(glyphs, 1);
 * ```
 */
export function closeMask(mask: Mask, radius: number): Mask {
  if (radius === 0) return dilateMask(mask, 0);
  // Pad so that erosion does not eat marks touching the border.
  return erodeMaskKeepingBorder(dilateMask(mask, radius), radius);
}

/**
 * Number of marked pixels (value > 0), optionally inside `rect` only.
 *
 * @param mask - the mask
 * @param rect - optional region to count in (clipped)
 * @example
 * ```ts
 * const share = maskArea(mask) / (mask.width * mask.height);
 * ```
 */
export function maskArea(mask: Mask, rect?: Rect): number {
  const x0 = rect ? Math.max(0, Math.floor(rect.x)) : 0;
  const y0 = rect ? Math.max(0, Math.floor(rect.y)) : 0;
  const x1 = rect ? Math.min(mask.width, Math.ceil(rect.x + rect.width)) : mask.width;
  const y1 = rect ? Math.min(mask.height, Math.ceil(rect.y + rect.height)) : mask.height;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * mask.width;
    for (let x = x0; x < x1; x++) if (mask.data[row + x] > 0) n++;
  }
  return n;
}

/**
 * The bounding rectangle of the marked pixels, or `undefined` when none is marked.
 *
 * @param mask - the mask
 * @example
 * ```ts
 * const box = maskBounds(mask); // {x, y, width, height} | undefined
 * ```
 */
export function maskBounds(mask: Mask): Rect | undefined {
  let x0 = mask.width, y0 = mask.height, x1 = -1, y1 = -1;
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[row + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Union of two or more masks of the same size (per-pixel maximum), as a new mask.
 *
 * @param masks - masks of one size
 * @throws GlossaError `INVALID_INPUT` when sizes differ or no mask is given
 * @example
 * ```ts
 * const all = unionMasks([glyphs, userMask]);
 * ```
 */
export function unionMasks(masks: readonly Mask[]): Mask {
  if (masks.length === 0) throw invalidParameter('masks', 'at least one mask', masks);
  const { width, height } = masks[0];
  const out = createMask(width, height);
  for (const [i, m] of masks.entries()) {
    if (m.width !== width || m.height !== height) {
      throw invalidParameter(`masks[${i}]`, `a ${width}x${height} mask`, `${m.width}x${m.height}`);
    }
    for (let j = 0; j < out.data.length; j++) if (m.data[j] > out.data[j]) out.data[j] = m.data[j];
  }
  return out;
}

/** Erosion that treats pixels outside the image as marked (for closing). @internal */
function erodeMaskKeepingBorder(mask: Mask, radius: number): Mask {
  const pad = radius;
  const w = mask.width + 2 * pad;
  const h = mask.height + 2 * pad;
  const big = createMask(w, h);
  big.data.fill(255);
  for (let y = 0; y < mask.height; y++) big.data.set(mask.data.subarray(y * mask.width, (y + 1) * mask.width), (y + pad) * w + pad);
  const eroded = morph(big, radius, false);
  const out = createMask(mask.width, mask.height);
  for (let y = 0; y < mask.height; y++) out.data.set(eroded.data.subarray((y + pad) * w + pad, (y + pad) * w + pad + mask.width), y * mask.width);
  return out;
}

/**
 * In-place binary dilation (grow = true) or erosion by an octagon of the given
 * radius: radius steps alternate a 3x3 square and a 3x3 cross, which
 * approximates a disc well; each step is two separable 3-tap passes.
 * @internal
 */
function morph(mask: Mask, radius: number, grow: boolean): Mask {
  const { width: w, height: h } = mask;
  const cur = mask.data;
  const tmp = new Uint8Array(cur.length);
  const on = grow ? 255 : 0;
  for (let step = 0; step < radius; step++) {
    const square = step % 2 === 0;
    if (square) {
      // Horizontal 3-tap, then vertical 3-tap.
      for (let y = 0; y < h; y++) {
        const row = y * w;
        for (let x = 0; x < w; x++) {
          const i = row + x;
          const l = x > 0 ? cur[i - 1] : 0;
          const r = x < w - 1 ? cur[i + 1] : 0;
          tmp[i] = grow ? (cur[i] | l | r ? 255 : 0) : cur[i] && l && r ? 255 : 0;
        }
      }
      for (let y = 0; y < h; y++) {
        const row = y * w;
        for (let x = 0; x < w; x++) {
          const i = row + x;
          const u = y > 0 ? tmp[i - w] : 0;
          const d = y < h - 1 ? tmp[i + w] : 0;
          cur[i] = grow ? (tmp[i] | u | d ? 255 : 0) : tmp[i] && u && d ? 255 : 0;
        }
      }
    } else {
      tmp.set(cur);
      for (let y = 0; y < h; y++) {
        const row = y * w;
        for (let x = 0; x < w; x++) {
          const i = row + x;
          if (grow) {
            if (tmp[i]) continue;
            if ((x > 0 && tmp[i - 1]) || (x < w - 1 && tmp[i + 1]) || (y > 0 && tmp[i - w]) || (y < h - 1 && tmp[i + w])) cur[i] = on;
          } else {
            if (!tmp[i]) continue;
            if (x === 0 || x === w - 1 || y === 0 || y === h - 1 || !tmp[i - 1] || !tmp[i + 1] || !tmp[i - w] || !tmp[i + w]) cur[i] = on;
          }
        }
      }
    }
  }
  return mask;
}
