// A gradient fill's far end: a title filled with a gradient (light lavender
// at the top, deep blue at the bottom) can pass through colours the
// background also shows, and there the segmentation, which asks "is this
// pixel unlike the background?", drops the glyphs' top bars, which then stay
// in the picture. They are still joined to the rest of the fill without an
// edge: the fill changes a level or two per pixel, while a glyph's outline
// against any background is a jump. Following the fill from the glyphs'
// inside, step by step through pixels with no edge around them, takes those
// bars back.

import type { RgbaImage } from '../image/rgba-image.js';
import { chessboardDistance, invertMask } from '../image/chessboard-distance.js';
import { colourBin } from '../image/colour-bins.js';
import { forEachNeighbourBin, quantileOf } from './colour-model.js';
import { PixelRole } from './line-segment.js';

/**
 * Largest difference (per channel) between neighbouring pixels of one
 * gradient fill: a fill across a 40 px glyph changes a few levels per pixel
 * at most; a glyph's anti-aliased edge against its background jumps by a
 * third of the contrast or more.
 */
const FILL_STEP = 6;

/**
 * Adds to `glyphs` (window-local, 255 = glyph; modified in place) the pixels
 * inside the OCR polygon (`roles` Core) reached from the glyphs' inside
 * through the fill: from glyph pixels whose four neighbours are glyph pixels
 * too (away from the anti-aliased rim) and whose colour the surroundings
 * (`roles` Ring) do not show, through neighbours that differ by at most
 * {@link FILL_STEP} per channel and sit in no edge themselves. Each piece
 * reached is kept only when it is no thicker than the glyphs' strokes.
 * Returns how many pixels were added.
 * @internal
 */
export function followGlyphFill(image: RgbaImage, x0: number, y0: number, w: number, h: number, glyphs: Uint8Array, roles: Uint8Array): number {
  // The window's pixels (RGBA, as the page), so a neighbour is an index step away.
  const d = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const row = ((y0 + y) * image.width + x0) * 4;
    d.set(image.data.subarray(row, row + w * 4), y * w * 4);
  }
  const at = (li: number): number => li * 4;
  const close = (a: number, b: number): boolean =>
    Math.abs(d[a] - d[b]) <= FILL_STEP && Math.abs(d[a + 1] - d[b + 1]) <= FILL_STEP && Math.abs(d[a + 2] - d[b + 2]) <= FILL_STEP;
  // The four neighbours of li, -1 past the window's edge; no arrays, this runs for every glyph pixel.
  const neighbour = (li: number, k: number): number => {
    const x = li % w;
    if (k === 0) return x > 0 ? li - 1 : -1;
    if (k === 1) return x < w - 1 ? li + 1 : -1;
    if (k === 2) return li >= w ? li - w : -1;
    return li < w * (h - 1) ? li + w : -1;
  };
  const smooth = (li: number): boolean => {
    const o = at(li);
    for (let k = 0; k < 4; k++) {
      const n = neighbour(li, k);
      if (n >= 0 && !close(o, at(n))) return false;
    }
    return true;
  };
  // Colours the surroundings show (16 levels a bin, with the neighbouring bins): a seed in one of them may be
  // background the segmentation took with the glyphs, and the walk from it would go on through the background.
  const ringBins = new Uint32Array(4096);
  let ringCount = 0;
  for (let li = 0; li < w * h; li++) {
    if (roles[li] !== PixelRole.Ring) continue;
    ringBins[colourBin(d, at(li))]++;
    ringCount++;
  }
  const shown = new Uint8Array(4096);
  for (let b = 0; b < 4096; b++) if (ringBins[b] >= Math.max(2, ringCount * 0.001)) forEachNeighbourBin(b, (n) => (shown[n] = 1));
  const unlikeRing = (li: number): boolean => !shown[colourBin(d, at(li))];
  const queue: number[] = [];
  const seen = new Uint8Array(w * h);
  for (let li = 0; li < w * h; li++) {
    if (!glyphs[li]) continue;
    let inside = true;
    for (let k = 0; k < 4 && inside; k++) {
      const n = neighbour(li, k);
      inside = n >= 0 && glyphs[n] !== 0;
    }
    if (inside && unlikeRing(li) && smooth(li)) {
      seen[li] = 1;
      queue.push(li);
    }
  }
  const added = new Uint8Array(w * h);
  let count = 0;
  for (let head = 0; head < queue.length; head++) {
    const li = queue[head];
    const o = at(li);
    for (let k = 0; k < 4; k++) {
      const n = neighbour(li, k);
      if (n < 0 || seen[n] || (!glyphs[n] && roles[n] !== PixelRole.Core)) continue;
      if (!close(o, at(n)) || !smooth(n)) continue;
      seen[n] = 1;
      if (!glyphs[n]) {
        added[n] = 1;
        count++;
      }
      queue.push(n);
    }
  }
  if (count === 0) return 0;
  // How thick the strokes are: the depth most glyph pixels lie within. A piece reached that is thicker is
  // background that continues the fill somewhere, not a stroke.
  const glyphDepth = chessboardDistance(invertMask(glyphs), w, h, true);
  const depths: number[] = [];
  for (let li = 0; li < w * h; li++) if (glyphs[li]) depths.push(glyphDepth[li]);
  const stroke = quantileOf(depths, 0.95) + 1;
  const both = new Uint8Array(w * h);
  for (let li = 0; li < w * h; li++) both[li] = glyphs[li] || added[li] ? 1 : 0;
  const depth = chessboardDistance(invertMask(both), w, h, true);
  let kept = 0;
  const piece = new Uint8Array(w * h);
  for (let start = 0; start < w * h; start++) {
    if (!added[start] || piece[start]) continue;
    const members = [start];
    piece[start] = 1;
    let thickest = 0;
    for (let k = 0; k < members.length; k++) {
      const li = members[k];
      if (depth[li] > thickest) thickest = depth[li];
      for (let j = 0; j < 4; j++) {
        const n = neighbour(li, j);
        if (n >= 0 && added[n] && !piece[n]) {
          piece[n] = 1;
          members.push(n);
        }
      }
    }
    if (thickest > stroke) continue;
    for (const li of members) glyphs[li] = 255;
    kept += members.length;
  }
  return kept;
}
