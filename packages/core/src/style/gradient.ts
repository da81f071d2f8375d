// Vertical fill gradients: poster titles often run from one colour at the top
// of the glyphs to another at the bottom. Read from the ink of each line: the
// mean colour of its top band against its bottom band, with the outline's
// pixels left out. A gradient is kept only when the ends differ clearly and
// the middle lies between them (two-tone text or a busy background does not).
import type { Rect, RgbaImage } from '../image/rgba-image.js';
import type { Rgb } from './color.js';

// A pixel is ink when it is this far (Euclidean RGB) from the background behind it.
const INK_DISTANCE = 64;
// Pixels this close to the outline colour belong to the outline.
const OUTLINE_RADIUS = 48;
// Top and bottom colours at least this far apart make a gradient.
const MIN_SPREAD = 60;

/**
 * The colours at the top and bottom of the glyphs when the fill is a vertical
 * gradient, else undefined.
 *
 * @param image - the source image
 * @param boxes - the block's line boxes (integer, inside the image)
 * @param backgrounds - the colour behind each box
 * @param outline - the outline colour, when the text has one
 * @internal
 */
export function inferGradient(image: RgbaImage, boxes: readonly Rect[], backgrounds: readonly Rgb[], outline: Rgb | undefined): { top: Rgb; bottom: Rgb } | undefined {
  const bands = [0, 1, 2].map(() => ({ r: 0, g: 0, b: 0, n: 0 }));
  boxes.forEach((box, i) => {
    const rows = inkRows(image, box, backgrounds[i], outline);
    if (!rows.length) return;
    const top = rows[0].y;
    const span = rows[rows.length - 1].y - top + 1;
    if (span < 6) return;
    for (const row of rows) {
      // Top 30%, middle, bottom 30% of the ink's height.
      const t = (row.y - top) / span;
      const band = bands[t < 0.3 ? 0 : t >= 0.7 ? 2 : 1];
      band.r += row.r;
      band.g += row.g;
      band.b += row.b;
      band.n += row.n;
    }
  });
  if (bands.some((b) => b.n < 20)) return undefined;
  const [top, mid, bottom] = bands.map((b): Rgb => [b.r / b.n, b.g / b.n, b.b / b.n]);
  const spread = dist(top, bottom);
  if (spread < MIN_SPREAD) return undefined;
  // Monotone: the middle band sits between the ends.
  if (dist(top, mid) + dist(mid, bottom) > 1.3 * spread) return undefined;
  return { top, bottom };
}

/** Per image row of the box: the summed colour and count of fill pixels (ink that is not outline). */
function inkRows(image: RgbaImage, box: Rect, bg: Rgb, outline: Rgb | undefined): Array<{ y: number; r: number; g: number; b: number; n: number }> {
  const { width: W, data } = image;
  const rows = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    let r = 0, g = 0, b = 0, n = 0;
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * W + x) * 4;
      const p: Rgb = [data[i], data[i + 1], data[i + 2]];
      if (dist(p, bg) < INK_DISTANCE) continue;
      if (outline && dist(p, outline) <= OUTLINE_RADIUS) continue;
      r += p[0];
      g += p[1];
      b += p[2];
      n++;
    }
    // A row with a sliver of ink is an anti-aliased edge, not the fill.
    if (n >= Math.max(2, 0.02 * box.width)) rows.push({ y, r, g, b, n });
  }
  return rows;
}

function dist(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
