// The colour a box of text sits on: the median of the box's one-pixel border.
// Text boxes are tight, so their border is mostly the local ground (a label's
// pill, a banner), which both grouping and style inference need to know.
import type { Rect, RgbaImage } from './rgba-image.js';

/**
 * Median colour (per channel) of the one-pixel border of an integer rectangle
 * that lies inside the image; white for an empty rectangle.
 * @internal
 */
export function borderMedian(image: RgbaImage, r: Rect): [number, number, number] {
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  const add = (x: number, y: number) => {
    const i = (y * image.width + x) * 4;
    rs.push(image.data[i]);
    gs.push(image.data[i + 1]);
    bs.push(image.data[i + 2]);
  };
  for (let x = r.x; x < r.x + r.width; x++) {
    add(x, r.y);
    add(x, r.y + r.height - 1);
  }
  for (let y = r.y + 1; y < r.y + r.height - 1; y++) {
    add(r.x, y);
    add(r.x + r.width - 1, y);
  }
  return rs.length ? [median(rs), median(gs), median(bs)] : [255, 255, 255];
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}
