// The colour a box of text sits on: the median of the box's one-pixel border.
// Text boxes are tight, so their border is mostly the local ground (a label's
// pill, a banner), which both grouping and style inference need to know.
import type { Polygon } from '../page/page.js';
import { binCentre, colourBin } from './colour-bins.js';
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

/**
 * The colours that each hold at least `minShare` of a ring of pixels (at
 * most three, most common first): the ring a little outside a line of text,
 * `pad` pixels out from each side of its polygon. Text that straddles two
 * grounds (a title across a red and a black panel) has a ring of both
 * colours; their median is neither. A tilted line's ring follows the tilt, so
 * it stays on the sticker or balloon the text sits on.
 * @internal
 */
export function ringColours(image: RgbaImage, polygon: Polygon, pad: number, radius: number, minShare = 0.25): [number, number, number][] {
  const pixels = ringPixels(image, polygon, pad);
  const d = image.data;
  const near = (i: number, c: readonly number[]) => Math.hypot(d[i] - c[0], d[i + 1] - c[1], d[i + 2] - c[2]) <= radius;
  const colours: [number, number, number][] = [];
  let left = pixels;
  while (colours.length < 3 && left.length > 0 && left.length >= minShare * pixels.length) {
    // The most common 4-bit bin, then the mean of the pixels near it.
    const bins = new Map<number, number>();
    for (const i of left) {
      const bin = colourBin(d, i);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const top = [...bins].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const centre = binCentre(top);
    const members = left.filter((i) => near(i, centre));
    if (members.length < minShare * pixels.length) break;
    const mean = [0, 1, 2].map((k) => members.reduce((sum, i) => sum + d[i + k], 0) / members.length) as [number, number, number];
    colours.push(mean);
    left = left.filter((i) => !near(i, mean) && !near(i, centre));
  }
  return colours;
}

/** Data indices of the pixels along the polygon moved `pad` pixels outward (one per pixel step, inside the image). */
function ringPixels(image: RgbaImage, polygon: Polygon, pad: number): number[] {
  const ring = offsetPolygon(polygon, pad);
  const seen = new Set<number>();
  for (let k = 0; k < ring.length; k++) {
    const [ax, ay] = ring[k];
    const [bx, by] = ring[(k + 1) % ring.length];
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay)));
    for (let s = 0; s < steps; s++) {
      const x = Math.floor(ax + ((bx - ax) * s) / steps);
      const y = Math.floor(ay + ((by - ay) * s) / steps);
      if (x >= 0 && y >= 0 && x < image.width && y < image.height) seen.add((y * image.width + x) * 4);
    }
  }
  return [...seen];
}

/** A convex polygon with each side moved `pad` outward (corners where the moved sides meet). */
function offsetPolygon(polygon: Polygon, pad: number): Polygon {
  const n = polygon.length;
  let area = 0;
  for (let k = 0; k < n; k++) area += polygon[k][0] * polygon[(k + 1) % n][1] - polygon[(k + 1) % n][0] * polygon[k][1];
  const turn = area >= 0 ? 1 : -1;
  // Each side as a point and a direction, moved along its outward normal.
  const sides = polygon.map((a, k) => {
    const b = polygon[(k + 1) % n];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const dx = (b[0] - a[0]) / len;
    const dy = (b[1] - a[1]) / len;
    // Outward normal: to the right of the direction for counter-clockwise (y down) order.
    const nx = turn * dy;
    const ny = -turn * dx;
    return { x: a[0] + nx * pad, y: a[1] + ny * pad, dx, dy, nx, ny };
  });
  return polygon.map((p, k) => {
    const s = sides[(k + n - 1) % n];
    const t = sides[k];
    const det = s.dx * t.dy - s.dy * t.dx;
    if (Math.abs(det) < 1e-6) return [p[0] + t.nx * pad, p[1] + t.ny * pad] as [number, number];
    const u = ((t.x - s.x) * t.dy - (t.y - s.y) * t.dx) / det;
    return [s.x + s.dx * u, s.y + s.dy * u] as [number, number];
  });
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}
