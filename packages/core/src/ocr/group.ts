// Lines into blocks. OCR returns lines; translation and typesetting want the
// units a designer made: a title, a price tag, a paragraph, a speech bubble.
// The policy decides what makes two rows one block: `design` (posters, ads:
// one block per design element, see design-elements.ts) or `paragraph`
// (documents: rows of similar size that sit close). Three passes:
//   1. columns: tall narrow CJK lines, and single CJK characters stacked on one
//      axis, become vertical columns (detectors often cut a column into characters);
//   2. rows: pieces of one horizontal line cut apart by the detector are re-joined;
//   3. blocks: rows (or columns) of similar size, direction and angle that sit
//      close on the perpendicular axis and overlap on the reading axis are linked.
// Reading order: rows top to bottom inside a horizontal block, columns right to
// left inside a vertical one; blocks in bands from top to bottom, left to right
// on a mostly horizontal page and right to left on a mostly vertical (manga) page.
import { assertRgbaImage, type RgbaImage } from '../image/rgba-image.js';
import type { Point, Polygon, TextAlign, TextBlock, TextDirection, TextLine, TextStyle } from '../page/page.js';
import { assertOneOf, invalidParameter, is } from '../validate.js';
import {
  DESIGN_SIZE_RATIO,
  type Appearance,
  type DesignRow,
  hasLeadingIcon,
  sameElement,
  samePieceLook,
  sampleAppearance,
  startsListItem,
} from './design-elements.js';
import { type FrameBox, frameBox, frameBoxPolygon, meanAngle, median, overlap, polygonAngle } from './line-geometry.js';
import { cjkCount, isCjkChar, joinTexts } from './text-join.js';

/**
 * How lines are grouped into blocks; see {@link GroupOptions.policy}.
 *
 * @example
 * ```ts
 * for (const policy of GROUPING_POLICIES) console.log(policy, groupLines(lines, { policy }).length);
 * ```
 */
export const GROUPING_POLICIES = ['design', 'paragraph', 'bubble'] as const;

/** One of {@link GROUPING_POLICIES}. */
export type GroupingPolicy = (typeof GROUPING_POLICIES)[number];

/**
 * Tuning of {@link groupLines}. Distances are multiples of the text size (line
 * height for horizontal text, column width for vertical text).
 *
 * @example
 * ```ts
 * const groups = groupLines(lines, { lineGap: 1.2, sizeRatio: 1.5 }); // looser than the default
 * const elements = groupLines(lines, { policy: 'design', image }); // one block per design element
 * ```
 */
export interface GroupOptions {
  /**
   * What a block is. `design` (default): one design element of a poster or
   * ad. Rows join only with a similar cap height (ratio within 1.25), fill
   * colour and surface, one alignment axis, a gap under `lineGap` with
   * nothing in it (no plate edge, rule or icon), when the upper row reads as
   * wrapped text; table cells, list items and price tags beside a title stay
   * blocks of their own. `paragraph`: rows of similar size (`sizeRatio`) that
   * overlap and sit within `lineGap` join (documents). `bubble`: each line is
   * one block, in the order given: the comic OCR (`createComicOcr`) reads one
   * line per speech bubble or caption, already in reading order.
   */
  policy?: GroupingPolicy;
  /**
   * The image the lines were read from. With it, `design` grouping also
   * compares the rows' colours and surfaces and looks between them; without
   * it, only geometry and text are used.
   */
  image?: RgbaImage;
  /**
   * Largest gap between two rows (or columns) of one block, as a multiple of
   * the text size. Default 0.8 (OCR boxes are padded, so this is about one
   * line height of clear space between the glyphs); 0..10.
   */
  lineGap?: number;
  /** Largest ratio between the text sizes of two rows (or columns) of one block. Default 1.35; 1..100. */
  sizeRatio?: number;
  /** Largest difference between the angles of two lines of one block, in degrees. Default 8; 0..45. */
  angleTolerance?: number;
}

/**
 * One block found by {@link groupLines}: which input lines it holds, in reading order.
 *
 * @example
 * ```ts
 * const [first] = groupLines(lines);
 * console.log(first.direction, first.text, first.lines.map((i) => lines[i].text));
 * ```
 */
