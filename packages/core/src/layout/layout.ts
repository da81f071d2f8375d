import { GlossaError, throwIfAborted } from '../errors.js';
import type { Rect } from '../image/rgba-image.js';
import type { LayoutLine, Page, TextBlock, TextDirection, TextLayout } from '../page/page.js';
import { polygonBounds } from '../page/geometry.js';
import type { CallOptions, TextMeasurer } from '../plugins.js';
import { invalidParameter, is } from '../validate.js';
import { fitText, setText, type FitRequest, type SetText } from './fit.js';
import type { FreeSpaceTest } from './free-space.js';
import { growRegion, unionRect, type GrowSide } from './grow.js';
import { hierarchyCaps } from './hierarchy.js';
import { siblingCaps } from './siblings.js';
import { baseLang, breakScriptFor, graphemes } from './line-break.js';
import { ObstacleGrid } from './obstacles.js';
import { slantedMeasurer } from './slanted-measurer.js';
import { toVerticalForms } from './vertical.js';

/** Options of {@link layoutPage} and {@link layoutBlock}. */
export interface LayoutOptions extends CallOptions {
  /** Measures text in the runtime's canvas (`createCanvasMeasurer()` in @glossa/node). */
  measurer: TextMeasurer;
  /** Language the translations are in (BCP 47); default: the page's `targetLang`, else `en`. */
  targetLang?: string;
  /**
   * Font family per language and weight (`bold` is true for blocks whose
   * `style.fontWeight` is `bold`); a block's own `style.fontFamily` wins.
   * Default: `sans-serif`.
   */
  fontFamily?: (lang: string, bold?: boolean) => string;
  /**
   * Smallest font size in pixels the layout will use. Default
   * `max(10, 1.2% of the image's shorter side)`: below that, text on a
   * phone screen or in print stops being readable, so the block is flagged
   * `overflow` instead of shrinking further.
   */
  minFontSize?: number;
  /**
   * Largest size as a multiple of the source text size (`style.fontSize`), so
   * captions are not blown up. Default 1.25 for Latin-script targets (their
   * lowercase is smaller than CJK glyphs of the same font size), 1 for Chinese,
   * Japanese and Korean targets (Hangul and kana set as large as the Chinese
   * they replace).
   */
  maxScale?: number;
  /**
   * When the fitted size is below this fraction of the source size, the
   * region is grown into free space around it to keep the text legible.
   * Default 0.75.
   */
  growBelow?: number;
  /** Target languages that keep vertical source blocks vertical. Default `['zh', 'ja']` (Korean is set horizontally in modern print). */
  verticalLangs?: readonly string[];
  /** `all` (default) lays out every translated block; `changed` keeps a layout whose `text` equals the block's translation. */
  relayout?: 'all' | 'changed';
  /**
   * Where a region may grow: called for each strip a block's region would take
   * (other blocks and the image edges are always excluded). Pass
   * `backgroundFreeSpace(erased)` to keep text on the surface it sat on.
   * Default: any strip.
   */
  freeSpace?: FreeSpaceTest;
  /**
   * Longest translation laid out, in characters. A longer one is cut there,
   * ends with `…` in `layout.text` and is flagged `overflow`: typesetting
   * time grows with the length, and no region on an image holds that much
   * text legibly anyway. Default 2000.
   */
  maxLength?: number;
}

/** Default {@link LayoutOptions.maxLength}. */
export const DEFAULT_MAX_LAYOUT_LENGTH = 2000;

/** The resolved options. @internal */
interface Resolved {
  measurer: TextMeasurer;
  lang: string;
  family: (lang: string, bold?: boolean) => string;
  minSize: number;
  maxScale: number;
  growBelow: number;
  verticalLangs: readonly string[];
  relayout: 'all' | 'changed';
  freeSpace: FreeSpaceTest | undefined;
  maxLength: number;
}

