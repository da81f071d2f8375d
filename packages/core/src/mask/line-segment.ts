import type { RgbaImage } from '../image/rgba-image.js';
import { createMask, type Mask } from '../image/rgba-image.js';
import { colourModel, excessColours, nearestDistance, quantileOf, type ColourModel, type Rgb } from './colour-model.js';
import { chessboardDistance } from '../image/chessboard-distance.js';
import { dilateMask } from './mask-ops.js';
import { fitSmoothBackground } from './smooth-background.js';
import type { TextMaskMethod } from './text-mask.js';

/**
 * Role of each pixel of a line's window: `None` outside the ring or inside
 * another line's box; `Ring` the surroundings; `Band` inside the grown box but
 * outside the OCR polygon (the box's own border); `Core` inside the polygon.
 * @internal
 */
export const PixelRole = { None: 0, Ring: 1, Band: 2, Core: 3 } as const;

/** A window of the page around one line, with each pixel's role. @internal */
export interface LineWindow {
  image: RgbaImage;
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** `width * height` roles, row-major. */
  roles: Uint8Array;
  /** Text height in pixels. */
  size: number;
}

/** Share of the ring a two-colour model must explain for the ring to count as the background. */
const RING_COVERAGE = 0.8;
/** Share of the box's own border the surroundings must reach for it to be sampled as their continuation; below it the plate is read from that border. */
const BORDER_AGREEMENT = 0.6;
/** Share of the unreached border a two-colour model must explain for it to count as a plate. */
const PLATE_COVERAGE = 0.7;
/** The same when the plate's colour is read from the whole box, glyphs included. */
const PLATE_COVERAGE_IN_BOX = 0.5;
/** Smallest share of the box a plate covers. */
const PLATE_SHARE = 0.3;
/** Widest outline, as a share of the text height: a "plate" all within it of the glyphs is their outline. */
const OUTLINE_WIDTH = 0.15;
/** Share of a plate within {@link OUTLINE_WIDTH} of the glyphs above which it is an outline. */
const OUTLINE_SHARE = 0.9;
/** Share of the box the surroundings do not reach above which a colour hugging the glyphs is a plate, not a thick outline (outlined titles measure 0.45-0.65, a badge 0.88-0.97). */
const PLATE_FILLS_BOX = 0.8;
/**
 * Largest share of the OCR polygon the surroundings reach into for a plate. Glyphs on a plate have the
 * plate between them; when the surroundings show between them, the "plate" is their own fill (a heavy
 * title: its strokes fill much of the box and leave sparse counters as "glyphs"). Real plates measure
 * 0-0.12, a heavy or gradient fill taken for one 0.19-0.46.
 */
const PLATE_OPEN_CORE = 0.15;
/** Distance to a colour far more common in the box than in the ring (the fill) within which a pixel is text, as a share of the tolerance. */
const FILL_TOLERANCE = 0.6;
/** Widest thick outline (a poster title's), as a share of the text height. */
const THICK_OUTLINE_WIDTH = 0.3;
/** Share of a plate within {@link THICK_OUTLINE_WIDTH} of the glyphs above which it may be a thick outline. */
const THICK_OUTLINE_SHARE = 0.97;
/** Largest share of the ring in the plate's colour for a thick outline: a plate or pill continues outside the box, an outline hardly does. */
const THICK_OUTLINE_RING = 0.08;
/** How far past the strokes a decoration (glow, shadow, extrusion) is followed, as a share of the text height. */
const DECORATION_REACH = 0.5;
/** Largest noise of the ring's colour model (median distance to it) for which decorations are followed. */
const SMOOTH_NOISE = 20;
/** How far past the colour it grows from a fall-off may step (a glow brighter than its core is not one), as a share of that colour's distance to the background. */
const FALL_OFF_OVERSHOOT = 1.15;
/** Smallest distance from the fall-off segment a pixel may lie, in RGB units. */
const FALL_OFF_SPREAD = 14;
/** Colour distance added to the ring's 98th-percentile deviation from its model, below which a pixel is background. */
const FAINT_MARGIN = 8;

