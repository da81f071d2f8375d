import { clipRect as clip, toGray, type Rect, type RgbaImage } from '../image/rgba-image.js';
import { polygonBounds, rectToPolygon } from '../page/geometry.js';
import type { Point, Polygon, TextDirection } from '../page/page.js';
import type { Bubble } from './bubble.js';
import { simplifyPolygon } from './simplify.js';

/** Tuning of {@link findBubbles}. */
export interface FindBubblesOptions {
  /** Luma (0-255) from which a pixel counts as balloon paper. Default 190. */
  lightThreshold?: number;
  /** Largest balloon, as a share of the page's pixels (larger light regions are background). Default 0.2. */
  maxShare?: number;
  /** Largest balloon area as a multiple of its text boxes' area (larger: the text sits on open background). Default 14. */
  maxTextRatio?: number;
  /** Smallest filled area over bounding-box area of a balloon (an ellipse has 0.79). Default 0.45. */
  minSolidity?: number;
  /**
   * Largest share of a balloon's inside that may be ink other than its text
   * (art, screentone): a panel of light background closed by its border holds
   * the characters; a balloon holds only lettering. Default 0.04.
   */
  maxClutter?: number;
}

const DEFAULTS: Required<FindBubblesOptions> = { lightThreshold: 190, maxShare: 0.2, maxTextRatio: 14, minSolidity: 0.45, maxClutter: 0.04 };

/** A connected light region. */
interface Component {
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Finds speech balloons, caption boxes and free-floating text on a comic page,
 * given the text detector's boxes. Classical analysis, no model: light pixels
 * are split into connected regions; the region that holds most of a text
 * box's background is its balloon when it is closed (not page-sized, not much
 * larger than its text, solid once the glyph holes are filled). Boxes whose
 * region fails are free text, clustered by proximity. Each bubble's text area
 * is the union of the glyphs that its boxes touch (holes in the balloon, or
 * ink islands on open background), grown through their neighbouring glyphs,
 * so a column the detector cut short is read whole.
 *
 * @param image - the page
 * @param boxes - text regions from a detector (polygons in image pixels)
 * @param options - thresholds; see {@link FindBubblesOptions}
 * @returns the bubbles, in no particular order (see {@link orderBubbles})
 * @example
 * ```ts
 * const bubbles = findBubbles(page, await detector.detect(page));
 * bubbles.filter((b) => b.kind === 'balloon').length;
 * ```
 */
export function findBubbles(image: RgbaImage, boxes: readonly Polygon[], options: FindBubblesOptions = {}): Bubble[] {
  const opt = { ...DEFAULTS, ...options };
  const { width, height } = image;
  const luma = toGray(image);
  const light = new Uint8Array(width * height);
  for (let i = 0; i < light.length; i++) light[i] = luma[i] >= opt.lightThreshold ? 1 : 0;
  const { labels, components } = labelComponents(light, width, height);

  // Each box votes for the light region holding most of its background.
  const byLabel = new Map<number, Polygon[]>();
  const free: Polygon[] = [];
  for (const box of boxes) {
    const r = clip(polygonBounds(box), width, height);
    if (r.width < 1 || r.height < 1) continue;
    const counts = new Map<number, number>();
    for (let y = r.y; y < r.y + r.height; y++) {
      for (let x = r.x; x < r.x + r.width; x++) {
        const l = labels[y * width + x];
        if (l > 0) counts.set(l, (counts.get(l) ?? 0) + 1);
      }
    }
    let best = 0;
    let bestCount = 0;
    for (const [l, c] of counts) if (c > bestCount) [best, bestCount] = [l, c];
    if (best > 0 && bestCount >= 0.25 * r.width * r.height) {
      byLabel.set(best, [...(byLabel.get(best) ?? []), box]);
    } else free.push(box);
  }

  const bubbles: Bubble[] = [];
  const pageArea = width * height;
  for (const [label, members] of byLabel) {
    const c = components[label];
    const balloon = c.area <= opt.maxShare * pageArea ? balloonOf(label, c, members, labels, width, opt) : undefined;
    if (balloon) bubbles.push(...balloon);
    else free.push(...members);
  }
  // Balloons the detector found no text in: closed light regions that hold a
  // text and nothing else (balloonOf without boxes is strict about it).
  for (let label = 1; label < components.length; label++) {
    const c = components[label];
    if (byLabel.has(label) || c.area < MIN_BOXLESS * pageArea || c.area > opt.maxShare * pageArea || c.x1 - c.x0 < 20 || c.y1 - c.y0 < 20) continue;
    const balloon = balloonOf(label, c, [], labels, width, opt);
    if (balloon) bubbles.push(...balloon);
  }
  for (const text of mergeNear(clusterBoxes(free).flatMap((cluster) => freeTexts(luma, width, height, cluster, opt.lightThreshold)))) {
    // A box too tight to vote for its balloon (all ink, no paper) grows into the balloon's text: it is part of it.
    const owner = bubbles.find((b) => overlapShare(text.textArea, b.textArea) >= 0.5);
    if (owner) owner.boxes.push(...text.boxes);
    else bubbles.push(text);
  }
  return bubbles;
}