function resolve(page: Page, options: LayoutOptions): Resolved {
  if (!is.object(options)) throw invalidParameter('options', 'an object', options);
  const { measurer } = options;
  if (!is.object(measurer) || typeof measurer.measure !== 'function') {
    throw invalidParameter('options.measurer', 'a TextMeasurer (an object with measure())', measurer);
  }
  const lang = options.targetLang ?? page.targetLang ?? 'en';
  if (!is.string(lang) || !lang) throw invalidParameter('options.targetLang', 'a BCP 47 language tag', lang);
  const positive = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!is.number(value) || value <= 0) throw invalidParameter(`options.${name}`, 'a positive number', value);
    return value;
  };
  if (options.fontFamily !== undefined && typeof options.fontFamily !== 'function') {
    throw invalidParameter('options.fontFamily', 'a function (lang) => family', options.fontFamily);
  }
  const relayout = options.relayout ?? 'all';
  if (relayout !== 'all' && relayout !== 'changed') throw invalidParameter('options.relayout', "'all' or 'changed'", relayout);
  return {
    measurer,
    lang,
    family: options.fontFamily ?? (() => 'sans-serif'),
    minSize: positive('minFontSize', options.minFontSize, defaultMinFontSize(page.width, page.height)),
    maxScale: positive('maxScale', options.maxScale, breakScriptFor(lang) === 'latin' ? 1.25 : 1),
    growBelow: positive('growBelow', options.growBelow, 0.75),
    verticalLangs: options.verticalLangs ?? ['zh', 'ja'],
    relayout,
    freeSpace: options.freeSpace,
    maxLength: Math.floor(positive('maxLength', options.maxLength, DEFAULT_MAX_LAYOUT_LENGTH)),
  };
}

/**
 * The default minimum font size for an image: `max(10, 1.2% of the shorter side)` pixels.
 *
 * @param width - image width
 * @param height - image height
 * @example
 * ```ts
 * defaultMinFontSize(1080, 1920); // 12.96
 * ```
 */
export function defaultMinFontSize(width: number, height: number): number {
  return Math.max(10, 0.012 * Math.min(width, height));
}

/**
 * Lays out every translated block of a page: breaks lines for the target
 * language, finds the largest font size that fits each block's region
 * (growing the region into free space when needed), and records the result
 * in `block.layout`. Blocks without a translation or with `flags.keep` get
 * no layout. Blocks are placed in order; a grown block is an obstacle for the
 * blocks after it. Relative size is kept: a block whose source text is 1.5x
 * or more smaller than another's is set at most 1/1.15 of that one's fitted
 * size, 1.2x smaller at most 1/1.05 of it (never below the minimum size).
 * Siblings (blocks of one colour and size that share an edge and stack at
 * most two lines apart, like the items of a list or a table's column) are
 * all set at the smallest size any of them fitted. A flush-left (right)
 * block grows away from its anchor edge, back up to its source size when it
 * fits a little small, and keeps that edge unless giving it up sets the text
 * markedly larger.
 *
 * @param page - the page (not modified)
 * @param options - measurer, target language, fonts, limits
 * @returns a new page with `layout` and `flags.overflow` set
 * @throws GlossaError `INVALID_INPUT` for bad options, `ABORTED` when the signal fires
 * @example
 * ```ts
 * const laidOut = layoutPage(page, { measurer: createCanvasMeasurer(), targetLang: 'ko', fontFamily: fontFamilyFor });
 * laidOut.blocks[0].layout?.fontSize; // e.g. 28.5
 * ```
 */