/**
 * Decides which pixels of a line's window are glyphs (255 in the result).
 *
 * First the surroundings are flooded into the box: from ring pixels near one
 * of the ring's one or two dominant colours, through pixels near them. What
 * the flood does not reach is glyphs, plus a plate or outline if there is one.
 *
 * - `plate`: a good part of the box is one colour the surroundings do not
 *   reach (light text on a dark sign in a white ceiling, white on a coloured
 *   pill on a white board) and it extends well past the glyphs: that colour is
 *   the background, text is what differs from it, and the plate is kept. A
 *   "plate" that lies all within a small distance of the glyphs is their
 *   outline or shadow, and is text (it belongs to the lettering). Nor is a
 *   colour with the surroundings showing between its glyphs, inside the OCR
 *   polygon: that is a heavy title's own fill.
 * - `background`: the ring is one or two colours (they explain most of it):
 *   every box pixel that differs from them is text, outlines included.
 * - `text-colour`: busy surroundings: pixels near the colours that are far
 *   more common inside the box than around it (up to three: a double
 *   outline's fill and both outlines), so a photo keeps its detail.
 * - `box`: none of these separates anything.
 *
 * With `background` and `plate`, glyph pixels that continue past the box
 * (punctuation or an outline the OCR box clipped) are followed into the ring,
 * and decorations that fade into the background are followed outward (with
 * `background`, against a plane fitted to the ring when that explains it more
 * tightly than its colours: a gradient). Before all this, an outline or
 * shadow that spills into the ring is handed to the box (see
 * {@link withSpillAsBox}).
 * @internal
 */
