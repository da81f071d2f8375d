/**
 * The check that a fill did not hand the glyphs back. Every fill method has a
 * way to keep text: the box-background rule keeps a colour it took for the
 * background, a plane or membrane fitted to a ring that still holds part of
 * an outline spreads that colour into the hole. After filling, the hole's
 * pixels are compared with two colour models: the background (the known
 * pixels just around the hole) and the glyphs (the hole's own colours that
 * the background does not explain, when they form strokes rather than a
 * plate). When many filled pixels still look like the glyphs, the fill is
 * refused and the next method tried.
 */
import { chessboardDepth, dominantColours, nearestColour, ringAround } from './hole-background.js';

/** Tuning of {@link glyphsSurvive}. @internal */
export interface GlyphCheckOptions {
  /** Width of the ring of known pixels around the hole that models the background, in pixels. Default 3. */
  ring?: number;
  /** Colour distance (RGB) beyond which a hole pixel is not explained by the background, before the ring's own noise is added. Default 40. */
  tolerance?: number;
  /** Share of the glyph pixels that may still look like glyphs after filling. Default 0.2. */
  maxSurvivors?: number;
}

/**
 * True when the fill `filled` of the hole pixels `hole` (1 = filled here)
 * still shows the glyphs of `original`: the hole's off-background colours
 * (far from the ring's one or two dominant colours) form strokes, not a plate
 * thicker than half the hole, and more than `maxSurvivors` of as many filled
 * pixels are closer to those glyph colours than to the background. Returns
 * false when there is nothing glyph-like to check (a hole of background
 * colour, a plate kept on purpose, a ring too busy to model).
 *
 * @param original - `w * h * 3` samples before filling (0..255)
 * @param filled - the same after filling
 * @param hole - `w * h` bytes, non-zero = filled
 * @internal
 */
export function glyphsSurvive(original: Float32Array, filled: Float32Array, hole: Uint8Array, w: number, h: number, options: GlyphCheckOptions = {}): boolean {
  const ringWidth = options.ring ?? 3;
  const tolerance = options.tolerance ?? 40;
  const maxSurvivors = options.maxSurvivors ?? 0.2;
  const ring = ringAround(hole, w, h, ringWidth);
  const inside: number[] = [];
  for (let i = 0; i < hole.length; i++) if (hole[i]) inside.push(i);
  if (ring.length < 16 || inside.length < 16) return false;
  const background = dominantColours(original, ring);
  if (background.length === 0) return false;
  const ringDists = ring.map((i) => nearestColour(original, i, background)).sort((a, b) => a - b);
  const noise = ringDists[ringDists.length >> 1];
  // A ring the model does not explain (a photo) says nothing about which colours are glyphs.
  if (ringDists[Math.floor(0.7 * ringDists.length)] > tolerance + 2 * noise) return false;
  const tol = tolerance + 2.5 * noise;
  const glyph = new Uint8Array(w * h);
  const glyphPixels: number[] = [];
  for (const i of inside)
    if (nearestColour(original, i, background) > tol) {
      glyph[i] = 1;
      glyphPixels.push(i);
    }
  if (glyphPixels.length < Math.max(16, 0.05 * inside.length)) return false;
  const glyphColours = dominantColours(original, glyphPixels);
  if (glyphColours.length === 0) return false;
  let survivors = 0;
  for (const i of inside) {
    const toGlyph = nearestColour(filled, i, glyphColours);
    if (toGlyph <= tol && toGlyph < nearestColour(filled, i, background)) survivors++;
  }
  if (survivors <= maxSurvivors * glyphPixels.length) return false;
  // Strokes, not a plate: a sign kept on purpose is as thick as the hole. (Checked last: most fills pass above.)
  const holeDepth = chessboardDepth(hole, w, h);
  const glyphDepth = chessboardDepth(glyph, w, h);
  let maxHole = 0;
  let maxGlyph = 0;
  for (const i of inside) {
    if (holeDepth[i] > maxHole) maxHole = holeDepth[i];
    if (glyphDepth[i] > maxGlyph) maxGlyph = glyphDepth[i];
  }
  return !(maxGlyph > 0.5 * maxHole && maxHole >= 5);
}
