import { throwIfAborted } from '../errors.js';
import { spanOverBand } from '../comic/shape-rows.js';
import type { Rect } from '../image/rgba-image.js';
import { polygonBounds } from '../page/geometry.js';
import type { LayoutLine, Page, Polygon, TextBlock, TextLayout } from '../page/page.js';
import type { TextMeasurer } from '../plugins.js';
import { invalidParameter, is } from '../validate.js';
import { defaultMinFontSize, layoutBlock, type LayoutOptions } from './layout.js';
import { breakScriptFor, hyphenPoint } from './line-break.js';
import { slantedMeasurer } from './slanted-measurer.js';

/** Options of {@link layoutBalloonPage}: those of `layoutPage`, plus the balloon's own. */
export interface BalloonLayoutOptions extends LayoutOptions {
  /** Space kept clear inside the balloon's outline, as a fraction of its smaller side. Default 0.1. */
  inset?: number;
  /** Line height of balloon text, as a multiple of the size. Default 1.15. */
  balloonLineHeight?: number;
  /** Largest size as a multiple of the source glyph size (`style.fontSize`). Default 1. */
  balloonMaxScale?: number;
}

/** Shortest part of a word kept on either side of a hyphen. */
const MIN_HYPHEN_PART = 3;
/** Hyphenated lines are used only when they allow a size this much larger than whole words do. */
const HYPHEN_GAIN = 0.85;
/** Size steps tried, from the largest down: each this much smaller than the last. */
const SIZE_STEP = 0.94;

/**
 * Lays out a comic page: each block with a `balloon` shape is set in
 * horizontal lines centred inside the balloon itself, each line as wide as
 * the balloon is at that line's height (less an inset), long words hyphenated
 * when they do not fit a line (Chinese and Japanese break between any two
 * characters), at the largest size that fits. A translation that does not
 * fit its balloon even at the minimum size is set like other blocks, by the
 * standard `layoutBlock`: grown past the balloon into the free space around it
 * (`freeSpace`), flagged `overflow` only when that does not fit either.
 *
 * @param page - the page (not modified)
 * @param options - measurer, target language, fonts, limits
 * @returns a new page with `layout` set and `flags.overflow` where text did not fit at the minimum size
 * @throws GlossaError `INVALID_INPUT` for bad options, `ABORTED` when the signal fires
 * @example
 * ```ts
 * const laidOut = layoutBalloonPage(page, { measurer: createCanvasMeasurer(), targetLang: 'en' });
 * laidOut.blocks[0].layout?.lines.map((l) => l.text); // ['WHERE ARE', 'THE OTH-', 'ERS?!']
 * ```
 */
export function layoutBalloonPage(page: Page, options: BalloonLayoutOptions): Page {
  if (!is.object(options) || !is.object(options.measurer) || typeof options.measurer.measure !== 'function') {
    throw invalidParameter('options.measurer', 'a TextMeasurer (an object with measure())', options?.measurer);
  }
  const blocks = page.blocks.slice();
  for (let i = 0; i < blocks.length; i++) {
    throwIfAborted(options.signal);
    const block = blocks[i];
    // `relayout: 'changed'` keeps a balloon's layout made from the same translation.
    const current = options.relayout === 'changed' && block.layout && block.layout.text === block.translation;
    blocks[i] =
      block.balloon && block.translation?.trim() && !block.flags.keep
        ? current
          ? block
          : layoutInBalloon(page, block, block.balloon, options)
        : layoutBlock({ ...page, blocks }, block, options);
  }
  return { ...page, targetLang: page.targetLang ?? options.targetLang ?? 'en', blocks };
}

/** Word widths at size 100, measured once per word. */
class Widths {
  private readonly cache = new Map<string, number>();
  constructor(
    private readonly measurer: TextMeasurer,
    private readonly family: string,
    private readonly weight: 'normal' | 'bold',
  ) {}
  at(text: string, size: number): number {
    let w = this.cache.get(text);
    if (w === undefined) {
      w = this.measurer.measure(text, { family: this.family, size: 100, weight: this.weight }).width;
      this.cache.set(text, w);
    }
    return (w * size) / 100;
  }
}