export function segmentLineWindow(win: LineWindow, tolerance: number): SegmentedLine {
  const { image, x0, y0, width: w, height: h, size } = win;
  const data = image.data;
  const W = image.width;
  // An outline or shadow wider than the box's margin spills into the ring: there it is lettering, not surroundings.
  const spill = withSpillAsBox(win, tolerance);
  const roles = spill.roles;
  const glyphs = new Uint8Array(w * h);
  const ring: number[] = [];
  const band: number[] = [];
  const box: number[] = [];
  const ringLocal: number[] = [];
  const boxLocal: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      const gi = (y0 + y) * W + x0 + x;
      const role = roles[li];
      if (role === PixelRole.Ring) {
        ring.push(gi);
        ringLocal.push(li);
      } else if (role >= PixelRole.Band) {
        box.push(gi);
        boxLocal.push(li);
        if (role === PixelRole.Band) band.push(gi);
      }
    }
  if (box.length === 0) return { method: 'box', glyphs };

  const W0 = (li: number): number => (y0 + Math.floor(li / w)) * W + x0 + (li % w);
  /** Marks every box pixel that `isText` accepts, then follows glyphs out into the ring. */
  const markWith = (isText: (li: number, gi: number) => boolean): void => {
    for (let k = 0; k < box.length; k++) if (isText(boxLocal[k], box[k])) glyphs[boxLocal[k]] = 255;
    followIntoRing(glyphs, roles, w, h, (li) => isText(li, W0(li)));
  };

  const ringModel = ring.length >= 16 ? (spill.ringModel ?? colourModel(data, ring, 2, tolerance)) : undefined;
  if (ringModel) {
    const modes = ringModel.modes;
    const tol = tolerance + 2.5 * ringModel.noise;
    const distance = new Float32Array(w * h);
    for (let k = 0; k < ring.length; k++) distance[ringLocal[k]] = nearestDistance(data, ring[k], modes);
    for (let k = 0; k < box.length; k++) distance[boxLocal[k]] = nearestDistance(data, box[k], modes);
    // The surroundings reach into the box wherever the ring's colours continue unbroken.
    const reached = reachFromRing(distance, roles, w, h, tol);
    // Pixels the surroundings do not reach: the glyphs, and a plate or outline if there is one.
    const unreachedBand: number[] = [];
    const unreachedBox: number[] = [];
    for (let k = 0; k < box.length; k++) {
      if (reached[boxLocal[k]]) continue;
      unreachedBox.push(box[k]);
      if (roles[boxLocal[k]] === PixelRole.Band) unreachedBand.push(box[k]);
    }
    const ringIsBackground = ringModel.coverage >= RING_COVERAGE;
    // The plate's colour is read from the box's border where the surroundings do not reach it; when the
    // OCR box hugs the plate (a pill the size of the line), from all that they do not reach.
    const plateSample = unreachedBand.length > (1 - BORDER_AGREEMENT) * band.length ? unreachedBand : unreachedBox;
    let plate: ColourModel | undefined;
    // A plate fills a good part of the box; glyphs alone on the surroundings do not.
    if (plateSample.length >= 16 && unreachedBox.length >= PLATE_SHARE * box.length) {
      const candidate = colourModel(data, plateSample, plateSample === unreachedBand ? 2 : 1, tolerance);
      // Sampled from the whole box, the plate shares it with the glyphs.
      if (candidate.coverage >= (plateSample === unreachedBand ? PLATE_COVERAGE : PLATE_COVERAGE_IN_BOX)) {
        const plateTol = tolerance + 2.5 * candidate.noise;
        const split = splitPlate(data, box, boxLocal, reached, candidate.modes, plateTol, w, h, [OUTLINE_WIDTH, THICK_OUTLINE_WIDTH].map((k) => Math.max(1, Math.round(size * k))));
        // A thick outline (poster titles) hugs the glyphs within a wider reach, and unlike a plate it hardly shows outside the box.
        const inRing = ring.filter((gi) => nearestDistance(data, gi, candidate.modes) <= plateTol).length / ring.length;
        // Nor does it fill the box: the surroundings show between the outlined glyphs, while a badge's plate
        // (white letters on a red square) fills all the box around its glyphs and is kept.
        const fillsBox = unreachedBox.length >= PLATE_FILLS_BOX * box.length;
        // A pill the text fills tightly also lies mostly within an outline's width of the glyphs; but an outline
        // follows them all the way (nearly every pixel within that width) and dents between them, while the
        // pill reaches past them at its ends and, with its glyphs, is a convex solid.
        const pill = split.hugging[0] < PILL_MAX_HUGGING && solidity(boxLocal.filter((li) => !reached[li]), w) >= PILL_SOLIDITY;
        const outline = (split.hugging[0] >= OUTLINE_SHARE && !pill) || (split.hugging[1] >= THICK_OUTLINE_SHARE && inRing < THICK_OUTLINE_RING && !fillsBox);
        // A plate is a good part of the box, holds glyphs, and reaches well past them.
        if (split.plate >= PLATE_SHARE * box.length && split.glyphs >= 0.02 * box.length && !outline && openCore(roles, reached) <= PLATE_OPEN_CORE) plate = candidate;
      }
    }
    // What the background model leaves unexplained: above nearly all of the ring's own deviations from it.
    const ringDistances = ringLocal.map((li) => distance[li]);
    const faint = quantileOf(ringDistances, 0.98) + FAINT_MARGIN;
    // On busy surroundings (a photo) "unexplained" is every detail: decorations are followed only where the background is smooth.
    const reach = ringModel.noise <= SMOOTH_NOISE ? Math.round(size * DECORATION_REACH) : 0;
    if (plate) {
      const plateModes = plate.modes;
      const plateTol = tolerance + 2.5 * plate.noise;
      markWith((li, gi) => !reached[li] && nearestDistance(data, gi, plateModes) > plateTol);
      const plateFaint = Math.max(faint, 3 * plate.noise + FAINT_MARGIN);
      growDecoration(win, glyphs, () => [...modes, ...plateModes], reach, (li) => distance[li] > faint && nearestDistance(data, W0(li), plateModes) > plateFaint);
      return { method: 'plate', glyphs };
    }
    if (ringIsBackground) {
      // A fill the ring happens to share a colour with (white letters by white bokeh lights) is still far more common in the box.
      const fills = excessColours(data, box, ring);
      const fillTol = tolerance * FILL_TOLERANCE;
      markWith((li, gi) => distance[li] > tol || (fills.length > 0 && nearestDistance(data, gi, fills) <= fillTol));
      // On a gradient a plane explains the ring far more tightly than its one or two colours: a glow fading into it is then told from it further out.
      const smooth = fitSmoothBackground(data, W, ring);
      // The ring's deviations from the plane, on an even sample of it (the quantiles need no more).
      const step = Math.max(1, Math.floor(ring.length / 4096));
      const residuals: number[] = [];
      if (smooth) for (let k = 0; k < ring.length; k += step) residuals.push(smooth.residual(ring[k]));
      const smoothFaint = smooth ? quantileOf(residuals, 0.98) + FAINT_MARGIN : Infinity;
      // How far each glyph pixel stands out: from the plane where it is the background model, else from the ring's colours.
      let unexplained: (li: number) => number = (li) => distance[li];
      if (smooth && smoothFaint < faint) {
        unexplained = (li) => smooth.residual(W0(li));
        const smoothReach = quantileOf(residuals, 0.5) <= SMOOTH_NOISE ? Math.round(size * DECORATION_REACH) : 0;
        if (smoothReach > 0) {
          const residual = smooth.residualMap(x0, y0, w, h);
          unexplained = (li) => residual[li];
          growDecoration(win, glyphs, (li) => [smooth.colourAt(W0(li))], smoothReach, (li) => residual[li] > smoothFaint);
        }
      } else growDecoration(win, glyphs, () => modes, reach, (li) => distance[li] > faint);
      return { method: 'background', glyphs, faded: fadedShare(unexplained, glyphs) };
    }
    // Busy surroundings: look for the text's own colour(s) instead.
    // Up to three: a double outline is a fill and two outline colours.
    const textColours: Rgb[] = excessColours(data, box, ring, 3);
    if (textColours.length > 0) {
      const tol = tolerance * 1.2;
      for (let k = 0; k < box.length; k++) if (nearestDistance(data, box[k], textColours) <= tol) glyphs[boxLocal[k]] = 255;
      return { method: 'text-colour', glyphs };
    }
  }
  return { method: 'box', glyphs };
}