export interface LineGroup {
  /** Indices into the input lines, in reading order. */
  lines: number[];
  /** The block's region: the rectangle around its lines, rotated like them, clockwise from top-left. */
  polygon: Polygon;
  /** Horizontal rows, or vertical CJK columns. */
  direction: TextDirection;
  /** The lines' text joined in reading order; see {@link groupLines} for the joining rule. */
  text: string;
}

/**
 * Defaults of {@link GroupOptions}.
 *
 * @example
 * ```ts
 * groupLines(lines, { lineGap: DEFAULT_GROUP_OPTIONS.lineGap * 1.5 }); // 50% looser than the default
 * ```
 */
export const DEFAULT_GROUP_OPTIONS: Readonly<Required<Omit<GroupOptions, 'image'>>> = Object.freeze({
  policy: 'design',
  lineGap: 0.8,
  sizeRatio: 1.35,
  angleTolerance: 8,
});

// A line with its measurements in its own frame.
interface Item {
  index: number;
  points: Point[];
  text: string;
  angle: number;
  w: number;
  h: number;
  appearance?: Appearance;
}

// A row or a column: one or more items read as one line.
interface Unit {
  items: Item[];
  direction: TextDirection;
  angle: number;
  points: Point[];
  size: number;
  text: string;
  appearance?: Appearance;
}

interface Resolved {
  policy: GroupingPolicy;
  image: RgbaImage | undefined;
  lineGap: number;
  sizeRatio: number;
  angleTolerance: number; // radians
}

/**
 * Groups OCR lines into blocks (paragraphs, slogans, speech bubbles) by
 * proximity, alignment, size and direction, and puts blocks and lines in
 * reading order.
 *
 * - Rows of similar height, angle and direction that overlap horizontally and
 *   are less than `lineGap` line heights apart form one block.
 * - Tall narrow lines of CJK text, and runs of single CJK characters stacked
 *   vertically, are columns; adjacent columns of similar width form one
 *   `vertical` block read right to left.
 * - Pieces of one row cut apart by the detector are read left to right.
 * - Blocks are ordered in bands from top to bottom; within a band left to
 *   right, or right to left when vertical blocks cover more area than horizontal ones.
 *
 * Text joining: pieces are joined with nothing next to Chinese or Japanese
 * characters ("限时" + "特惠" = "限时特惠"), with one space otherwise (Latin,
 * digits, Korean), and a Latin word hyphenated across rows is re-joined. The
 * line breaks stay available through `lines`.
 *
 * @param lines - OCR output; polygons in image pixels
 * @param options - thresholds; see {@link GroupOptions}
 * @returns the groups in reading order; every input line is in exactly one group
 * @throws GlossaError `INVALID_INPUT` when a line or an option is malformed (the message names it)
 * @example
 * ```ts
 * const lines = await ocr.recognize(image);
 * for (const group of groupLines(lines)) console.log(group.direction, group.text);
 * ```
 */
export function groupLines(lines: readonly TextLine[], options: GroupOptions = {}): LineGroup[] {
  validateLines(lines);
  const opts = resolveOptions(options);
  const items = lines.map(measure);
  // The comic OCR has already found the bubbles and ordered them: nothing to join or sort.
  if (opts.policy === 'bubble') return items.map((item) => toGroup([makeUnit([item], bubbleDirection(lines[item.index], item))]).group);
  if (opts.image && opts.policy === 'design') for (const item of items) item.appearance = sampleAppearance(opts.image, item.points);
  const { columns, rest } = buildColumns(items, opts);
  const units = [...columns, ...buildRows(rest, opts)];
  if (opts.image && opts.policy === 'design') {
    for (const unit of units) unit.appearance = unit.items.length === 1 ? unit.items[0].appearance : sampleAppearance(opts.image, unit.points);
  }
  const blocks = linkUnits(units, opts);
  return orderGroups(blocks.map(toGroup));
}