/**
 * The bubbles of light region `label`: one per text group inside it, each
 * with its share of the region's shape; undefined when the region is not a
 * closed, compact balloon.
 */
function balloonOf(label: number, c: Component, boxes: Polygon[], labels: Int32Array, width: number, opt: Required<FindBubblesOptions>): Bubble[] | undefined {
  const bw = c.x1 - c.x0 + 1;
  const bh = c.y1 - c.y0 + 1;
  // Local masks over the region's bounding box: 1 = the region, then holes filled.
  const filled = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) if (labels[(c.y0 + y) * width + c.x0 + x] === label) filled[y * bw + x] = 1;
  }
  const region = filled.slice();
  fillHoles(filled, bw, bh);
  let filledArea = 0;
  for (const v of filled) filledArea += v;
  if (filledArea / (bw * bh) < opt.minSolidity) return undefined;
  // Glyphs: holes (filled but not paper), grouped into texts; a text is one
  // that a detector box touches, grown through its neighbouring glyphs to
  // whole columns (the detector often boxes only part of a column).
  const holes = new Uint8Array(bw * bh);
  for (let i = 0; i < holes.length; i++) holes[i] = filled[i] && !region[i] ? 1 : 0;
  const glyphs = labelComponents(holes, bw, bh, 8);
  const components = glyphs.components.slice(1).map((g) => ({ x0: g.x0 + c.x0, y0: g.y0 + c.y0, x1: g.x1 + c.x0, y1: g.y1 + c.y0, area: g.area }));
  // A hole spanning most of the balloon is a drawing inside it.
  const { texts, clutter, size } = textsOf(components, boxes, (g) => g.x1 - g.x0 > 0.9 * bw && g.y1 - g.y0 > 0.9 * bh);
  if (clutter > opt.maxClutter * filledArea) return undefined;
  if (!boxes.length && !holdsOneText(texts, size, filledArea, bw, bh)) return undefined;
  // Open background is not a balloon: the region is much larger than its text.
  const textPixels = Math.max(
    boxes.reduce((sum, b) => {
      const r = polygonBounds(b);
      return sum + r.width * r.height;
    }, 0),
    texts.reduce((sum, t) => sum + (t.x1 - t.x0 + 1) * (t.y1 - t.y0 + 1), 0),
  );
  if (filledArea > opt.maxTextRatio * textPixels) return undefined;
  const shape = outline(filled, bw, bh, c.x0, c.y0);
  if (!texts.length) {
    if (!boxes.length) return undefined;
    const area = unionBounds(boxes);
    return [{ kind: 'balloon', shape, textArea: area, ...directionOf(boxes, area), boxes }];
  }
  const groups = texts.map((g) => ({ ...g, boxes: boxes.filter((b) => touches(polygonBounds(b), g)) }));
  const parts = splitShape(shape, groups);
  return groups.map((g, i) => {
    const textArea: Rect = { x: g.x0, y: g.y0, width: g.x1 - g.x0 + 1, height: g.y1 - g.y0 + 1 };
    const own = g.boxes.length ? g.boxes : boxes;
    return parts
      ? { kind: 'balloon' as const, shape: parts[i], textArea, ...textShape(own, textArea, g), boxes: own }
      : { kind: 'free' as const, shape: rectToPolygon(textArea), textArea, ...textShape(own, textArea, g), boxes: own };
  });
}

