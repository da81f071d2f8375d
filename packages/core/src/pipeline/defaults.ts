// The default wiring of the stages between the plugins: how OCR lines become
// blocks, what is erased, how translations are styled and fitted. Node, the
// browser and the CLI all take these, so a page comes out the same everywhere;
// the runtimes supply only the measurer (their canvas) and the font names.
import type { Mask, RgbaImage } from '../image/rgba-image.js';
import { layoutBalloonPage } from '../layout/balloon.js';
import { backgroundFreeSpace } from '../layout/free-space.js';
import { layoutPage, layoutPageAsync, type LayoutOptions } from '../layout/layout.js';
import { buildTextMask } from '../mask/text-mask.js';
import { createBlocks, groupLines, type GroupingPolicy } from '../ocr/group.js';
import { createBubbleBlocks } from '../comic/bubble-blocks.js';
import type { Page, TextBlock, TextLine } from '../page/page.js';
import type { TextMeasurer } from '../plugins.js';
import { inferBlockStyles } from '../style/infer-style.js';
import { fontFamilyFor } from '../fonts/bundled-fonts.js';
import type { LayoutStage } from './types.js';
import { withProductText, type ProductTextOptions } from '../classify/product-text-option.js';

/**
 * The default grouping: OCR lines into blocks in reading order, one block per
 * design element (`policy: 'design'`, which reads colours and surfaces from
 * `image` when given), per paragraph (`policy: 'paragraph'`) or per speech
 * bubble (`policy: 'bubble'`: {@link createBubbleBlocks} over the comic OCR's
 * lines, balloon shapes and sound-effect flags included).
 *
 * @param lines - the page's OCR lines
 * @param image - the image they were read from
 * @param options - `policy`: `design` (default), `paragraph` or `bubble`
 * @returns the blocks, in reading order
 * @example
 * ```ts
 * const blocks = defaultGroup(await ocr.recognize(image), image, { policy: 'design' });
 * ```
 */
export function defaultGroup(lines: TextLine[], image?: RgbaImage, options: { policy?: GroupingPolicy } = {}): TextBlock[] {
  if (options.policy === 'bubble') return createBubbleBlocks(lines);
  return createBlocks(lines, groupLines(lines, { policy: options.policy, image }));
}

/**
 * The default erase mask: core's glyph-precise mask of every line of the
 * blocks to erase.
 *
 * @param image - the source image
 * @param blocks - the blocks to erase
 * @returns the mask (255 = erase)
 * @example
 * ```ts
 * const background = await inpainter.inpaint(image, defaultMask(image, page.blocks));
 * ```
 */
export function defaultMask(image: RgbaImage, blocks: TextBlock[]): Mask {
  return buildTextMask(image, blocks.flatMap((b) => b.lines));
}

/**
 * What the default layout needs from a runtime.
 *
 * @example
 * ```ts
 * const options: DefaultLayoutOptions = { measurer: createCanvasMeasurer() };
 * ```
 */
export interface DefaultLayoutOptions {
  /** Measures text in the runtime's canvas, with the fonts the renderer draws with. */
  measurer: TextMeasurer;
  /** Font family per language and weight; default {@link fontFamilyFor} (the bundled fonts, bold faces for bold blocks). */
  fontFamily?: (lang: string, bold?: boolean) => string;
}

/**
 * The default layout stage: reads each block's colour and outline from the
 * pixels, then fits each translation into its region (growing it into free
 * background when the text would get too small).
 *
 * @param options - the measurer and font families
 * @returns the stage, for `createPipeline({ layout })`
 * @example
 * ```ts
 * const pipeline = createPipeline({ ...plugins, ...defaultStages({ measurer }) });
 * ```
 */
export function createDefaultLayout(options: DefaultLayoutOptions): LayoutStage {
  // Async: the event loop gets a turn between blocks, so a server stays responsive while a page is typeset.
  return (page, { image, background, signal }) =>
    layoutPageAsync(inferBlockStyles(page, image, background, { signal }), layoutOptions(options, background, { signal }));
}

/**
 * Lays out a page again over its erased background, as after a person edited
 * its translations: by default only blocks whose translation changed (or that
 * have no layout), so hand-tuned blocks stay as they are. Styles already on
 * the page are kept.
 *
 * @param page - a page with translations (and usually earlier layouts)
 * @param background - the erased image the text goes on
 * @param options - measurer, fonts, `relayout` (`changed` by default), target language, signal
 * @returns the page with new layouts
 * @example
 * ```ts
 * const edited = relayoutPage(page, erased, { measurer });
 * const image = await renderer.render(erased, edited);
 * ```
 */
export function relayoutPage(
  page: Page,
  background: RgbaImage,
  options: DefaultLayoutOptions & Pick<LayoutOptions, 'relayout' | 'targetLang' | 'signal'>,
): Page {
  const opts = { ...layoutOptions(options, background, options), relayout: options.relayout ?? 'changed' } as const;
  // A comic page's balloon blocks are set inside their balloons, as the comic preset set them.
  return page.blocks.some((b) => b.balloon) ? layoutBalloonPage(page, opts) : layoutPage(page, opts);
}

/**
 * The default group, mask and layout stages, to spread into
 * `createPipeline`'s options next to the plugins. The group stage also tells
 * ad copy from product text (`block.role`) and, with `productText: 'keep'`
 * (the default), marks product text to be left as it is.
 *
 * @param options - the runtime's measurer and font families; `productText` and script `roles` (see `withProductText`)
 * @throws GlossaError `INVALID_INPUT` when `productText` is neither `keep` nor `translate`
 * @example
 * ```ts
 * const pipeline = createPipeline({ ocr, translator, inpainter, renderer, ...defaultStages({ measurer }) });
 * ```
 */
export function defaultStages(options: DefaultLayoutOptions & ProductTextOptions): {
  group: (lines: TextLine[], image: RgbaImage) => TextBlock[];
  buildMask: typeof defaultMask;
  layout: LayoutStage;
} {
  return {
    group: withProductText((lines, image) => defaultGroup(lines, image), { productText: options.productText, roles: options.roles }),
    buildMask: defaultMask,
    layout: createDefaultLayout(options),
  };
}

function layoutOptions(
  options: DefaultLayoutOptions,
  background: RgbaImage,
  extra: Pick<LayoutOptions, 'targetLang' | 'signal'>,
): LayoutOptions {
  return {
    measurer: options.measurer,
    fontFamily: options.fontFamily ?? ((lang, bold) => fontFamilyFor(lang, bold)),
    freeSpace: backgroundFreeSpace(background),
    ...(extra.targetLang !== undefined ? { targetLang: extra.targetLang } : {}),
    signal: extra.signal,
  };
}
