// Font weight from pixels: bold type has thicker strokes for its height.
// The stroke width is estimated as twice the ink area over the ink's edge
// length (a stroke of width w and length L has area wL and two edges of
// length L), with anti-aliased pixels counted by their coverage between the
// background and the fill colour. Measured on the bundled Noto faces (ink
// height 24-110 px): CJK regular 0.07-0.08 of the ink height, bold 0.10-0.13;
// Latin regular about 0.10, bold 0.16-0.17.
import type { Rect, RgbaImage } from '../image/rgba-image.js';
import type { Rgb } from './color.js';
import { inkCoverage } from './coverage.js';

/** Below this ink height (px) strokes are one or two pixels and the estimate is noise: weight stays normal. */
const MIN_INK_HEIGHT = 18;
// Stroke / ink height above which text is bold: lines with CJK, Latin-only lines.
const BOLD_CJK = 0.095;
const BOLD_LATIN = 0.13;
// Anti-aliasing widens the measured stroke by about half a pixel.
const EDGE_BIAS = 0.5;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/**
 * `bold` when the ink in `boxes` has strokes thick for its height, else `normal`.
 *
 * @param image - the source image
 * @param boxes - the block's line boxes (integer, inside the image)
 * @param backgrounds - the colour behind the glyphs of each box
 * @param fill - the glyphs' colour
 * @param text - the source text (CJK and Latin strokes differ)
 * @internal
 */
export function inferWeight(image: RgbaImage, boxes: readonly Rect[], backgrounds: readonly Rgb[], fill: Rgb, text: string): 'normal' | 'bold' {
  let area = 0;
  let edge = 0;
  const heights: number[] = [];
  boxes.forEach((r, b) => {
    const m = measureBox(image, r, backgrounds[b], fill);
    if (!m) return;
    area += m.area;
    edge += m.edge;
    heights.push(m.inkHeight);
  });
  if (!edge || !heights.length) return 'normal';
  heights.sort((p, q) => p - q);
  const inkHeight = heights[heights.length >> 1];
  if (inkHeight < MIN_INK_HEIGHT) return 'normal';
  const stroke = (2 * area) / edge - EDGE_BIAS;
  // With CJK in the line the ink height is the CJK glyphs' (digits beside them are shorter).
  const threshold = CJK.test(text) || !text.trim() ? BOLD_CJK : BOLD_LATIN;
  return stroke / inkHeight >= threshold ? 'bold' : 'normal';
}

function measureBox(image: RgbaImage, r: Rect, bg: Rgb, fill: Rgb): { area: number; edge: number; inkHeight: number } | undefined {
  const cover = inkCoverage(image, r, bg, fill);
  if (!cover) return undefined;
  let area = 0;
  let edge = 0;
  let top = -1;
  let bottom = -1;
  const w = r.width;
  for (let y = 1; y < r.height - 1; y++) {
    let rowInk = 0;
    for (let x = 1; x < w - 1; x++) {
      const k = y * w + x;
      // Faint coverage is background texture or JPEG noise, not ink.
      if (cover[k] >= 0.15) area += cover[k];
      if (cover[k] < 0.5) continue;
      rowInk++;
      if (cover[k - 1] < 0.5 || cover[k + 1] < 0.5 || cover[k - w] < 0.5 || cover[k + w] < 0.5) edge++;
    }
    if (rowInk > 0.03 * w) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return top < 0 ? undefined : { area, edge, inkHeight: bottom - top + 1 };
}