/**
 * Turns OCR lines into page blocks with ids `b0`, `b1`... in reading order and
 * a default style read from the geometry:
 *
 * - `fontSize`: the median row height (column width for vertical blocks), in pixels;
 * - `align`: from the row edges (`left`, `center` or `right`; a block of one row,
 *   or of rows of equal width, is `center`). For vertical blocks it describes the
 *   column ends: `left` = top-aligned, `right` = bottom-aligned;
 * - `lineHeight`: the median distance between row centres over the font size
 *   (1.2 for a single row);
 * - `color`: `#000000` (colours are read from pixels later, by the typesetting stage).
 *
 * `sourceText` is the group's text (see {@link groupLines} for the joining rule).
 *
 * @param lines - OCR output
 * @param groups - groups over `lines`; computed with {@link groupLines} and default options when absent
 * @throws GlossaError `INVALID_INPUT` when a line or a group is malformed (e.g. an index out of range)
 * @example
 * ```ts
 * const lines = await ocr.recognize(image);
 * const page: Page = { version: 1, width: image.width, height: image.height, blocks: createBlocks(lines) };
 * ```
 */
export function createBlocks(lines: readonly TextLine[], groups?: readonly LineGroup[]): TextBlock[] {
  validateLines(lines);
  const used = groups ?? groupLines(lines);
  validateGroups(used, lines.length);
  return used.map((group, b) => {
    const blockLines = group.lines.map((i) => copyLine(lines[i]));
    return {
      id: `b${b}`,
      polygon: group.polygon.map(([x, y]) => [x, y] as Point),
      lines: blockLines,
      sourceText: group.text,
      direction: group.direction,
      style: styleFromGeometry(blockLines, group.direction),
      flags: {},
    };
  });
}

// ---------------------------------------------------------------- measuring

function measure(line: TextLine, index: number): Item {
  const angle = polygonAngle(line.polygon);
  const box = frameBox(line.polygon, angle);
  return { index, points: line.polygon, text: line.text.trim(), angle, w: box.u1 - box.u0, h: box.v1 - box.v0 };
}

// A comic OCR line says its direction (`bubble.direction`); other lines are
// vertical when they read as a CJK column, as the column pass would read them.
function bubbleDirection(line: TextLine, item: Item): TextDirection {
  const said = (line as { bubble?: { direction?: unknown } }).bubble?.direction;
  if (said === 'horizontal' || said === 'vertical') return said;
  return isColumnLine(item) ? 'vertical' : 'horizontal';
}

function makeUnit(items: Item[], direction: TextDirection): Unit {
  const angle = meanAngle(items.map((i) => i.angle));
  const points = items.flatMap((i) => i.points);
  const box = frameBox(points, angle);
  const size = Math.max(direction === 'horizontal' ? box.v1 - box.v0 : box.u1 - box.u0, 1e-6);
  return { items, direction, angle, points, size, text: joinTexts(items.map((i) => i.text)) };
}

const charCount = (text: string): number => [...text].length;

// A column of CJK text: much taller than wide, and mostly CJK characters.
function isColumnLine(item: Item): boolean {
  const n = charCount(item.text);
  return n >= 2 && item.h >= 1.5 * item.w && cjkCount(item.text) * 2 >= n;
}

// One CJK character in a roughly square box: may be part of a column or a row.
function isSingleCjk(item: Item): boolean {
  return charCount(item.text) === 1 && isCjkChar(item.text) && item.h <= 2.2 * item.w && item.w <= 2 * item.h;
}

// ------------------------------------------------------------------ columns

function buildColumns(items: Item[], opts: Resolved): { columns: Unit[]; rest: Item[] } {
  const candidates = items.filter((i) => isColumnLine(i) || isSingleCjk(i));
  const byTop = [...candidates].sort((a, b) => top(a) - top(b));
  const chains: Item[][] = [];
  for (const item of byTop) {
    let best: Item[] | undefined;
    let bestGap = Infinity;
    for (const chain of chains) {
      const gap = stackGap(chain[chain.length - 1], item, opts);
      if (gap !== undefined && gap < bestGap) {
        best = chain;
        bestGap = gap;
      }
    }
    if (best) best.push(item);
    else chains.push([item]);
  }
  const columns: Unit[] = [];
  const inColumn = new Set<Item>();
  for (const chain of chains) {
    if (chain.length >= 2 || isColumnLine(chain[0])) {
      columns.push(makeUnit(chain, 'vertical'));
      for (const item of chain) inColumn.add(item);
    }
  }
  return { columns, rest: items.filter((i) => !inColumn.has(i)) };
}

function top(item: Item): number {
  return frameBox(item.points, item.angle).v0;
}