/** What {@link segmentLineWindow} found for one line. @internal */
export interface SegmentedLine {
  method: TextMaskMethod;
  /** 255 where the line's lettering is, on the window. */
  glyphs: Uint8Array;
  /**
   * For `background` lines, the share of the lettering's pixels that stand
   * out from the background by less than a third of its contrast: near 0 for
   * crisp letters (only their anti-aliased rim), large for a glow or a soft
   * fall-off. `undefined` for the other methods.
   */
  faded?: number;
}

/**
 * The share of the glyph pixels whose `unexplained` score (distance from the
 * background model) is under a third of the lettering's contrast (the 90th
 * percentile of the score over the glyphs). @internal
 */
function fadedShare(unexplained: (li: number) => number, glyphs: Uint8Array): number {
  const scores: number[] = [];
  for (let i = 0; i < glyphs.length; i++) if (glyphs[i]) scores.push(unexplained(i));
  if (scores.length < 16) return 0;
  const contrast = quantileOf(scores, 0.9);
  let faint = 0;
  for (const v of scores) if (v < contrast / 3) faint++;
  return faint / scores.length;
}

/**
 * Below this share of a plate within an outline's width of the glyphs, a
 * plate that is a convex solid with its glyphs ({@link PILL_SOLIDITY}) is a
 * pill, not an outline: outlines measure 0.99 and up once that solid (the
 * stress set's and the fixtures' outlined titles), the tight red pill of
 * fixture train_0 0.93.
 */
const PILL_MAX_HUGGING = 0.975;
/**
 * Least share of its convex hull that a pill with its glyphs fills: 0.997
 * for train_0's pill; at most 0.85 for the outlines that follow their glyphs
 * less closely than {@link PILL_MAX_HUGGING}, and 0.956 for a double outline
 * so wide it fills its box and spills past it (a test's "BEST PRICE").
 */
const PILL_SOLIDITY = 0.985;

/**
 * The share of their convex hull that the given window pixels (`w` wide)
 * fill: 1 for a rectangle or a pill, less the more the shape dents. The hull
 * is that of each row's two ends, which is the hull of the whole set.
 * @internal
 */