function layoutInBalloon(page: Page, block: TextBlock, balloon: Polygon, options: BalloonLayoutOptions): TextBlock {
  const lang = options.targetLang ?? page.targetLang ?? 'en';
  const text = block.translation!.trim().replace(/\s+/g, ' ');
  const family = block.style.fontFamily ?? options.fontFamily?.(lang) ?? 'sans-serif';
  const weight = block.style.fontWeight ?? 'normal';
  const lineHeight = options.balloonLineHeight ?? 1.15;
  const bounds = polygonBounds(balloon);
  const inset = (options.inset ?? 0.1) * Math.min(bounds.width, bounds.height);
  const minSize = options.minFontSize ?? defaultMinFontSize(page.width, page.height);
  const maxSize = Math.max(minSize, Math.min(block.style.fontSize * (options.balloonMaxScale ?? 1), (bounds.height - 2 * inset) / lineHeight));
  // Italic lines lean past their advance (see slantedMeasurer).
  const widths = new Widths(slantedMeasurer(options.measurer, block.style.slant), family, weight);
  // Scripts without spaces (Chinese, Japanese) break between any two characters, never with a hyphen.
  const unspaced = breakScriptFor(lang) === 'cjk';
  const words = unspaced ? Array.from(text.replace(/ /g, '')) : text.split(' ');
  const joiner = unspaced ? '' : ' ';
  const centreY = bounds.y + bounds.height / 2;
  const free = options.freeSpace && ((strip: Rect) => options.freeSpace!(block, strip));

  type Found = { size: number; lines: { text: string; left: number; right: number; top: number }[] };
  const search = (hyphenate: boolean): Found | undefined => {
    for (let size = maxSize; size >= minSize - 1e-6; size = size > minSize && size * SIZE_STEP < minSize ? minSize : size * SIZE_STEP) {
      const step = size * lineHeight;
      const most = Math.floor((bounds.height - 2 * inset) / step);
      for (let n = 1; n <= most; n++) {
        const top = centreY - (n * step) / 2;
        const bands = Array.from({ length: n }, (_, i) => {
          const span = spanOverBand(balloon, top + i * step, top + (i + 1) * step);
          if (!span || span.right - span.left - 2 * inset <= size) return undefined;
          const band = { left: span.left + inset, right: span.right - inset, top: top + i * step };
          // The shape is the region's outer hull: where it leaks past the outline (a tail, a gap), the band must still be blank.
          return !free || free({ x: Math.floor(band.left), y: Math.floor(band.top), width: Math.ceil(band.right - band.left), height: Math.ceil(step) }) ? band : undefined;
        });
        if (bands.some((b) => !b)) continue;
        const set = fill(words, joiner, bands.map((b) => b!.right - b!.left), widths, size, hyphenate);
        if (set && set.length === n) return { size, lines: set.map((t, i) => ({ text: t, ...bands[i]! })) };
      }
      if (size === minSize) break;
    }
    return undefined;
  };
  // Whole words unless hyphens buy a clearly larger size.
  const whole = search(false);
  const hyphenated = unspaced ? undefined : search(true);
  const found = whole && (!hyphenated || whole.size >= HYPHEN_GAIN * hyphenated.size) ? whole : hyphenated;

  if (!found) {
    // Too small for the translation even at the minimum size (a narrow
    // caption box, a balloon cut by the panel edge): set it as free text is
    // set, grown past the box over the surface around it (the erased balloon
    // and the blank page beyond it, never over other blocks or the art).
    const grown = layoutBlock(page, block, options);
    if (!grown.flags.overflow) return grown;
  }
  const flags = { ...block.flags };
  let layoutLines: { text: string; left: number; right: number; top: number }[];
  let size: number;
  if (found) {
    delete flags.overflow;
    ({ size, lines: layoutLines } = found);
  } else {
    // Nothing fits even grown: the minimum size in the balloon's bounding box, flagged.
    flags.overflow = true;
    size = minSize;
    const width = Math.max(size, bounds.width - 2 * inset);
    const set = fill(words, joiner, [Infinity], widths, size, !unspaced, width) ?? [text];
    const step = size * lineHeight;
    const top = centreY - (set.length * step) / 2;
    layoutLines = set.map((t, i) => ({ text: t, left: bounds.x + inset, right: bounds.x + inset + width, top: top + i * step }));
  }
  const step = size * lineHeight;
  const ink = options.measurer.measure('Hg', { family, size, weight });
  const baselineOffset = (step - (ink.ascent + ink.descent)) / 2 + ink.ascent;
  const lines: LayoutLine[] = layoutLines.map((l) => {
    const w = widths.at(l.text, size);
    const x = (l.left + l.right) / 2 - w / 2;
    return { text: l.text, x, y: l.top, width: w, height: step, baseline: l.top + baselineOffset };
  });
  const x0 = Math.min(...lines.map((l) => l.x));
  const x1 = Math.max(...lines.map((l) => l.x + l.width));
  const layout: TextLayout = {
    fontSize: size,
    fontFamily: family,
    lineHeight,
    direction: 'horizontal',
    box: { x: x0, y: lines[0].y, width: x1 - x0, height: lines.length * step },
    lines,
    text: block.translation,
  };
  return { ...block, layout, flags };
}