/** Smallest light region searched for a balloon that no detector box is in, as a share of the page. */
const MIN_BOXLESS = 0.001;

/**
 * Whether a balloon with no detector box in it holds lettering: one text of
 * at least two glyph-sized glyphs, of a readable size (8 px or more, at most
 * half the balloon across), leaving at least half of the balloon blank.
 * White shapes in the artwork (an eye, a collar) rarely pass all of these.
 */
function holdsOneText(texts: readonly Text[], size: number, filledArea: number, bw: number, bh: number): boolean {
  if (texts.length !== 1 || size < 8 || size > 0.5 * Math.min(bw, bh)) return false;
  const [t] = texts;
  const glyphs = t.members.filter((g) => Math.max(g.x1 - g.x0, g.y1 - g.y0) + 1 >= 0.5 * size).length;
  return glyphs >= 2 && (t.x1 - t.x0 + 1) * (t.y1 - t.y0 + 1) <= 0.5 * filledArea;
}

/** An ink component that may be a glyph; `seed` when a detector box touches it. */
interface Glyph extends Box {
  area: number;
  seed: boolean;
}

/**
 * The texts among ink components (a balloon's holes, or dark islands on open
 * background): components grouped as glyphs of one text ({@link groupGlyphs}),
 * kept when a detector box touches one of them, so a text is grown through
 * its neighbouring glyphs to whole columns (the detector often boxes only
 * part of a column). Components too large for a glyph, or `isDrawing`, do not
 * carry a text; their area, and that of components in no text, is `clutter`.
 */
function textsOf(components: ReadonlyArray<Box & { area: number }>, boxes: readonly Polygon[], isDrawing: (g: Box) => boolean): { texts: Text[]; clutter: number; size: number } {
  const rects = boxes.map(polygonBounds);
  // Without boxes every glyph may start a text.
  const all: Glyph[] = components.map((g) => ({ ...g, seed: !rects.length || rects.some((r) => touches(r, g)) }));
  const glyphSize = rects.length ? directionOf(boxes, unionBounds(boxes)).glyphSize : 0;
  // The glyphs the boxes touch tell their size better than the boxes when the detector boxed only part of a column.
  // Without boxes every component counts, and the parts of kanji, small kana and dots among them are smaller than a glyph: the upper quartile.
  const seedSides = all.filter((g) => g.seed && g.area >= 4).map((g) => Math.max(g.x1 - g.x0, g.y1 - g.y0) + 1);
  const size = Math.max(glyphSize, rects.length ? median(seedSides) : quantile(seedSides, 0.75));
  // Larger than a glyph: a long dash may be a few glyphs long, but not thick.
  const isGlyph = (g: Box) => {
    const [short, long] = [g.x1 - g.x0 + 1, g.y1 - g.y0 + 1].sort((a, b) => a - b);
    return short <= 1.5 * size && long <= 4 * size && !isDrawing(g);
  };
  // Specks of a pixel or two (JPEG noise, screentone) do not carry a text further.
  const speck = Math.max(4, 0.01 * size * size);
  const texts = groupGlyphs(
    all.filter((g) => isGlyph(g) && (g.seed || g.area >= speck)),
    size,
  );
  const inText = new Set(texts.flatMap((t) => t.members));
  let clutter = 0;
  for (const g of all) if (!inText.has(g)) clutter += g.area;
  return { texts, clutter, size };
}

/** A text: its glyphs and their extent. */
interface Text extends Box {
  members: Glyph[];
}

/** An inclusive pixel box. */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function touches(r: Rect, b: Box): boolean {
  return r.x <= b.x1 + 1 && r.x + r.width >= b.x0 - 1 && r.y <= b.y1 + 1 && r.y + r.height >= b.y0 - 1;
}

/**
 * Glyphs into texts: glyphs closer than a glyph's width across the columns
 * (three quarters of one) and a glyph's height along them belong to one text;
 * two texts in one balloon (or on one patch of open background) are further
 * apart than that. Only texts holding a seed (a glyph that a detector box
 * touches) are kept, each with its member glyphs.
 */