function solidity(pixels: readonly number[], w: number): number {
  if (pixels.length === 0) return 0;
  const rows = new Map<number, [number, number]>();
  for (const li of pixels) {
    const x = li % w;
    const y = (li - x) / w;
    const r = rows.get(y);
    if (!r) rows.set(y, [x, x]);
    else if (x < r[0]) r[0] = x;
    else if (x > r[1]) r[1] = x;
  }
  // Pixel corners, so a one-pixel-wide shape still has an area.
  const points: [number, number][] = [];
  for (const [y, [x0, x1]] of rows) points.push([x0, y], [x1 + 1, y], [x0, y + 1], [x1 + 1, y + 1]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  // Andrew's monotone chain: the lower and upper halves of the hull.
  const half = (ordered: [number, number][]): [number, number][] => {
    const chain: [number, number][] = [];
    for (const p of ordered) {
      while (chain.length >= 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) chain.pop();
      chain.push(p);
    }
    chain.pop();
    return chain;
  };
  const hull = [...half(points), ...half(points.slice().reverse())];
  let twice = 0;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return twice ? pixels.length / Math.abs(twice / 2) : 0;
}

/** Smallest share of the ring's inner part a colour must hold to be checked for spilling lettering. */
const SPILL_MIN_SHARE = 0.12;
/** A colour whose share in the ring's outer part is below this fraction of its share in the inner part does not reach out into the surroundings. */
const SPILL_OUTER_RATIO = 0.1;

/**
 * The window's roles, with the ring pixels that belong to the lettering
 * turned into box pixels (`Band`). A thick or double outline, or a drop
 * shadow, can reach further out than the box's margin; in the ring it is then
 * one of the "surroundings'" dominant colours, and the lettering's own edge
 * would count as background. Unlike the surroundings, such a colour lies
 * along the box: common in the ring's inner half, it all but vanishes from its
 * outer half. Those pixels (within the tolerance of that colour, in the inner
 * part) are handed to the box, where they are tested like the glyphs.
 * @internal
 */
function withSpillAsBox(win: LineWindow, tolerance: number): { roles: Uint8Array; ringModel?: ColourModel } {
  const { image, x0, y0, width: w, height: h, roles } = win;
  const data = image.data;
  const W = image.width;
  const ringLocal: number[] = [];
  const ring: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      if (roles[li] !== PixelRole.Ring) continue;
      ringLocal.push(li);
      ring.push((y0 + y) * W + x0 + x);
    }
  if (ring.length < 16) return { roles };
  // The model of the ring as it stands, handed back for reuse when nothing spills.
  const model = colourModel(data, ring, 2, tolerance);
  const { depth, maxDepth } = ringDepth(roles, w, h);
  if (maxDepth < 4) return { roles, ringModel: model };
  const innerCount = [0, 0];
  const outerCount = [0, 0];
  let inner = 0;
  let outer = 0;
  // The shares are read from an even sample of the ring (a few thousand pixels say as much as all of it).
  const step = Math.max(1, Math.floor(ring.length / 4096));
  for (let k = 0; k < ring.length; k += step) {
    const d = depth[ringLocal[k]];
    if (d < 0) continue;
    const isInner = d <= maxDepth / 2;
    if (isInner) inner++;
    else outer++;
    const m = nearestModeOf(data, ring[k], model.modes, tolerance);
    if (m < 0) continue;
    (isInner ? innerCount : outerCount)[m]++;
  }
  if (inner < 16 || outer < 16) return { roles, ringModel: model };
  let out: Uint8Array | undefined;
  for (let m = 0; m < model.modes.length; m++) {
    const innerShare = innerCount[m] / inner;
    const outerShare = outerCount[m] / outer;
    if (innerShare < SPILL_MIN_SHARE || outerShare >= SPILL_OUTER_RATIO * innerShare) continue;
    out ??= Uint8Array.from(roles);
    for (let k = 0; k < ring.length; k++) {
      const li = ringLocal[k];
      if (depth[li] > 0 && depth[li] <= maxDepth / 2 && nearestModeOf(data, ring[k], model.modes, tolerance) === m) out[li] = PixelRole.Band;
    }
  }
  return out ? { roles: out } : { roles, ringModel: model };
}

/** Index of the colour of `modes` nearest to page pixel `gi` within `tolerance`, or -1. @internal */
function nearestModeOf(data: Uint8ClampedArray, gi: number, modes: Rgb[], tolerance: number): number {
  const o = gi * 4;
  let m = -1;
  let best = tolerance * tolerance;
  for (let j = 0; j < modes.length; j++) {
    const c = modes[j];
    const d = (data[o] - c[0]) ** 2 + (data[o + 1] - c[1]) ** 2 + (data[o + 2] - c[2]) ** 2;
    if (d <= best) {
      best = d;
      m = j;
    }
  }
  return m;
}

/**
 * How far each ring pixel lies from the box, in steps (8-neighbours), per
 * window pixel (-1 off the ring), and the largest.
 * @internal
 */
function ringDepth(roles: Uint8Array, w: number, h: number): { depth: Int32Array; maxDepth: number } {
  const box = new Uint8Array(w * h);
  for (let li = 0; li < box.length; li++) if (roles[li] >= PixelRole.Band) box[li] = 1;
  const depth = chessboardDistance(box, w, h);
  let maxDepth = 0;
  for (let li = 0; li < depth.length; li++) {
    if (roles[li] !== PixelRole.Ring) depth[li] = -1;
    else if (depth[li] > maxDepth) maxDepth = depth[li];
  }
  return { depth, maxDepth };
}