export function layoutPage(page: Page, options: LayoutOptions): Page {
  const steps = layoutSteps(page, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link layoutPage} that gives the event loop a turn every few blocks (or
 * milliseconds), so a server or a page stays responsive while a page with
 * many blocks is typeset. The pipeline's default layout stage uses it.
 *
 * @param page - the page (not modified)
 * @param options - as for {@link layoutPage}
 * @returns a new page with `layout` and `flags.overflow` set
 * @throws GlossaError `INVALID_INPUT` for bad options, `ABORTED` when the signal fires (checked before each block)
 * @example
 * ```ts
 * const laidOut = await layoutPageAsync(page, { measurer, targetLang: 'ko', signal });
 * ```
 */
export async function layoutPageAsync(page: Page, options: LayoutOptions): Promise<Page> {
  const steps = layoutSteps(page, options);
  let since = Date.now();
  for (let n = 1; ; n++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (n % YIELD_EVERY_BLOCKS === 0 || Date.now() - since > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      since = Date.now();
    }
  }
}

const YIELD_EVERY_BLOCKS = 8;
const YIELD_EVERY_MS = 10;

/** Lays the blocks out one by one, pausing (yield) after each. */
function* layoutSteps(page: Page, options: LayoutOptions): Generator<void, Page> {
  const resolved = resolve(page, options);
  const blocks = page.blocks.slice();
  const grid = obstacleGrid(page);
  for (let i = 0; i < blocks.length; i++) {
    throwIfAborted(options.signal);
    blocks[i] = layoutOne(page, blocks[i], resolved, (strip) => grid.blocks(strip, i));
    // A placed block is an obstacle for the blocks after it.
    grid.set(i, obstaclesOf(blocks[i]));
    yield;
  }
  // Keep the source's hierarchy (a markedly smaller element is set smaller
  // than the larger one, shrinking with it when the larger one had to
  // shrink), then give siblings (the items of a list, lines of one body text
  // set as separate blocks) one size: the smallest any of them fitted.
  for (const capsOf of [() => hierarchyCaps(blocks, resolved.minSize), () => siblingCaps(blocks)]) {
    for (const [i, cap] of capsOf()) {
      throwIfAborted(options.signal);
      blocks[i] = layoutOne(page, blocks[i], { ...resolved, relayout: 'all' }, (strip) => grid.blocks(strip, i), cap);
      grid.set(i, obstaclesOf(blocks[i]));
      yield;
    }
  }
  return { ...page, targetLang: page.targetLang ?? resolved.lang, blocks };
}

/** Every block's source region and layout, as obstacles, but those of the block `skipId`. */
function obstacleGrid(page: Page, skipId?: string): ObstacleGrid {
  const grid = new ObstacleGrid(page.width, page.height, page.blocks.length);
  page.blocks.forEach((b, j) => b.id !== skipId && grid.set(j, obstaclesOf(b)));
  return grid;
}

function obstaclesOf(block: TextBlock): Rect[] {
  return [polygonBounds(block.polygon), ...(block.layout ? [block.layout.box] : [])].map((r) => inflate(r, 1));
}

/**
 * Lays out one block of `page`, treating the page's other blocks (their
 * source regions and layouts) as obstacles the block may not grow into.
 *
 * @param page - the page the block belongs to
 * @param block - the block (not modified)
 * @param options - as for {@link layoutPage}
 * @returns the block with `layout` set (or removed when there is nothing to set)
 * @example
 * ```ts
 * const edited = { ...page.blocks[2], translation: 'Sale' };
 * const block = layoutBlock(page, edited, { measurer, targetLang: 'en' });
 * ```
 */
export function layoutBlock(page: Page, block: TextBlock, options: LayoutOptions): TextBlock {
  const grid = obstacleGrid(page, block.id);
  return layoutOne(page, block, resolve(page, options), (strip) => grid.blocks(strip, -1));
}

function layoutOne(page: Page, block: TextBlock, opt: Resolved, blocked: (strip: Rect) => boolean, cap = Infinity): TextBlock {
  const trimmed = block.translation?.trim();
  const { text: translation, cut } = capLength(trimmed, opt.maxLength);
  if (!translation || block.flags.keep) {
    if (!block.layout && !block.flags.overflow) return block;
    const { layout: _dropped, ...rest } = block;
    const { overflow: _o, ...flags } = block.flags;
    return { ...rest, flags };
  }
  if (opt.relayout === 'changed' && block.layout && block.layout.text === block.translation) return block;

  const region0 = clampToImage(polygonBounds(block.polygon), page.width, page.height);
  const vertical = block.direction === 'vertical' && opt.verticalLangs.includes(baseLang(opt.lang));
  const source = block.style.fontSize;
  const maxSize = Math.min(Math.max(source * opt.maxScale, opt.minSize), Math.max(cap, opt.minSize));
  const weight = block.style.fontWeight ?? 'normal';
  const family = block.style.fontFamily ?? opt.family(opt.lang, weight === 'bold');
  // Ink extent over the reference glyphs and every glyph of the text, so
  // tall brackets or accents stay inside the line box.
  const ref = inkExtent(opt.measurer, translation, opt.lang, family, weight, 100);
  const req: FitRequest = {
    text: translation,
    lang: opt.lang,
    vertical,
    lineHeight: clamp(block.style.lineHeight, 1, 2),
    family,
    weight,
    // Rows of italic text lean past their advance; columns are set upright.
    measurer: vertical ? opt.measurer : slantedMeasurer(opt.measurer, block.style.slant),
    minSize: Math.min(opt.minSize, maxSize),
    maxSize,
    lineEm: Math.max(1, (ref.ascent + ref.descent) / 100),
  };
  const free = opt.freeSpace;
  // Other blocks first (cheap), then the caller's free-space test.
  const isFree = (strip: Rect) => !blocked(strip) && (!free || free(block, strip));

  let region = region0;
  let set = fitText(req, region0);
  const anchor = anchorSide(block.style.align, vertical);
  const poor = () => !set || set.size < source * opt.growBelow;
  const grow = (maxPerSide: number, keep: GrowSide[]) =>
    growRegion(region0, {
      width: page.width,
      height: page.height,
      obstacles: [],
      maxPerSide,
      keep,
      step: Math.max(1, Math.round(source / 4)),
      // Text flush against the image edge looks cut off; keep a small margin.
      margin: Math.round(source / 4),
      isFree,
    });
  const tryRegion = (grown: Rect, goal: FitRequest, gain: number) => {
    const better = fitText(goal, grown);
    if (better && (!set || better.size > set.size * gain + 0.25)) {
      set = better;
      region = grown;
    }
  };
  if (anchor && (!set || set.size < source * FULL_SIZE)) {
    // A flush-left (right) block grows away from its anchor edge, so it
    // stays flush at the same x as its neighbours wherever its lines end:
    // as far as it needs when it fits poorly, and when it only fits a little
    // small, back up to its source size (a row of a spec table given the
    // room to its right).
    tryRegion(grow(Infinity, [anchor]), poor() ? req : { ...req, maxSize: Math.min(req.maxSize, source) }, 1);
    // Past the anchor edge only when the room there could set the text
    // markedly larger (the size grows at most as fast as the width).
    const room = anchor === 'left' ? region0.x : page.width - region0.x - region0.width;
    if (poor() && room * ANCHOR_KEEP > (1 - ANCHOR_KEEP) * region.width) tryRegion(grow(Infinity, []), req, 1 / ANCHOR_KEEP);
  } else if (poor()) {
    // Near growth first (a couple of em per side) keeps text close to where
    // the source was; far growth only when that is still not enough.
    for (const maxPerSide of [2 * source, Infinity]) {
      tryRegion(grow(maxPerSide, []), req, 1);
      if (!poor()) break;
    }
  }
  let overflow = false;
  if (!set) {
    overflow = true;
    region = growRegion(region0, { width: page.width, height: page.height, obstacles: [], isFree: (strip) => !blocked(strip), maxPerSide: Infinity, step: Math.max(1, Math.round(source / 4)) });
    set = setText(req, req.minSize, vertical ? region.height : region.width, true)!;
  }
  const layout = place(set, req, block, region0, region, overflow);
  const flags = { ...block.flags };
  if (overflow || cut) flags.overflow = true;
  else delete flags.overflow;
  return { ...block, layout, flags };
}

/** A fitted size this close to the source size needs no more room. */
const FULL_SIZE = 0.98;

/** Share of the fitted size a block gives up to keep its anchor edge. */
const ANCHOR_KEEP = 0.85;

/** The edge a horizontal block is set flush against, if any. */
function anchorSide(align: TextBlock['style']['align'], vertical: boolean): GrowSide | undefined {
  if (vertical) return undefined;
  return align === 'left' ? 'left' : align === 'right' ? 'right' : undefined;
}

/** Positions the set lines: anchored on the source box by alignment, kept inside the grown region. */
function place(set: SetText, req: FitRequest, block: TextBlock, source: Rect, region: Rect, overflow: boolean): TextLayout {
  const { size } = set;
  const step = size * req.lineHeight;
  const direction: TextDirection = req.vertical ? 'vertical' : 'horizontal';
  const align = block.style.align;
  let x: number;
  let y: number;
  if (req.vertical) {
    // Columns run right to left from the source's top-right corner.
    x = source.x + source.width - set.width;
    y = source.y;
  } else {
    x = align === 'right' ? source.x + source.width - set.width : align === 'center' ? source.x + (source.width - set.width) / 2 : source.x;
    y = source.y + (source.height - set.height) / 2;
  }
  if (!overflow) {
    x = clamp(x, region.x, region.x + region.width - set.width);
    y = clamp(y, region.y, region.y + region.height - set.height);
  }
  const lines: LayoutLine[] = [];
  if (req.vertical) {
    set.lines.forEach((text, i) => {
      lines.push({ text: toVerticalForms(text), x: x + set.width - size - i * step, y, width: size, height: set.advances[i] });
    });
  } else {
    // The reference glyphs' ink is centred in a line box lineEm tall.
    const ref = inkExtent(req.measurer, req.text, req.lang, req.family, req.weight, size);
    const lineBox = size * req.lineEm;
    const inkOffset = (lineBox - (ref.ascent + ref.descent)) / 2 + ref.ascent;
    set.lines.forEach((text, i) => {
      const w = set.advances[i];
      const lx = align === 'right' ? x + set.width - w : align === 'center' ? x + (set.width - w) / 2 : x;
      const ly = y + i * step;
      lines.push({ text, x: lx, y: ly, width: w, height: lineBox, baseline: ly + inkOffset });
    });
  }
  const content: Rect = { x, y, width: set.width, height: set.height };
  return {
    fontSize: size,
    fontFamily: req.family,
    lineHeight: req.lineHeight,
    direction,
    box: unionRect(content, source),
    lines,
    text: req.text === block.translation?.trim() ? block.translation : req.text,
  };
}

/** `text` cut to `max` characters (graphemes), ending with `…`, when longer. */
function capLength(text: string | undefined, max: number): { text: string | undefined; cut: boolean } {
  // UTF-16 length bounds the grapheme count from above: short texts skip segmentation.
  if (text === undefined || text.length <= max) return { text, cut: false };
  const head = text.slice(0, 16 * max);
  const chars = graphemes(head);
  if (chars.length <= max && head.length === text.length) return { text, cut: false };
  return { text: `${chars.slice(0, max - 1).join('')}…`, cut: true };
}

function inkExtent(measurer: TextMeasurer, text: string, lang: string, family: string, weight: 'normal' | 'bold', size: number): { ascent: number; descent: number } {
  const a = measurer.measure(referenceGlyphs(lang), { family, size, weight });
  const b = measurer.measure(text.replace(/\s+/g, ' '), { family, size, weight });
  return { ascent: Math.max(a.ascent, b.ascent), descent: Math.max(a.descent, b.descent) };
}

/** Glyphs whose ink spans the tallest ascender and deepest descender usual for the language. */
function referenceGlyphs(lang: string): string {
  const script = breakScriptFor(lang);
  if (script === 'korean') return 'Hg한';
  if (script === 'cjk') return baseLang(lang) === 'ja' ? 'Hgあ国' : 'Hg国';
  return 'Hg';
}

function clamp(v: number, lo: number, hi: number): number {
  return hi < lo ? lo : Math.min(hi, Math.max(lo, v));
}

function clampToImage(r: Rect, width: number, height: number): Rect {
  const x0 = clamp(r.x, 0, width);
  const y0 = clamp(r.y, 0, height);
  const x1 = clamp(r.x + r.width, x0, width);
  const y1 = clamp(r.y + r.height, y0, height);
  if (x1 - x0 < 1 || y1 - y0 < 1) {
    throw new GlossaError('INVALID_INPUT', `A block's polygon lies outside the ${width}x${height} image`, { details: { field: 'polygon' } });
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}
