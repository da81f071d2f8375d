// The `comic` preset's stages between the plugins: one block per bubble, masks
// that clear balloon interiors, translations set inside the balloons. The
// runtimes pair them with the comic OCR (createComicOcr) in place of PP-OCR's
// own reading.
import { clipRect, toGray, type Mask, type Rect, type RgbaImage } from '../image/rgba-image.js';
import { layoutBalloonPage } from '../layout/balloon.js';
import { backgroundFreeSpace } from '../layout/free-space.js';
import type { TextBlock, TextLine } from '../page/page.js';
import { defaultGroup, type DefaultLayoutOptions } from '../pipeline/defaults.js';
import type { GroupingPolicy } from '../ocr/group.js';
import type { LayoutStage } from '../pipeline/types.js';
import { COMIC_FONT_FAMILY, fontFamilyFor } from '../fonts/bundled-fonts.js';
import { breakScriptFor } from '../layout/line-break.js';
import type { TranslationMapOptions } from '../translate/translation-map.js';
import { createBubbleBlocks } from './bubble-blocks.js';
import { buildBubbleMask } from './bubble-mask.js';

/**
 * Presets: `default` (PP-OCR lines grouped into paragraphs, posters and
 * screenshots) and `comic` (speech bubbles, vertical Japanese, balloon
 * typesetting).
 *
 * @example
 * ```ts
 * PRESETS.includes('comic'); // true
 * ```
 */
export const PRESETS = ['default', 'comic'] as const;

/** One of {@link PRESETS}. @example `const preset: Preset = 'comic';` */
export type Preset = (typeof PRESETS)[number];

/**
 * The preset implied when none is given: `comic` for grouping `bubble` (only
 * the comic OCR finds bubbles) or a Japanese source (manga), `default` otherwise.
 *
 * @param from - the source language (BCP 47), if known
 * @param preset - an explicit preset, which wins
 * @param grouping - the grouping asked for, if any
 * @example
 * ```ts
 * presetFor('ja'); // 'comic'
 * presetFor('ja', 'default'); // 'default'
 * presetFor('zh'); // 'default'
 * presetFor(undefined, undefined, 'bubble'); // 'comic'
 * ```
 */
export function presetFor(from: string | undefined, preset?: Preset, grouping?: GroupingPolicy): Preset {
  if (preset !== undefined) return preset;
  if (grouping === 'bubble') return 'comic';
  return (from ?? '').toLowerCase().split(/[-_]/)[0] === 'ja' ? 'comic' : 'default';
}

/**
 * The comic preset's lettering family for a target language: Comic Neue
 * ({@link COMIC_FONT_FAMILY}) for Latin-script languages, the bundled Noto
 * family of the language otherwise.
 *
 * @param lang - the target language (BCP 47)
 * @example
 * ```ts
 * comicFontFamily('en'); // 'Glossa Comic'
 * comicFontFamily('ko'); // 'Glossa Sans KR'
 * ```
 */
export function comicFontFamily(lang: string): string {
  return breakScriptFor(lang) === 'latin' ? COMIC_FONT_FAMILY : fontFamilyFor(lang);
}

/**
 * The similarity at which the comic preset's translation scripts match a
 * bubble's reading (see `createTranslationMapTranslator`'s `minSimilarity`):
 * lower than print's 0.8, because Tesseract's readings of hand lettering are
 * noisier (CER about 0.2) and a page's script holds few entries to confuse.
 *
 * @example
 * ```ts
 * const translator = createTranslationMapTranslator(script, { minSimilarity: COMIC_SCRIPT_SIMILARITY });
 * ```
 */
export const COMIC_SCRIPT_SIMILARITY = 0.6;

/**
 * How the comic preset's translation scripts are read: matched at
 * {@link COMIC_SCRIPT_SIMILARITY}, and in order (`align: 'order'`), since a
 * comic's script lists the page's lines in reading order, so a bubble read too
 * badly to match by text still takes the entry between its neighbours'.
 *
 * @example
 * ```ts
 * const translator = createTranslationMapTranslator(script, COMIC_SCRIPT_OPTIONS);
 * ```
 */