/**
 * Grows the glyphs outward, one ring of neighbours (8-connected) at a time
 * for at most `steps` rings, through pixels that `unexplained` accepts: those
 * the background model does not explain. That takes in what hangs on the
 * strokes but is too faint or too close to the background for the glyph test
 * (a glow's fall-off, a soft drop shadow, an outline's anti-aliased edge, a
 * 3D extrusion in a colour near the background), and stops where the
 * decoration has faded into the background. Background noise does not carry
 * the growth far: one pixel in fifty of the ring passes the test, too few to
 * form a path.
 * @internal
 */
function growDecoration(win: LineWindow, glyphs: Uint8Array, backgroundAt: (li: number) => Rgb[], steps: number, unexplained: (li: number) => boolean): void {
  const { image, x0, y0, width: w, height: h, roles } = win;
  const data = image.data;
  const at = (li: number): number => ((y0 + Math.floor(li / w)) * image.width + x0 + (li % w)) * 4;
  let front: number[] = [];
  for (let li = 0; li < glyphs.length; li++) if (glyphs[li]) front.push(li);
  const tried = new Uint8Array(glyphs.length);
  for (let step = 0; step < steps && front.length > 0; step++) {
    const next: number[] = [];
    for (const li of front) {
      const po = at(li);
      forEachNeighbour(li, w, h, (ni) => {
        if (glyphs[ni] || tried[ni] || roles[ni] === PixelRole.None) return;
        if (!unexplained(ni) || !fallsOff(data, po, at(ni), backgroundAt(ni))) return;
        tried[ni] = 1;
        glyphs[ni] = 255;
        next.push(ni);
      });
    }
    front = next;
  }
}

/**
 * Whether the pixel at byte offset `co` continues a fall-off from the pixel
 * at `po` toward the background: its colour lies near the segment between
 * that pixel's colour and the nearest background colour, no farther from the
 * background than the pixel it grows from. A glow, a soft shadow or an
 * anti-aliased edge fades that way; the detail of a photo behind the text
 * mostly does not.
 * @internal
 */
function fallsOff(data: Uint8ClampedArray, po: number, co: number, background: Rgb[]): boolean {
  let best = Infinity;
  let b: Rgb = background[0];
  for (const m of background) {
    const d = (data[co] - m[0]) ** 2 + (data[co + 1] - m[1]) ** 2 + (data[co + 2] - m[2]) ** 2;
    if (d < best) { best = d; b = m; }
  }
  const px = data[po] - b[0], py = data[po + 1] - b[1], pz = data[po + 2] - b[2];
  const cx = data[co] - b[0], cy = data[co + 1] - b[1], cz = data[co + 2] - b[2];
  const pp = px * px + py * py + pz * pz;
  if (pp < 1) return false;
  const t = (cx * px + cy * py + cz * pz) / pp;
  if (t < -0.1 || t > FALL_OFF_OVERSHOOT) return false;
  const ox = cx - t * px, oy = cy - t * py, oz = cz - t * pz;
  const off = Math.sqrt(ox * ox + oy * oy + oz * oz);
  return off <= Math.max(FALL_OFF_SPREAD, 0.3 * Math.sqrt(pp));
}

/** Share of the OCR polygon (`Core` pixels) that the surroundings reach. @internal */
function openCore(roles: Uint8Array, reached: Uint8Array): number {
  let n = 0;
  let open = 0;
  for (let li = 0; li < roles.length; li++) {
    if (roles[li] !== PixelRole.Core) continue;
    n++;
    if (reached[li]) open++;
  }
  return open / Math.max(1, n);
}

/**
 * Splits the box pixels the ring does not reach into plate-coloured and
 * glyph pixels and says which share of the plate lies within `width` of a
 * glyph (`hugging`): near 1 when the "plate" only hugs the glyphs (an outline,
 * a shadow), lower for a real plate or pill that extends past the text;
 * one share per width in `widths`.
 * @internal
 */
