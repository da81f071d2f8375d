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
  forEachBorderPixel(image, r, (i) => {
    rs.push(image.data[i]);
    gs.push(image.data[i + 1]);
    bs.push(image.data[i + 2]);
  });
  return rs.length ? [median(rs), median(gs), median(bs)] : [255, 255, 255];
}

/**
 * The colours that each hold at least `minShare` of the border of an integer
 * rectangle inside the image (at most three, most common first). Text that
 * straddles two grounds (a title across a red and a black panel) has a border
 * of both colours; its median is neither.
 * @internal
 */
export function borderColours(image: RgbaImage, r: Rect, radius: number, minShare = 0.25): [number, number, number][] {
  const pixels: number[] = [];
  forEachBorderPixel(image, r, (i) => pixels.push(i));
  const d = image.data;
  const near = (i: number, c: readonly number[]) => Math.hypot(d[i] - c[0], d[i + 1] - c[1], d[i + 2] - c[2]) <= radius;
  const colours: [number, number, number][] = [];
  let left = pixels;
  while (colours.length < 3 && left.length >= minShare * pixels.length) {
    // The most common 4-bit bin, then the mean of the pixels near it.
    const bins = new Map<number, number>();
    for (const i of left) {
      const bin = ((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const top = [...bins].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const centre = [((top >> 8) << 4) + 8, (((top >> 4) & 15) << 4) + 8, ((top & 15) << 4) + 8];
    const members = left.filter((i) => near(i, centre));
    if (members.length < minShare * pixels.length) break;
    const mean = [0, 1, 2].map((k) => members.reduce((s, i) => s + d[i + k], 0) / members.length) as [number, number, number];
    colours.push(mean);
    left = left.filter((i) => !near(i, mean) && !near(i, centre));
  }
  return colours;
}

/** Calls `visit` with the data index of each pixel on the one-pixel border of `r`. */
function forEachBorderPixel(image: RgbaImage, r: Rect, visit: (index: number) => void): void {
  const at = (x: number, y: number) => visit((y * image.width + x) * 4);
  for (let x = r.x; x < r.x + r.width; x++) {
    at(x, r.y);
    if (r.height > 1) at(x, r.y + r.height - 1);
  }
  for (let y = r.y + 1; y < r.y + r.height - 1; y++) {
    at(r.x, y);
    if (r.width > 1) at(r.x + r.width - 1, y);
  }
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}