export const COMIC_SCRIPT_OPTIONS: Readonly<TranslationMapOptions> = Object.freeze({ minSimilarity: COMIC_SCRIPT_SIMILARITY, align: 'order' });

/** Options of {@link comicStages}. */
export interface ComicStageOptions extends DefaultLayoutOptions {
  /** Also erase and translate sound effects drawn into the art. Default false. (`fontFamily` defaults to {@link comicFontFamily}.) */
  eraseSfx?: boolean;
  /**
   * How the comic OCR's lines become blocks. Default `bubble`: one block per
   * bubble ({@link createBubbleBlocks}); `design` or `paragraph` group the
   * bubbles' readings as {@link defaultGroup} does (no balloon shapes).
   */
  grouping?: GroupingPolicy;
}

/**
 * The `comic` preset's group, mask and layout stages, to spread into
 * `createPipeline`'s options next to a comic OCR.
 *
 * @param options - the runtime's measurer and font families; `eraseSfx`
 * @example
 * ```ts
 * const ocr = createComicOcr({ detector: paddle, reader });
 * const pipeline = createPipeline({ ocr, translator, inpainter, renderer, ...comicStages({ measurer }) });
 * ```
 */
export function comicStages(options: ComicStageOptions): {
  group: (lines: TextLine[], image: RgbaImage) => TextBlock[];
  buildMask: (image: RgbaImage, blocks: TextBlock[]) => Mask;
  layout: LayoutStage;
} {
  const fontFamily = options.fontFamily ?? comicFontFamily;
  return {
    group: (lines, image) =>
      (options.grouping ?? 'bubble') === 'bubble' ? createBubbleBlocks(lines, { eraseSfx: options.eraseSfx }) : defaultGroup(lines, image, { policy: options.grouping }),
    buildMask: (image, blocks) => buildBubbleMask(image, blocks),
    // Free text (no balloon), and a translation too long for its balloon, may
    // grow only over the surface it sat on, as in the default layout, and
    // never across a line: a balloon's outline or a caption box's frame.
    layout: (page, { background, signal }) => {
      const surface = backgroundFreeSpace(background);
      const lines = inkLines(background);
      return layoutBalloonPage(page, { measurer: options.measurer, fontFamily, freeSpace: (block, strip) => !lines(strip) && surface(block, strip), signal });
    },
  };
}

/** Luma below which a pixel of the erased page is a drawn line (an outline, a frame), not paper. */
const LINE_LUMA = 110;
/** Dark pixels a strip may hold and still be blank: dust and JPEG specks on the paper. */
const LINE_PIXELS = 4;

/**
 * Whether a strip of the erased page holds a drawn line: more than a few
 * dark pixels. The free-space test of the default layout looks at shares of
 * the strip, which a thin outline hardly changes.
 */
function inkLines(background: RgbaImage): (strip: Rect) => boolean {
  const { width, height } = background;
  // Dark pixels above and left of each point (a summed-area table): each strip is then four look-ups.
  let sums: Int32Array | undefined;
  const table = () => {
    const luma = toGray(background);
    const t = new Int32Array((width + 1) * (height + 1));
    for (let y = 0; y < height; y++) {
      let row = 0;
      for (let x = 0; x < width; x++) {
        row += luma[y * width + x] < LINE_LUMA ? 1 : 0;
        t[(y + 1) * (width + 1) + x + 1] = t[y * (width + 1) + x + 1] + row;
      }
    }
    return t;
  };
  return (strip) => {
    sums ??= table();
    const r = clipRect(strip, width, height);
    const at = (x: number, y: number) => sums![y * (width + 1) + x];
    return at(r.x + r.width, r.y + r.height) - at(r.x, r.y + r.height) - at(r.x + r.width, r.y) + at(r.x, r.y) > LINE_PIXELS;
  };
}
