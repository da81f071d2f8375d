/**
 * A decoration the mask missed. When a mask takes a title's fill and inner
 * outline but stops short of its outer outline, that outline lines the hole
 * as a thin band of one colour; every fill reads its colour at the hole's
 * border and paints the whole hole with it, leaving a solid silhouette of
 * the title. Such a band is told from background by its thinness: a colour
 * that lines most of the hole's border but is rare a few pixels further out
 * is not what lies behind the text. The fill then reads the surroundings
 * past the band (the band counts as unknown), while the band itself, outside
 * the mask, is left as it is.
 */
import { dominantColours, nearestColour, type Colour } from './hole-background.js';
import { chessboardNear } from './regions.js';

/** Tuning of {@link decorationRim}. @internal */
export interface DecorationRimOptions {
  /** Widest band taken for a rim, in pixels from the hole. Default 4. */
  width?: number;
  /** Colour distance (RGB) within which a pixel has the band's colour. Default 30. */
  tolerance?: number;
  /**
   * Largest share of the pixels next to the hole that may show the
   * background itself (the dominant colours past the band). An outline runs
   * all round (on the stress set at most 0.17 shows through its anti-aliased
   * gaps); a label's plate that the box overhangs lets the surround touch the
   * hole (0.27 on the SCUT pairs). Default 0.2.
   */
  maxReach?: number;
}

/**
 * The known pixels of a decoration band lining `hole` (see the module
 * comment), or undefined when the hole's border shows none: a colour must
 * cover at least half of the known pixels within two of the hole and at most
 * a seventh of those between `width + 1` and `width + 4` pixels out, and
 * the colours out there may show in at most `maxReach` of those next to it.
 *
 * @param rgb - `w * h * 3` samples (0..255)
 * @param hole - `w * h` bytes, non-zero = unknown
 * @param w - width
 * @param h - height
 * @param options - tuning
 * @internal
 */
export function decorationRim(rgb: Float32Array, hole: Uint8Array, w: number, h: number, options: DecorationRimOptions = {}): Uint8Array | undefined {
  const width = options.width ?? 4;
  const tolerance = options.tolerance ?? 30;
  const maxReach = options.maxReach ?? 0.2;
  const near2 = chessboardNear(hole, w, h, 2);
  const nearRim = chessboardNear(hole, w, h, width);
  const nearOuter = chessboardNear(hole, w, h, width + 4);
  const inner: number[] = [];
  const outer: number[] = [];
  for (let i = 0; i < hole.length; i++) {
    if (hole[i]) continue;
    if (near2[i]) inner.push(i);
    else if (nearOuter[i] && !nearRim[i]) outer.push(i);
  }
  if (inner.length < 32 || outer.length < 32) return undefined;
  const share = (pixels: number[], ...colours: Colour[]): number => pixels.filter((i) => nearestColour(rgb, i, colours) <= tolerance).length / pixels.length;
  const rimColours = dominantColours(rgb, inner).filter((c) => share(inner, c) >= 0.5 && share(outer, c) <= 1 / 7);
  if (rimColours.length === 0) return undefined;
  // The band must run all round: where the background itself reaches the hole, the band is a plate the box overhangs (a label), not an outline.
  if (share(inner, ...dominantColours(rgb, outer)) > maxReach) return undefined;
  const rim = new Uint8Array(hole.length);
  for (let i = 0; i < hole.length; i++) if (!hole[i] && nearRim[i] && nearestColour(rgb, i, rimColours) <= tolerance) rim[i] = 1;
  return rim;
}
