import type { TextBlock, TextLine } from '../page/page.js';
import type { BubbleLine } from './comic-ocr.js';

/** Options of {@link createBubbleBlocks}. */
export interface BubbleBlockOptions {
  /**
   * Also erase and translate sound effects: free text (outside any balloon)
   * lettered much larger than the page's dialogue, or read with almost no
   * confidence. Default false: such blocks are flagged `keep` and left as drawn.
   */
  eraseSfx?: boolean;
}

/** Free text this many times the page's typical glyph size is a sound effect. */
const SFX_SIZE = 1.6;
/** Free text read with less confidence than this is art (a sound effect, a texture), not lettering. */
const SFX_SCORE = 0.35;

/**
 * Grouping `'bubble'`: one block per bubble that the comic OCR read
 * ({@link createComicOcr}), in its reading order. A balloon's block keeps the
 * balloon's inner shape in `balloon`; its polygon is the text area. Free text
 * that looks like a sound effect (much larger than the page's balloon text,
 * or read with almost no confidence) is flagged `keep` unless `eraseSfx`.
 * Lines from another OCR become a block each.
 *
 * @param lines - the comic OCR's lines
 * @param options - what to do with sound effects
 * @example
 * ```ts
 * const blocks = createBubbleBlocks(await comicOcr.recognize(page));
 * blocks[0].balloon; // the balloon's inside, as a polygon
 * ```
 */
export function createBubbleBlocks(lines: readonly TextLine[], options: BubbleBlockOptions = {}): TextBlock[] {
  const bubbles = lines.map((line) => (line as Partial<BubbleLine>).bubble);
  const balloonSizes = bubbles.filter((b) => b?.kind === 'balloon').map((b) => b!.glyphSize);
  const typical = median(balloonSizes.length ? balloonSizes : bubbles.filter((b) => b).map((b) => b!.glyphSize));
  return lines.map((line, i) => {
    const bubble = bubbles[i];
    const plain: TextLine = { polygon: line.polygon, text: line.text, score: line.score };
    const sfx = bubble?.kind === 'free' && !options.eraseSfx && (bubble.glyphSize > SFX_SIZE * typical || line.score < SFX_SCORE);
    return {
      id: `b${i}`,
      polygon: line.polygon,
      lines: [plain],
      sourceText: line.text,
      direction: bubble?.direction ?? 'horizontal',
      style: { color: '#000000', fontSize: bubble?.glyphSize ?? 16, align: 'center', lineHeight: 1.2 },
      flags: sfx ? { keep: true } : {},
      ...(bubble?.kind === 'balloon' ? { balloon: bubble.shape } : {}),
    };
  });
}

function median(values: number[]): number {
  if (!values.length) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
