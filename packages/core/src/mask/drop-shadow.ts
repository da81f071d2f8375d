import type { RgbaImage } from '../image/rgba-image.js';
import { quantileOf } from './colour-model.js';
import { PixelRole } from './line-segment.js';

/** A drop shadow found behind a line's glyphs: the glyph shapes moved by (`dx`, `dy`). @internal */
export interface DropShadow {
  dx: number;
  dy: number;
}

/** Farthest shadow offset tried, as a share of the text height. */
const MAX_OFFSET = 0.15;
/** Glyph pixels sampled per offset, at most (an even sample beyond that). */
const SAMPLES = 1000;
/** Least luminance by which the side the shadow falls on must be darker than the opposite side. */
const MIN_DARKENING = 16;
/** Least share of the shadow side's pixels that must be darker than the opposite side's median (by 10 levels). */
const MIN_DARKER_SHARE = 0.6;
/**
 * Most darkening, as a share of the shadow's, that the mirrored diagonal
 * (down-left for a shadow down-right) may show at the same distance. A
 * shadow falls one way; a surface that darkens downward (a floor, a
 * gradient, the lower part of a photo) darkens both diagonals alike.
 */
const MIRROR_SHARE = 0.5;

/**
 * Looks for a drop shadow: the glyphs, moved by some offset diagonally
 * down, darken the pixels they land on. For each diagonal and distance the
 * pixels just outside the glyphs on that side are compared with those on
 * the opposite side (same shapes, the other way): with a shadow one side is
 * dark and the other shows the surroundings; without one both show the
 * surroundings (anti-aliased rims alike). Why: the segmentation takes a
 * shadow's dark core, but on a photo whose darks it shares it misses the
 * rest, and a shadow left behind reads as ghost letters.
 *
 * Only diagonals are tried, as poster tools' default light from above
 * casts shadows: straight down was tried too, and a title's lower side is
 * often darker anyway.
 * @returns the offset whose side darkens most by a clear margin, or undefined
 * @internal
 */
export function findDropShadow(image: RgbaImage, x0: number, y0: number, w: number, h: number, glyphs: Uint8Array, roles: Uint8Array, size: number): DropShadow | undefined {
  const glyphPixels: number[] = [];
  for (let i = 0; i < glyphs.length; i++) if (glyphs[i]) glyphPixels.push(i);
  if (glyphPixels.length < 32) return undefined;
  const stride = Math.max(1, Math.floor(glyphPixels.length / SAMPLES));
  const maxOffset = Math.max(2, Math.round(size * MAX_OFFSET));
  const lum = (li: number): number => {
    const o = ((y0 + Math.floor(li / w)) * image.width + x0 + (li % w)) * 4;
    return 0.299 * image.data[o] + 0.587 * image.data[o + 1] + 0.114 * image.data[o + 2];
  };
  /** Luminances of the pixels just outside the glyphs that the glyphs moved by (dx, dy) land on. */
  const side = (dx: number, dy: number): number[] => {
    const out: number[] = [];
    for (let k = 0; k < glyphPixels.length; k += stride) {
      const li = glyphPixels[k];
      const x = (li % w) + dx;
      const y = Math.floor(li / w) + dy;
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      const ni = y * w + x;
      if (glyphs[ni] || roles[ni] === PixelRole.None) continue;
      out.push(lum(ni));
    }
    return out;
  };
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const tried: { dx: number; dy: number; darkening: number; darker: number }[] = [];
  const step = Math.max(1, Math.round(maxOffset / 6));
  for (let dist = step; dist <= maxOffset; dist += step) {
    for (const ux of [1, -1]) {
      const there = side(ux * dist, dist);
      const opposite = side(-ux * dist, -dist);
      if (there.length < 16 || opposite.length < 16) continue;
      const darkening = mean(opposite) - mean(there);
      // Most offsets fail on the means alone; the share test (a median) is only worked out for the others.
      const darker = darkening >= MIN_DARKENING ? shareBelow(there, quantileOf(opposite, 0.5) - 10) : 0;
      tried.push({ dx: ux * dist, dy: dist, darkening, darker });
    }
  }
  let best: (typeof tried)[number] | undefined;
  for (const t of tried) {
    const mirror = tried.find((m) => m.dx === -t.dx && m.dy === t.dy)?.darkening ?? 0;
    if (t.darkening < MIN_DARKENING || t.darker < MIN_DARKER_SHARE || mirror > MIRROR_SHARE * t.darkening) continue;
    if (!best || t.darkening > best.darkening) best = t;
  }
  return best && { dx: best.dx, dy: best.dy };
}

/** Share of `values` under `limit`. @internal */
function shareBelow(values: readonly number[], limit: number): number {
  let n = 0;
  for (const v of values) if (v < limit) n++;
  return n / values.length;
}

/**
 * Adds the glyphs moved by the shadow's offset to `glyphs`, where the window
 * shows them (not `None`): the shadow's visible part is that copy less the
 * glyphs themselves, which are already in. @internal
 */
export function addDropShadow(glyphs: Uint8Array, roles: Uint8Array, w: number, h: number, shadow: DropShadow): void {
  const source = glyphs.slice();
  const { dx, dy } = shadow;
  for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
    for (let x = Math.max(0, dx); x < Math.min(w, w + dx); x++) {
      const li = y * w + x;
      if (source[(y - dy) * w + x - dx] && roles[li] !== PixelRole.None) glyphs[li] = 255;
    }
  }
}