// The gap from `above` down to `below` when `below` continues the column, else undefined.
function stackGap(above: Item, below: Item, opts: Resolved): number | undefined {
  if (Math.abs(above.angle - below.angle) > opts.angleTolerance) return undefined;
  if (ratio(above.w, below.w) > opts.sizeRatio) return undefined;
  const angle = (above.angle + below.angle) / 2;
  const a = frameBox(above.points, angle);
  const b = frameBox(below.points, angle);
  const width = Math.max(above.w, below.w);
  if (Math.abs((a.u0 + a.u1) / 2 - (b.u0 + b.u1) / 2) > 0.4 * width) return undefined;
  const gap = b.v0 - a.v1;
  return gap >= -0.5 * width && gap <= opts.lineGap * width ? gap : undefined;
}

// --------------------------------------------------------------------- rows

function buildRows(items: Item[], opts: Resolved): Unit[] {
  const sets = new DisjointSets(items.length);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (sameRow(items[i], items[j], opts)) sets.union(i, j);
    }
  }
  return sets.groups().map((members) => {
    const row = members.map((m) => items[m]);
    const angle = meanAngle(row.map((r) => r.angle));
    row.sort((a, b) => frameBox(a.points, angle).u0 - frameBox(b.points, angle).u0);
    return makeUnit(row, 'horizontal');
  });
}

// Two pieces of one row: same height and angle, overlapping vertically, close horizontally.
function sameRow(a: Item, b: Item, opts: Resolved): boolean {
  if (Math.abs(a.angle - b.angle) > opts.angleTolerance) return false;
  const sizes = ratio(a.h, b.h);
  if (sizes > 1.6) return false;
  const angle = (a.angle + b.angle) / 2;
  const A = frameBox(a.points, angle);
  const B = frameBox(b.points, angle);
  const height = Math.min(a.h, b.h);
  const vertical = overlap(A.v0, A.v1, B.v0, B.v1);
  if (vertical < 0.6 * height) return false;
  // A word space is about a third of the height; a column gap in a table is much wider.
  const gap = -overlap(A.u0, A.u1, B.u0, B.u1);
  const near =
    sizes <= Math.min(opts.sizeRatio, 1.25)
      ? gap <= 1.0 * height
      : // Detector boxes hug the glyphs, so digits and Latin ("¥199") come out shorter
        // than the CJK beside them ("仅需"): still one row when the shorter piece sits
        // inside the taller one's band and right next to it.
        vertical >= 0.9 * height && gap <= 0.5 * height;
  if (!near || opts.policy !== 'design') return near;
  // A price tag or badge beside a title has its own colour or plate.
  return samePieceLook(designRow(a.points, angle, a.h, a.text, a.appearance), designRow(b.points, angle, b.h, b.text, b.appearance), opts.image);
}

function designRow(points: readonly Point[], angle: number, size: number, text: string, appearance: Appearance | undefined): DesignRow {
  return { box: frameBox(points, angle), size, text, appearance };
}

// ------------------------------------------------------------------- blocks

function linkUnits(units: Unit[], opts: Resolved): Unit[][] {
  const sets = new DisjointSets(units.length);
  const link = opts.policy === 'design' ? designLinker(units, opts) : (a: Unit, b: Unit) => sameBlock(a, b, opts);
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) {
      if (link(units[i], units[j])) sets.union(i, j);
    }
  }
  return sets.groups().map((members) => members.map((m) => units[m]));
}