/**
 * Greedy line filling: words go on the current line while they fit its
 * width; a word wider than a whole line is hyphenated at the longest prefix
 * that fits (when `hyphenate`). Returns the lines, or undefined when more
 * lines than `widths` are needed (the last width repeats when `repeatWidth`
 * is given).
 */
function fill(words: readonly string[], joiner: string, lineWidths: readonly number[], widths: Widths, size: number, hyphenate: boolean, repeatWidth?: number): string[] | undefined {
  const lines: string[] = [];
  const widthOf = (i: number) => (i < lineWidths.length && Number.isFinite(lineWidths[i]) ? lineWidths[i] : repeatWidth);
  let current = '';
  const queue = [...words];
  while (queue.length) {
    const max = widthOf(lines.length);
    if (max === undefined) return undefined;
    const word = queue.shift()!;
    const candidate = current ? `${current}${joiner}${word}` : word;
    if (widths.at(candidate, size) <= max) {
      current = candidate;
      continue;
    }
    if (current) {
      lines.push(current);
      current = '';
      queue.unshift(word);
      continue;
    }
    // A word alone too wide for the line: hyphenate it (a single character cannot be split).
    const chars = Array.from(word);
    if (!hyphenate || chars.length < 2 * MIN_HYPHEN_PART) return undefined;
    let cut = 0;
    // Cut between two letters, with enough letters on each side (never before "?!").
    const letters = (part: string[]) => part.filter((ch) => /\p{L}/u.test(ch)).length;
    for (let k = chars.length - MIN_HYPHEN_PART; k >= MIN_HYPHEN_PART; k--) {
      if (!/\p{L}/u.test(chars[k - 1]) || !/\p{L}/u.test(chars[k]) || letters(chars.slice(k)) < MIN_HYPHEN_PART || letters(chars.slice(0, k)) < MIN_HYPHEN_PART) continue;
      if (widths.at(`${chars.slice(0, k).join('')}-`, size) <= max) {
        cut = k;
        break;
      }
    }
    if (!cut) return undefined;
    // Then back to where a hyphen reads well (`fur-ther`, not `furt-her`), if one is near.
    cut = hyphenPoint(chars, 0, cut, MIN_HYPHEN_PART);
    lines.push(`${chars.slice(0, cut).join('')}-`);
    queue.unshift(chars.slice(cut).join(''));
  }
  if (current) lines.push(current);
  return widthOf(lines.length - 1) === undefined ? undefined : lines;
}