function groupGlyphs<G extends Box & { seed: boolean }>(glyphs: readonly G[], size: number): Array<Box & { members: G[] }> {
  const parent = glyphs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < glyphs.length; i++) {
    for (let j = i + 1; j < glyphs.length; j++) {
      const a = glyphs[i];
      const b = glyphs[j];
      const gx = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1);
      const gy = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1);
      if (gx <= 0.75 * size && gy <= 1.0 * size) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Box & { members: G[] }>();
  glyphs.forEach((g, i) => {
    const r = find(i);
    const o = groups.get(r);
    if (o) {
      Object.assign(o, { x0: Math.min(o.x0, g.x0), y0: Math.min(o.y0, g.y0), x1: Math.max(o.x1, g.x1), y1: Math.max(o.y1, g.y1) });
      o.members.push(g);
    } else groups.set(r, { x0: g.x0, y0: g.y0, x1: g.x1, y1: g.y1, members: [g] });
  });
  const seeded = [...groups.values()].filter((g) => g.members.some((m) => m.seed));
  // A text too small to hold a glyph is a speck next to the text.
  const real = seeded.filter((g) => Math.max(g.x1 - g.x0, g.y1 - g.y0) + 1 >= 0.5 * size);
  return real.length ? real : seeded;
}

/**
 * Splits a balloon's shape between its text groups: at the middle of the gaps
 * between them, across x when their horizontal extents do not overlap, else
 * across y. Undefined when the groups overlap both ways (then they are not
 * texts of one balloon but text on open background).
 */
function splitShape(shape: Polygon, groups: readonly Box[]): Polygon[] | undefined {
  if (groups.length === 1) return [shape];
  for (const axis of ['x', 'y'] as const) {
    const lo = axis === 'x' ? 'x0' : 'y0';
    const hi = axis === 'x' ? 'x1' : 'y1';
    const order = groups.map((_, i) => i).sort((a, b) => groups[a][lo] - groups[b][lo]);
    let ok = true;
    for (let k = 1; k < order.length; k++) if (groups[order[k]][lo] <= groups[order[k - 1]][hi]) ok = false;
    if (!ok) continue;
    const cuts = order.slice(1).map((g, k) => (groups[order[k]][hi] + 1 + groups[g][lo]) / 2);
    const parts: Polygon[] = new Array(groups.length);
    order.forEach((g, k) => {
      const from = k === 0 ? -Infinity : cuts[k - 1];
      const to = k === order.length - 1 ? Infinity : cuts[k];
      parts[g] = clipToBand(shape, axis, from, to);
    });
    return parts.every((p) => p.length >= 3) ? parts : undefined;
  }
  return undefined;
}