// Design policy: horizontal rows join by the design-element rules; table
// cells (rows with text beside them) stay alone, and a row that opens a list
// item (a bullet, a number, an icon before it) does not join the row above.
// Vertical columns keep the paragraph rule (manga, vertical slogans).
function designLinker(units: Unit[], opts: Resolved): (a: Unit, b: Unit) => boolean {
  const cells = new Set(units.filter((u) => u.direction === 'horizontal' && units.some((o) => o !== u && besideEachOther(u, o))));
  const listItem = new Map<Unit, boolean>();
  const opensItem = (u: Unit): boolean => {
    let known = listItem.get(u);
    if (known === undefined) {
      known = startsListItem(u.text) || (opts.image !== undefined && hasLeadingIcon(opts.image, designRow(u.points, 0, u.size, u.text, u.appearance)));
      listItem.set(u, known);
    }
    return known;
  };
  return (a, b) => {
    if (a.direction === 'vertical' || b.direction === 'vertical') return sameBlock(a, b, opts);
    if (Math.abs(a.angle - b.angle) > opts.angleTolerance) return false;
    if (cells.has(a) || cells.has(b)) return false;
    const angle = (a.angle + b.angle) / 2;
    const [upper, lower] = frameBox(a.points, angle).v0 <= frameBox(b.points, angle).v0 ? [a, b] : [b, a];
    if (opensItem(lower)) return false;
    const row = (u: Unit) => designRow(u.points, angle, u.size, u.text, u.appearance);
    return sameElement(row(upper), row(lower), opts.image, opts.lineGap);
  };
}

// Two rows side by side: sharing most of a band, close along it (a table row, a title and its price tag).
function besideEachOther(a: Unit, b: Unit): boolean {
  if (b.direction !== 'horizontal') return false;
  const angle = (a.angle + b.angle) / 2;
  const A = frameBox(a.points, angle);
  const B = frameBox(b.points, angle);
  const small = Math.min(a.size, b.size);
  if (overlap(A.v0, A.v1, B.v0, B.v1) < 0.5 * small) return false;
  return -overlap(A.u0, A.u1, B.u0, B.u1) <= 6 * Math.max(a.size, b.size);
}

// Two rows (or columns) of one block: same direction, angle and size; near on the
// perpendicular axis; overlapping on the reading axis.
function sameBlock(a: Unit, b: Unit, opts: Resolved): boolean {
  if (a.direction !== b.direction) return false;
  if (Math.abs(a.angle - b.angle) > opts.angleTolerance) return false;
  if (ratio(a.size, b.size) > opts.sizeRatio) return false;
  const angle = (a.angle + b.angle) / 2;
  const A = frameBox(a.points, angle);
  const B = frameBox(b.points, angle);
  const size = (a.size + b.size) / 2;
  const horizontal = a.direction === 'horizontal';
  const gap = horizontal ? -overlap(A.v0, A.v1, B.v0, B.v1) : -overlap(A.u0, A.u1, B.u0, B.u1);
  const [a0, a1, b0, b1] = horizontal ? [A.u0, A.u1, B.u0, B.u1] : [A.v0, A.v1, B.v0, B.v1];
  if (overlap(a0, a1, b0, b1) <= 0) return false;
  if (gap <= opts.lineGap * size) return true;
  // Loosely spaced paragraphs (documents, spec lists) keep one size and one edge:
  // allow a wider gap when sizes match closely and the rows share an edge.
  const edge = 0.3 * size;
  const aligned = Math.abs(a0 - b0) <= edge || Math.abs(a1 - b1) <= edge;
  return aligned && ratio(a.size, b.size) <= ALIGNED_SIZE_RATIO && gap <= (opts.lineGap + ALIGNED_EXTRA_GAP) * size;
}

/** Rows sharing an edge may be this much further apart (times the size) than `lineGap`... */
const ALIGNED_EXTRA_GAP = 0.4;
/** ...when their sizes are within this ratio. */
const ALIGNED_SIZE_RATIO = 1.2;

