// Font size search for one region: the largest size at which the text fits,
// found by probing downward in geometric steps and then bisecting between the
// last size that failed and the first that fitted.
import type { Rect } from '../image/rgba-image.js';
import type { FontSpec, TextMeasurer } from '../plugins.js';
import { breakLines, graphemes } from './line-break.js';

/** What the size search needs to know about a block. @internal */
export interface FitRequest {
  text: string;
  lang: string;
  vertical: boolean;
  lineHeight: number;
  family: string;
  weight: 'normal' | 'bold';
  measurer: TextMeasurer;
  minSize: number;
  maxSize: number;
  /**
   * Height of one line's ink in em (ascent + descent of reference glyphs,
   * at least 1): the first line takes this much, so glyphs never stick out
   * of the region.
   */
  lineEm: number;
}

/** Lines set at one size and the extent they need. @internal */
export interface SetText {
  size: number;
  lines: string[];
  /** Advance of each line (vertical: column height). */
  advances: number[];
  /** Extent of the whole text block: width and height in image pixels. */
  width: number;
  height: number;
}

/** Sets the text at `size` for lines at most `lineLength` long; null when a word would have to be split and `allowSplit` is false. @internal */
export function setText(req: FitRequest, size: number, lineLength: number, allowSplit: boolean): SetText | null {
  const font: FontSpec = { family: req.family, size, weight: req.weight };
  // Vertical columns advance one em per character (upright CJK cells).
  const measure = req.vertical
    ? (s: string) => graphemes(s).length * size
    : (s: string) => req.measurer.measure(s, font).width;
  const lines = breakLines(req.text, { maxWidth: lineLength, measure, lang: req.lang, allowSplit });
  if (!lines) return null;
  const advances = lines.map(measure);
  // A loop, not Math.max(...advances): a spread of 100k lines overflows the stack.
  let longest = 0;
  for (const advance of advances) if (advance > longest) longest = advance;
  // The first line takes its ink height, every further line adds lineHeight em.
  const across = size * ((req.vertical ? 1 : req.lineEm) + (lines.length - 1) * req.lineHeight);
  return req.vertical
    ? { size, lines, advances, width: across, height: longest }
    : { size, lines, advances, width: longest, height: across };
}

function fitsIn(set: SetText | null, region: Rect): set is SetText {
  return set !== null && set.width <= region.width + 1e-6 && set.height <= region.height + 1e-6;
}

/**
 * The largest size in [minSize, maxSize] at which the text fits `region`, or
 * null. Whole words are tried first at every size; splitting a word
 * (hyphenation, Korean syllables) is the last resort, used only when no size
 * fits without it.
 * @internal
 */
export function fitText(req: FitRequest, region: Rect): SetText | null {
  const lineLength = req.vertical ? region.height : region.width;
  const tooLong = lengthBound(req, region);
  for (const allowSplit of [false, true]) {
    const at = (size: number) => (tooLong(size) ? null : setText(req, size, lineLength, allowSplit));
    let hi = req.maxSize;
    let best = at(hi);
    if (fitsIn(best, region)) return best;
    // Probe downwards until something fits.
    let lo = 0;
    for (let size = req.maxSize * 0.85; ; size *= 0.85) {
      const s = Math.max(size, req.minSize);
      const set = at(s);
      if (fitsIn(set, region)) {
        lo = s;
        best = set;
        break;
      }
      hi = s;
      if (s <= req.minSize) break;
    }
    if (!lo) continue;
    // Bisect to a quarter pixel between the fitting `lo` and the failing `hi`.
    while (hi - lo > 0.25) {
      const mid = (lo + hi) / 2;
      const set = at(mid);
      if (fitsIn(set, region)) {
        lo = mid;
        best = set;
      } else {
        hi = mid;
      }
    }
    return best;
  }
  return null;
}

/**
 * A cheap test that rules a size out before its lines are broken: at `size`,
 * the region holds `n` lines of `lineLength`, and the text cannot fit when
 * its one-line advance is well over `n` such lines (plus a space lost at
 * each break). Advances scale with the size; the 10% margin covers hinting
 * at small sizes, so a size that fits is never ruled out. Without it each
 * size tried costs a full line breaking, proportional to the text's length.
 */
function lengthBound(req: FitRequest, region: Rect): (size: number) => boolean {
  const ref = 100;
  const font: FontSpec = { family: req.family, size: ref, weight: req.weight };
  const flat = req.text.replace(/\s+/g, ' ');
  const advance = req.vertical ? graphemes(flat).length * ref : req.measurer.measure(flat, font).width;
  const space = req.vertical ? ref : req.measurer.measure(' ', font).width;
  const lineLength = req.vertical ? region.height : region.width;
  const across = req.vertical ? region.width : region.height;
  return (size) => {
    const scale = size / ref;
    const first = size * (req.vertical ? 1 : req.lineEm);
    const lines = across < first ? 0 : 1 + Math.floor((across - first) / (size * req.lineHeight) + 1e-9);
    return 0.9 * advance * scale > lines * (lineLength + space * scale);
  };
}