/** The part of a polygon between `from` and `to` along an axis (Sutherland-Hodgman against two lines). */
function clipToBand(polygon: Polygon, axis: 'x' | 'y', from: number, to: number): Polygon {
  const k = axis === 'x' ? 0 : 1;
  const clipAt = (points: Polygon, limit: number, keepAbove: boolean): Polygon => {
    if (!Number.isFinite(limit)) return points;
    const inside = (p: Point) => (keepAbove ? p[k] >= limit : p[k] <= limit);
    const out: Polygon = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const q = points[(i + 1) % points.length];
      if (inside(p)) out.push(p);
      if (inside(p) !== inside(q)) {
        const t = (limit - p[k]) / (q[k] - p[k]);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    return out;
  };
  return clipAt(clipAt(polygon, from, true), to, false);
}

/** How far free text is searched for more glyphs around its boxes, in glyphs: along the columns (or rows), and across them. */
const FREE_ALONG = 8;
const FREE_ACROSS = 1;

/**
 * The texts of a cluster of free boxes (no closed balloon around them),
 * grown to whole columns: the ink islands near the boxes (dark components
 * that do not reach the edge of a window reaching a few glyphs along the
 * columns and one across) are grouped as a balloon's glyphs are. Boxes that
 * touch no island (lettering drawn light on dark art) stay as they are.
 */
function freeTexts(luma: ArrayLike<number>, width: number, height: number, boxes: Polygon[], lightThreshold: number): Bubble[] {
  const area = unionBounds(boxes);
  const { direction, glyphSize } = directionOf(boxes, area);
  const [ax, ay] = direction === 'vertical' ? [FREE_ACROSS, FREE_ALONG] : [FREE_ALONG, FREE_ACROSS];
  const win = clip(
    { x: Math.round(area.x - ax * glyphSize), y: Math.round(area.y - ay * glyphSize), width: Math.round(area.width + 2 * ax * glyphSize), height: Math.round(area.height + 2 * ay * glyphSize) },
    width,
    height,
  );
  const dark = new Uint8Array(win.width * win.height);
  for (let y = 0; y < win.height; y++) {
    for (let x = 0; x < win.width; x++) dark[y * win.width + x] = luma[(win.y + y) * width + win.x + x] < lightThreshold ? 1 : 0;
  }
  const islands = labelComponents(dark, win.width, win.height, 8)
    .components.slice(1)
    .filter((g) => g.x0 > 0 && g.y0 > 0 && g.x1 < win.width - 1 && g.y1 < win.height - 1)
    .map((g) => ({ x0: g.x0 + win.x, y0: g.y0 + win.y, x1: g.x1 + win.x, y1: g.y1 + win.y, area: g.area }));
  const { texts } = textsOf(islands, boxes, () => false);
  const rest = boxes.filter((b) => !texts.some((t) => touches(polygonBounds(b), t)));
  return [
    ...texts.map((t) => {
      const own = boxes.filter((b) => touches(polygonBounds(b), t));
      const textArea: Rect = { x: t.x0, y: t.y0, width: t.x1 - t.x0 + 1, height: t.y1 - t.y0 + 1 };
      return { kind: 'free' as const, shape: rectToPolygon(textArea), textArea, ...textShape(own, textArea, t), boxes: own };
    }),
    ...(rest.length ? [freeBubble(rest, width, height)] : []),
  ];
}

/** Free texts grown into one another (two clusters of boxes on one column) become one. */
function mergeNear(bubbles: Bubble[]): Bubble[] {
  const parent = bubbles.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < bubbles.length; i++) {
    for (let j = i + 1; j < bubbles.length; j++) {
      const a = bubbles[i].textArea;
      const b = bubbles[j].textArea;
      const size = Math.min(bubbles[i].glyphSize, bubbles[j].glyphSize);
      const gx = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
      const gy = Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height);
      if (gx <= 0.75 * size && gy <= 1.0 * size) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Bubble[]>();
  bubbles.forEach((b, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), b]));
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    const textArea = polygonBounds(group.flatMap((b) => rectToPolygon(b.textArea)));
    const boxes = group.flatMap((b) => b.boxes);
    return { kind: 'free', shape: rectToPolygon(textArea), textArea, ...directionOf(boxes, textArea), boxes };
  });
}

function freeBubble(boxes: Polygon[], width: number, height: number): Bubble {
  const textArea = clip(unionBounds(boxes), width, height);
  return { kind: 'free', shape: rectToPolygon(textArea), textArea, ...directionOf(boxes, textArea), boxes };
}

/**
 * A text's direction (see {@link directionOf}) and glyph size: the detector
 * boxes' unless its glyphs say larger (a box over one glyph of a column, cut
 * tight, makes the glyph look small). Small kana, dots and the parts of a
 * kanji are smaller than a glyph, so the glyphs' size is taken at the upper
 * quartile of their extents.
 */
function textShape(boxes: readonly Polygon[], area: Rect, text: Text): { direction: TextDirection; glyphSize: number } {
  const { direction, glyphSize: boxSize } = directionOf(boxes, area);
  // Without boxes only the glyphs tell the size.
  const glyphSize = boxes.length ? boxSize : 0;
  return { direction, glyphSize: Math.max(glyphSize, quantile(text.members.map((g) => Math.max(g.x1 - g.x0, g.y1 - g.y0) + 1), 0.75)) };
}

/**
 * Vertical when the text area is about as tall as wide or taller, or when
 * the boxes are mostly taller than wide (area-weighted); else horizontal.
 */