interface Ordered {
  group: LineGroup;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function toGroup(units: Unit[]): Ordered {
  const direction = units[0].direction;
  const angle = meanAngle(units.map((u) => u.angle));
  const boxes = new Map(units.map((u) => [u, frameBox(u.points, angle)] as const));
  // Inside a block: rows top to bottom (then left to right), columns right to left.
  const ordered =
    direction === 'horizontal'
      ? inBands(units, (u) => boxes.get(u)!.v0, (u) => boxes.get(u)!.v1, (u) => boxes.get(u)!.u0)
      : [...units].sort((p, q) => centreU(boxes.get(q)!) - centreU(boxes.get(p)!));
  const points = units.flatMap((u) => u.points);
  const polygon = frameBoxPolygon(frameBox(points, angle));
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return {
    group: {
      lines: ordered.flatMap((u) => u.items.map((i) => i.index)),
      polygon,
      direction,
      text: joinTexts(ordered.map((u) => u.text)),
    },
    x0, x1, y0, y1,
  };
}

function centreU(box: FrameBox): number {
  return (box.u0 + box.u1) / 2;
}

function orderGroups(groups: Ordered[]): LineGroup[] {
  let vertical = 0, horizontal = 0;
  for (const g of groups) {
    const area = (g.x1 - g.x0) * (g.y1 - g.y0);
    if (g.group.direction === 'vertical') vertical += area;
    else horizontal += area;
  }
  const rightToLeft = vertical > horizontal;
  return inBands(groups, (g) => g.y0, (g) => g.y1, (g) => (rightToLeft ? -g.x1 : g.x0)).map((g) => g.group);
}

// Sorts into bands top to bottom (an element joins the band whose first element's
// vertical span holds its centre), then each band by `along`.
function inBands<T>(list: readonly T[], start: (t: T) => number, end: (t: T) => number, along: (t: T) => number): T[] {
  const sorted = [...list].sort((a, b) => start(a) - start(b) || along(a) - along(b));
  const out: T[] = [];
  let band: T[] = [];
  let bandEnd = -Infinity;
  for (const item of sorted) {
    const centre = (start(item) + end(item)) / 2;
    if (band.length && centre > bandEnd) {
      out.push(...band.sort((a, b) => along(a) - along(b)));
      band = [];
    }
    if (!band.length) bandEnd = end(item);
    band.push(item);
  }
  out.push(...band.sort((a, b) => along(a) - along(b)));
  return out;
}

// -------------------------------------------------------------------- style

interface Run {
  start: number; // along the reading axis of the block's rows (u for rows, v for columns)
  end: number;
  perp0: number; // across it
  perp1: number;
}

function styleFromGeometry(lines: readonly TextLine[], direction: TextDirection): TextStyle {
  const runs = splitRuns(lines, direction);
  const fontSize = Math.max(1, round(median(runs.map((r) => r.perp1 - r.perp0)), 10));
  let align: TextAlign = 'center';
  let lineHeight = 1.2;
  if (runs.length >= 2) {
    // Sizes as in `direction`: rows are stacked downwards, columns leftwards.
    const spread = (f: (r: Run) => number): number => {
      const values = runs.map(f);
      return Math.max(...values) - Math.min(...values);
    };
    const spreads: Array<[TextAlign, number]> = [
      ['left', spread((r) => r.start)],
      ['center', spread((r) => (r.start + r.end) / 2)],
      ['right', spread((r) => r.end)],
    ];
    const tolerance = Math.max(2, 0.35 * fontSize);
    if (!spreads.every(([, s]) => s <= tolerance)) {
      align = spreads.reduce((best, next) => (next[1] < best[1] ? next : best))[0];
    }
    const pitches: number[] = [];
    for (let i = 1; i < runs.length; i++) {
      pitches.push(Math.abs((runs[i].perp0 + runs[i].perp1) / 2 - (runs[i - 1].perp0 + runs[i - 1].perp1) / 2));
    }
    lineHeight = round(Math.min(4, Math.max(0.8, median(pitches) / fontSize)), 100);
  }
  return { color: '#000000', fontSize, align, lineHeight };
}

// Consecutive lines (in reading order) that share a row, or a column, are one run.
function splitRuns(lines: readonly TextLine[], direction: TextDirection): Run[] {
  const angle = meanAngle(lines.map((l) => polygonAngle(l.polygon)));
  const horizontal = direction === 'horizontal';
  const runs: Run[] = [];
  let current: FrameBox | undefined;
  const flush = (box: FrameBox): void => {
    runs.push(
      horizontal
        ? { start: box.u0, end: box.u1, perp0: box.v0, perp1: box.v1 }
        : { start: box.v0, end: box.v1, perp0: box.u0, perp1: box.u1 },
    );
  };
  for (const line of lines) {
    const box = frameBox(line.polygon, angle);
    if (current) {
      const shared = horizontal
        ? overlap(current.v0, current.v1, box.v0, box.v1) >= 0.5 * Math.min(current.v1 - current.v0, box.v1 - box.v0)
        : overlap(current.u0, current.u1, box.u0, box.u1) >= 0.5 * Math.min(current.u1 - current.u0, box.u1 - box.u0);
      const forward = horizontal ? box.u0 >= current.u0 : box.v0 >= current.v0;
      if (shared && forward) {
        current = {
          angle,
          u0: Math.min(current.u0, box.u0),
          u1: Math.max(current.u1, box.u1),
          v0: Math.min(current.v0, box.v0),
          v1: Math.max(current.v1, box.v1),
        };
        continue;
      }
      flush(current);
    }
    current = box;
  }
  if (current) flush(current);
  return runs;
}

// ---------------------------------------------------------------- utilities

function ratio(a: number, b: number): number {
  const lo = Math.min(a, b);
  return lo <= 0 ? Infinity : Math.max(a, b) / lo;
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}

function copyLine(line: TextLine): TextLine {
  return { polygon: line.polygon.map(([x, y]) => [x, y] as Point), text: line.text, score: line.score };
}

class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      const list = byRoot.get(root);
      if (list) list.push(i);
      else byRoot.set(root, [i]);
    }
    return [...byRoot.values()];
  }
}

