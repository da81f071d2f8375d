import type { RgbaImage } from '../image/rgba-image.js';
import { polygonBounds } from '../page/geometry.js';
import type { Polygon } from '../page/page.js';

/** How a line's glyphs follow a surface, read from its pixels. @internal */
export interface LineShape {
  /** Bend of the ink's baseline: the sagitta of a parabola through it, over the line height (0 for a straight line). */
  bend: number;
  /** How much the ink's height changes from one end of the line to the other, as a share (0: the same; perspective or a cylinder's edge shrink it). */
  taper: number;
  /** How much the ink's brightness drifts from one end to the other, in luma levels (shading across the glyphs). */
  shade: number;
}

const SEGMENTS = 6;

/**
 * Reads the shape of a horizontal line's ink: the line's box is cut into
 * {@link SEGMENTS} slices across its length; in each, the ink (pixels far in
 * colour from the box's border, i.e. from the surface) gives a top, a bottom
 * and a brightness. Flat ad copy has a straight baseline, even height and one
 * colour; text printed on a bottle or a box bends, tapers and is shaded.
 * @internal
 */
export function lineShape(image: RgbaImage, polygon: Polygon): LineShape {
  const box = polygonBounds(polygon);
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  const w = x1 - x0;
  const h = y1 - y0;
  const none = { bend: 0, taper: 0, shade: 0 };
  if (w < SEGMENTS * 2 || h < 6 || w < h) return none;
  const d = image.data;
  // The surface colour: the median of the box's border pixels, per channel.
  const border: number[][] = [[], [], []];
  for (let x = x0; x < x1; x++)
    for (const y of [y0, y1 - 1]) for (let c = 0; c < 3; c++) border[c].push(d[(y * image.width + x) * 4 + c]);
  for (let y = y0; y < y1; y++)
    for (const x of [x0, x1 - 1]) for (let c = 0; c < 3; c++) border[c].push(d[(y * image.width + x) * 4 + c]);
  const surface = border.map(medianOf);
  const tops: number[] = [];
  const bottoms: number[] = [];
  const lumas: number[] = [];
  for (let s = 0; s < SEGMENTS; s++) {
    const sx0 = x0 + Math.floor((s * w) / SEGMENTS);
    const sx1 = x0 + Math.floor(((s + 1) * w) / SEGMENTS);
    const rows: number[] = [];
    let luma = 0;
    for (let y = y0; y < y1; y++)
      for (let x = sx0; x < sx1; x++) {
        const i = (y * image.width + x) * 4;
        const dist = Math.max(Math.abs(d[i] - surface[0]), Math.abs(d[i + 1] - surface[1]), Math.abs(d[i + 2] - surface[2]));
        if (dist < 60) continue;
        rows.push(y);
        luma += 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      }
    if (rows.length < 4) continue;
    rows.sort((a, b) => a - b);
    tops.push(rows[Math.floor(rows.length * 0.05)]);
    bottoms.push(rows[Math.floor(rows.length * 0.95)]);
    lumas.push(luma / rows.length);
  }
  if (tops.length < 4) return none;
  const heights = tops.map((t, i) => bottoms[i] - t + 1);
  const first = (heights[0] + heights[1]) / 2;
  const last = (heights[heights.length - 1] + heights[heights.length - 2]) / 2;
  const mid = bottoms.slice(1, -1);
  // Sagitta: how far the middle of the baseline sits from the chord between its ends.
  const chord = (bottoms[0] + bottoms[bottoms.length - 1]) / 2;
  const bend = Math.abs(medianOf(mid) - chord) / h;
  return {
    bend,
    taper: Math.abs(first - last) / Math.max(first, last),
    shade: Math.abs((lumas[0] + lumas[1]) / 2 - (lumas[lumas.length - 1] + lumas[lumas.length - 2]) / 2),
  };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