function directionOf(boxes: readonly Polygon[], area: Rect): { direction: TextDirection; glyphSize: number } {
  let vote = 0;
  const sides: number[] = [];
  for (const b of boxes) {
    const r = polygonBounds(b);
    const a = r.width * r.height;
    if (r.height > 1.2 * r.width) vote += a;
    else if (r.width > 1.2 * r.height) vote -= a;
    sides.push(Math.min(r.width, r.height));
  }
  // A text area about as tall as wide or taller is columns whatever the boxes
  // say: the detector often boxes two close columns as rows across them.
  const direction: TextDirection = area.height >= 0.8 * area.width || vote > 0 ? 'vertical' : 'horizontal';
  sides.sort((a, b) => a - b);
  // Detector boxes grow about a fifth of a glyph on each side (unclip).
  const glyphSize = sides.length ? sides[sides.length >> 1] / 1.4 : Math.min(area.width, area.height);
  return { direction, glyphSize: Math.max(1, glyphSize) };
}

/** Groups boxes whose rectangles come within half a glyph of each other. */
function clusterBoxes(boxes: readonly Polygon[]): Polygon[][] {
  const rects = boxes.map(polygonBounds);
  const parent = rects.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i];
      const b = rects[j];
      const gap = 0.5 * Math.min(a.width, a.height, b.width, b.height);
      const gx = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
      const gy = Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height);
      if (gx <= gap && gy <= gap) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Polygon[]>();
  boxes.forEach((b, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), b]));
  return [...groups.values()];
}

/**
 * Connected components of the pixels set in `bits` (4- or 8-connected).
 * Label 0 is "not set"; `components[l]` describes label `l` (index 0 unused).
 */
export function labelComponents(bits: Uint8Array, width: number, height: number, connectivity: 4 | 8 = 4): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  const components: Component[] = [{ area: 0, x0: 0, y0: 0, x1: 0, y1: 0 }];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < bits.length; start++) {
    if (!bits[start] || labels[start]) continue;
    const label = components.length;
    const c: Component = { area: 0, x0: width, y0: height, x1: -1, y1: -1 };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (bits[q] && !labels[q]) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
      }
    }
    components.push(c);
  }
  return { labels, components };
}

/** Sets every pixel that the outside (the frame's border) cannot reach through unset pixels. */
export function fillHoles(bits: Uint8Array, width: number, height: number): void {
  const outside = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  const seed = (p: number) => {
    if (!bits[p] && !outside[p]) {
      outside[p] = 1;
      stack[top++] = p;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (top > 0) {
    const p = stack[--top];
    const x = p % width;
    if (x > 0) seed(p - 1);
    if (x < width - 1) seed(p + 1);
    if (p >= width) seed(p - width);
    if (p < (height - 1) * width) seed(p + width);
  }
  for (let i = 0; i < bits.length; i++) if (!outside[i]) bits[i] = 1;
}

/**
 * The outline of a filled region as a polygon: each row's leftmost pixel edge
 * top to bottom, then each row's rightmost edge bottom to top, simplified to
 * within a pixel. A region with several runs on a row is taken at its extremes.
 */
function outline(filled: Uint8Array, w: number, h: number, ox: number, oy: number): Polygon {
  const left: Point[] = [];
  const right: Point[] = [];
  for (let y = 0; y < h; y++) {
    let x0 = -1;
    let x1 = -1;
    for (let x = 0; x < w; x++) {
      if (filled[y * w + x]) {
        if (x0 < 0) x0 = x;
        x1 = x;
      }
    }
    if (x0 < 0) continue;
    left.push([ox + x0, oy + y], [ox + x0, oy + y + 1]);
    right.push([ox + x1 + 1, oy + y], [ox + x1 + 1, oy + y + 1]);
  }
  return simplifyPolygon([...left, ...right.reverse()], 1);
}

/** The share of rectangle `a` that lies inside `b`. */
function overlapShare(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.max(1, a.width * a.height) : 0;
}

function unionBounds(boxes: readonly Polygon[]): Rect {
  return polygonBounds(boxes.flat());
}

function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}