function splitPlate(data: Uint8ClampedArray, box: number[], boxLocal: number[], reached: Uint8Array, plateModes: Rgb[], plateTol: number, w: number, h: number, widths: number[]): { plate: number; glyphs: number; hugging: number[] } {
  const glyph = createMask(w, h);
  const plate: number[] = [];
  let glyphs = 0;
  // The rim where plate and surroundings blend is neither plate nor glyph.
  const surroundings = createMask(w, h);
  for (let li = 0; li < reached.length; li++) if (reached[li]) surroundings.data[li] = 255;
  const rim = dilateMask(surroundings, 2);
  for (let k = 0; k < box.length; k++) {
    const li = boxLocal[k];
    if (rim.data[li]) continue;
    if (nearestDistance(data, box[k], plateModes) > plateTol) {
      glyph.data[li] = 255;
      glyphs++;
    } else plate.push(li);
  }
  if (plate.length === 0 || glyphs === 0) return { plate: plate.length, glyphs, hugging: widths.map(() => 1) };
  // Each reach grows on from the one before (widths ascending), so the widest costs no more than itself.
  let near: Mask = glyph;
  let reach = 0;
  const hugging = widths.map((width) => {
    near = dilateMask(near, width - reach);
    reach = width;
    let n = 0;
    for (const li of plate) if (near.data[li]) n++;
    return n / plate.length;
  });
  return { plate: plate.length, glyphs, hugging };
}

/**
 * Pixels connected (4-neighbours) to the ring through pixels within `tol` of
 * a ring colour: where the surroundings run on into the box.
 * @internal
 */
function reachFromRing(distance: Float32Array, roles: Uint8Array, w: number, h: number, tol: number): Uint8Array {
  const reached = new Uint8Array(roles.length);
  const stack: number[] = [];
  for (let li = 0; li < roles.length; li++)
    if (roles[li] === PixelRole.Ring && distance[li] <= tol) {
      reached[li] = 1;
      stack.push(li);
    }
  while (stack.length > 0) {
    const li = stack.pop()!;
    const x = li % w;
    const visit = (ni: number): void => {
      if (reached[ni] || roles[ni] === PixelRole.None || distance[ni] > tol) return;
      reached[ni] = 1;
      stack.push(ni);
    };
    if (x > 0) visit(li - 1);
    if (x < w - 1) visit(li + 1);
    if (li >= w) visit(li - w);
    if (li + w < roles.length) visit(li + w);
  }
  return reached;
}

/**
 * Grows `glyphs` into ring pixels that `isText` accepts and that touch an
 * already marked pixel (8-connected), so a glyph cut by the box is taken whole.
 * What runs on to the ring's outer edge is not a glyph end but part of the
 * surroundings (a highlight, a stripe) and is left alone.
 * @internal
 */
function followIntoRing(glyphs: Uint8Array, roles: Uint8Array, w: number, h: number, isText: (li: number) => boolean): void {
  const added = new Uint8Array(glyphs.length);
  const stack: number[] = [];
  const grown: number[] = [];
  for (let li = 0; li < glyphs.length; li++) if (glyphs[li] && roles[li] >= PixelRole.Band) stack.push(li);
  const tried = new Uint8Array(glyphs.length);
  while (stack.length > 0) {
    forEachNeighbour(stack.pop()!, w, h, (ni) => {
      if (glyphs[ni] || tried[ni] || roles[ni] !== PixelRole.Ring) return;
      tried[ni] = 1;
      if (!isText(ni)) return;
      glyphs[ni] = 255;
      added[ni] = 1;
      grown.push(ni);
      stack.push(ni);
    });
  }
  // Components of the grown pixels; drop those that reach the ring's outer edge.
  const seen = new Uint8Array(glyphs.length);
  const component: number[] = [];
  for (const seed of grown) {
    if (seen[seed]) continue;
    component.length = 0;
    let open = false;
    seen[seed] = 1;
    stack.push(seed);
    while (stack.length > 0) {
      const li = stack.pop()!;
      component.push(li);
      const atWindowEdge = forEachNeighbour(li, w, h, (ni) => {
        if (roles[ni] === PixelRole.None) open = true;
        if (added[ni] && !seen[ni]) {
          seen[ni] = 1;
          stack.push(ni);
        }
      });
      if (atWindowEdge) open = true;
    }
    if (open) for (const li of component) glyphs[li] = 0;
  }
}

/**
 * Calls `visit` with each of the eight neighbours of pixel `li` that lie
 * inside the `w` x `h` window; returns whether any of them falls outside it.
 * @internal
 */
function forEachNeighbour(li: number, w: number, h: number, visit: (ni: number) => void): boolean {
  const x = li % w;
  const y = (li - x) / w;
  let outside = false;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      const nx = x + dx;
      const ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) outside = true;
      else visit(ny * w + nx);
    }
  return outside;
}