// --------------------------------------------------------------- validation

function resolveOptions(options: GroupOptions): Resolved {
  if (!is.object(options)) throw invalidParameter('options', 'an object', options);
  const pick = (name: 'lineGap' | 'sizeRatio' | 'angleTolerance', min: number, max: number): number => {
    const value = options[name] ?? DEFAULT_GROUP_OPTIONS[name];
    if (!is.number(value) || !is.inRange(value, min, max)) {
      throw invalidParameter(`options.${name}`, `a number between ${min} and ${max}`, value);
    }
    return value;
  };
  const policy = assertOneOf('options.policy', options.policy ?? DEFAULT_GROUP_OPTIONS.policy, GROUPING_POLICIES);
  if (options.image !== undefined) assertRgbaImage(options.image, 'options.image');
  const sizeRatio = pick('sizeRatio', 1, 100);
  return {
    policy,
    image: options.image,
    lineGap: pick('lineGap', 0, 10),
    sizeRatio: policy === 'design' ? Math.min(sizeRatio, DESIGN_SIZE_RATIO) : sizeRatio,
    angleTolerance: (pick('angleTolerance', 0, 45) * Math.PI) / 180,
  };
}

function validateLines(lines: readonly TextLine[]): void {
  if (!Array.isArray(lines)) throw invalidParameter('lines', 'an array of text lines', lines);
  lines.forEach((line, i) => {
    if (!is.object(line)) throw invalidParameter(`lines[${i}]`, 'a text line object', line);
    const { polygon, text } = line;
    if (!Array.isArray(polygon) || polygon.length < 3 || !polygon.every(isPoint)) {
      throw invalidParameter(`lines[${i}].polygon`, 'a polygon of at least 3 [x, y] points with finite coordinates', polygon);
    }
    if (!is.string(text)) throw invalidParameter(`lines[${i}].text`, 'a string', text);
  });
}

function isPoint(p: unknown): boolean {
  return Array.isArray(p) && p.length === 2 && is.number(p[0]) && is.number(p[1]);
}

function validateGroups(groups: readonly LineGroup[], count: number): void {
  if (!Array.isArray(groups)) throw invalidParameter('groups', 'an array of line groups', groups);
  groups.forEach((group, g) => {
    if (!is.object(group)) throw invalidParameter(`groups[${g}]`, 'a line group object', group);
    if (!Array.isArray(group.lines) || group.lines.length === 0) {
      throw invalidParameter(`groups[${g}].lines`, 'a non-empty array of line indices', group.lines);
    }
    group.lines.forEach((index, j) => {
      if (!is.integer(index) || index < 0 || index >= count) {
        throw invalidParameter(`groups[${g}].lines[${j}]`, `an integer index between 0 and ${count - 1}`, index);
      }
    });
    if (group.direction !== 'horizontal' && group.direction !== 'vertical') {
      throw invalidParameter(`groups[${g}].direction`, "'horizontal' or 'vertical'", group.direction);
    }
    if (!Array.isArray(group.polygon) || group.polygon.length < 3 || !group.polygon.every(isPoint)) {
      throw invalidParameter(`groups[${g}].polygon`, 'a polygon of at least 3 [x, y] points', group.polygon);
    }
    if (!is.string(group.text)) throw invalidParameter(`groups[${g}].text`, 'a string', group.text);
  });
}
