import type { TextBlock, TextLine } from '../page/page.js';
import type { BubbleLine } from './comic-ocr.js';

/** Options of {@link createBubbleBlocks}. */
export interface BubbleBlockOptions {
  /**
   * Also erase and translate free text that was read with little confidence:
   * sound effects drawn into the art. Default false: such blocks are flagged
   * `keep` and left as drawn.
   */
  eraseSfx?: boolean;
  /** Free text read at least this confidently is lettering, not a sound effect. Default 0.7. */
  letteringScore?: number;
}

/**
 * Grouping `'bubble'`: one block per bubble that the comic OCR read
 * ({@link createComicOcr}), in its reading order. A balloon's block keeps the
 * balloon's inner shape in `balloon`; its polygon is the text area. Free text
 * read with low confidence (a sound effect drawn into the art) is flagged
 * `keep` unless `eraseSfx`. Lines from another OCR become a block each.
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
  const lettering = options.letteringScore ?? 0.7;
  return lines.map((line, i) => {
    const bubble = (line as Partial<BubbleLine>).bubble;
    const plain: TextLine = { polygon: line.polygon, text: line.text, score: line.score };
    const sfx = bubble?.kind === 'free' && line.score < lettering && !options.eraseSfx;
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
