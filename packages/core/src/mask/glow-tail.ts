// A glow's tail: the last few levels of a glow (or soft shadow) fade out
// past what the segmentation took. They are too faint to tell from the
// background pixel by pixel, but an inpainter that starts its fill from them
// spreads their tint over the whole hole (a pale ghost of the title). On a
// smooth background the tail shows ring by ring, all round the lettering.

import type { RgbaImage } from '../image/rgba-image.js';
import { chessboardDistance } from '../image/chessboard-distance.js';
import { quantileOf } from './colour-model.js';
import { PixelRole } from './line-segment.js';
import { fitLocalPlanes } from './smooth-background.js';

/**
 * Median RGB distance of a ring of pixels from the background planes, above
 * the far band's own median, below which the ring counts as background: a
 * tint of one level or so spread over a hole is invisible.
 */
const TAIL_END = 1.5;
/**
 * Largest median RGB distance from the planes, above the far band's median,
 * of the ring right next to the mask for it to be a tail: glows measure
 * 8-11 on the stress set; a plate the text sits on (a pill) 150 or more.
 */
const TAIL_START = 32;
/** Most far-band pixels the planes are fitted to and the band is gauged by. */
const FAR_SAMPLES = 1500;
/**
 * Largest median distance of the far band from its plane for the
 * background to count as smooth. Gradients measure 1-2; bokeh, texture and
 * photos measure far more, and on them a faint tail cannot be told from the
 * background's own ups and downs (growing there only adds pixels to guess).
 */
const SMOOTH_MEDIAN = 3;
/** Largest mean distance of the far band from its plane: a band that crosses an edge (a plate's rim) is no smooth background even where its median is. */
const SMOOTH_MEAN = 4;

/**
 * How many pixels beyond `mask` (the line's mask so far, window-local) a
 * glow's faint tail still reaches, on a smooth background: 0 when the
 * background is not smooth or nothing is left past the mask.
 *
 * The background is a plane per stretch of the line (about a text height
 * long) fitted to a band of pixels further out than the tail can reach; each
 * ring of pixels at chessboard distance 1, 2, ... from the mask is compared
 * with them by its median, and the tail ends at the first ring within
 * {@link TAIL_END} of the band's own median.
 * @internal
 */
export function glowTailReach(image: RgbaImage, x0: number, y0: number, w: number, h: number, mask: Uint8Array, roles: Uint8Array, maxReach: number, size: number): number {
  if (maxReach < 1) return 0;
  const d = chessboardDistance(mask, w, h);
  const farFrom = maxReach + 2;
  const farTo = farFrom + Math.max(4, Math.round(maxReach / 2));
  const W = image.width;
  const across = w >= h;
  const along = across ? (gi: number): number => (gi % W) - x0 : (gi: number): number => Math.floor(gi / W) - y0;
  let far: number[] = [];
  const near: number[] = [];
  const nearDistance: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      if (roles[li] === PixelRole.None || d[li] < 1) continue;
      const gi = (y0 + y) * W + x0 + x;
      if (d[li] >= farFrom && d[li] <= farTo) far.push(gi);
      else if (d[li] <= maxReach) { near.push(gi); nearDistance.push(d[li]); }
    }
  if (far.length < 64) return 0;
  // A few thousand pixels, spread over the band, fit its planes and gauge it as well as all of it.
  const stride = Math.max(1, Math.floor(far.length / FAR_SAMPLES));
  if (stride > 1) far = far.filter((_, k) => k % stride === 0);
  // A plane per stretch of the line, about a text height long, fitted to the far band only.
  const planes = fitLocalPlanes(image.data, W, far, { x: along, y: () => 0, width: across ? w : h, height: 1, tileX: Math.max(16, Math.round(size)), tileY: Infinity });
  const farResiduals: number[] = [];
  for (const gi of far) {
    const local = planes(along(gi), 0);
    if (local) farResiduals.push(local.plane.residual(gi));
  }
  if (farResiduals.length < 64) return 0;
  const floor = quantileOf(farResiduals, 0.5);
  if (floor > SMOOTH_MEDIAN) return 0;
  let level = 0;
  for (const r of farResiduals) level += r;
  level /= farResiduals.length;
  // A median can hide an edge across the band (a pill's rim, another object): the mean cannot.
  if (level > SMOOTH_MEAN) return 0;

  // Medians, ring by ring: a glow's tail runs all round the lettering, while an edge that crosses one
  // stretch (a shadow's border, a board's two tones) moves only a share of the ring.
  const rings: number[][] = Array.from({ length: maxReach + 1 }, () => []);
  for (let k = 0; k < near.length; k++) {
    const local = planes(along(near[k]), 0);
    if (local) rings[nearDistance[k]].push(local.plane.residual(near[k]));
  }
  const offAt = (k: number): number => quantileOf(rings[k], 0.5) - floor;
  // What the segmentation left next to the mask is faint; a strong ring there is a plate or an object it rightly left out.
  if (rings[1].length >= 16 && offAt(1) > TAIL_START) return 0;
  for (let k = 1; k <= maxReach; k++) {
    if (rings[k].length < 16 || offAt(k) <= TAIL_END) return k - 1;
  }
  return maxReach;
}
