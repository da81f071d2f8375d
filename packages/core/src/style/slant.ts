// Italic / oblique type from pixels. Upright glyphs are built on vertical
// stems, so the column histogram of their vertical edges has tall narrow
// peaks; slanted glyphs lean those stems and smear the peaks. Shearing the
// edges back by the right angle restores them: the angle whose sheared
// histogram is peakiest (largest sum of squares, the classic skew criterion)
// is the slant. Edges rather than ink, because horizontal bars and bowls add
// the same mass at every angle and dilute the peaks (on drawn titles the
// gain of the true angle over 0° rose from 1.12-1.23 with ink to 1.42-1.81).
import type { Rect, RgbaImage } from '../image/rgba-image.js';
import type { Rgb } from './color.js';
import { inkCoverage } from './coverage.js';

/** Candidate slants in degrees (top of the glyphs to the right is positive); backslanted type is rare. */
const MIN_ANGLE = -5;
const MAX_ANGLE = 25;
/** Below this box height (px) stems are too short for the shear to tell. */
const MIN_HEIGHT = 18;
/**
 * Italic when the best angle is at least this steep: true italics and
 * synthetic obliques lean 10-15°; smaller optima are stroke details
 * (diagonal strokes of CJK, round letters) rather than a slant.
 */
const MIN_SLANT = 8;
/** ...and its stem histogram this much peakier than the upright reading (drawn titles: upright text peaks at 0°, a 12-18° oblique scores 1.4-1.8x its upright reading). */
const MIN_GAIN = 1.25;

/**
 * The slant in degrees of the glyphs in `boxes` (top leaning right is
 * positive), or 0 when the text is upright or too small to tell.
 *
 * @param image - the source image
 * @param boxes - the block's horizontal line boxes (integer, inside the image)
 * @param backgrounds - the colour behind the glyphs of each box
 * @param fill - the glyphs' colour
 * @internal
 */
export function inferSlant(image: RgbaImage, boxes: readonly Rect[], backgrounds: readonly Rgb[], fill: Rgb): number {
  const scores = new Float64Array(MAX_ANGLE - MIN_ANGLE + 1);
  let measured = false;
  boxes.forEach((r, b) => {
    if (r.height < MIN_HEIGHT) return;
    const cover = inkCoverage(image, r, backgrounds[b], fill);
    if (!cover) return;
    measured = true;
    const edges = verticalEdges(cover, r.width, r.height);
    for (let a = MIN_ANGLE; a <= MAX_ANGLE; a++) scores[a - MIN_ANGLE] += shearPeakiness(edges, r.width, r.height, Math.tan((a * Math.PI) / 180));
  });
  if (!measured) return 0;
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  const angle = best + MIN_ANGLE;
  const upright = scores[-MIN_ANGLE];
  return angle >= MIN_SLANT && upright > 0 && scores[best] >= MIN_GAIN * upright ? angle : 0;
}

/**
 * Horizontal change of coverage at each pixel: large on the left and right
 * sides of stems, small inside strokes and along horizontal bars, so the
 * histogram measures stems rather than ink mass.
 */
function verticalEdges(cover: Float32Array, w: number, h: number): Float32Array {
  const edges = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 1; x < w - 1; x++) edges[y * w + x] = Math.abs(cover[y * w + x + 1] - cover[y * w + x - 1]) / 2;
  }
  return edges;
}

/**
 * Sum of squares of the column histogram of `cover` (w × h) after shearing
 * each row left by `tan` × its height above the bottom row, which stands
 * text slanted by atan(tan) upright.
 */
function shearPeakiness(cover: Float32Array, w: number, h: number, tan: number): number {
  const pad = Math.ceil(Math.abs(tan) * h) + 2;
  const hist = new Float64Array(w + 2 * pad);
  for (let y = 0; y < h; y++) {
    const shift = pad - tan * (h - 1 - y);
    const whole = Math.floor(shift);
    const frac = shift - whole;
    for (let x = 0; x < w; x++) {
      const c = cover[y * w + x];
      // Faint changes are background texture or JPEG noise, not stem edges.
      if (c < 0.1) continue;
      hist[x + whole] += c * (1 - frac);
      hist[x + whole + 1] += c * frac;
    }
  }
  // Every angle but 0° splits pixels over two bins; blurring all histograms
  // alike keeps that from favouring the upright reading.
  let sum = 0;
  for (let i = 1; i < hist.length - 1; i++) {
    const v = 0.25 * hist[i - 1] + 0.5 * hist[i] + 0.25 * hist[i + 1];
    sum += v * v;
  }
  return sum;
}
