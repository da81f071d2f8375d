import type { RgbaImage } from '../image/rgba-image.js';
import type { TextBlock, TextLine } from '../page/page.js';
import { assertOneOf } from '../validate.js';
import { classifyBlocks } from './product-text.js';
import { applyScriptRoles, type ScriptRole } from './script-roles.js';

/** What to do with text printed on the product; see {@link ProductTextMode}. */
export const PRODUCT_TEXT_MODES = ['keep', 'translate'] as const;

/**
 * `keep` (the default): blocks classified as product text (`role: 'product'`)
 * are not sent to the translator, not erased and not re-rendered; the page
 * JSON still lists them, with `flags.keep`. `translate`: every block is
 * translated, as before product text was told apart.
 */
export type ProductTextMode = (typeof PRODUCT_TEXT_MODES)[number];

/**
 * Applies the product-text option: with `keep`, blocks whose role is
 * `product` get `flags.keep` (the pipeline then neither translates, erases
 * nor re-renders them); with `translate`, blocks are returned unchanged.
 *
 * @param blocks - classified blocks
 * @param mode - `keep` (default) or `translate`
 * @throws GlossaError `INVALID_INPUT` when `mode` is neither
 * @example
 * ```ts
 * const blocks = keepProductText(classifyBlocks(createBlocks(lines), image), 'keep');
 * ```
 */
export function keepProductText(blocks: readonly TextBlock[], mode: ProductTextMode = 'keep'): TextBlock[] {
  checkProductTextMode(mode);
  if (mode === 'translate') return [...blocks];
  return blocks.map((b) => (b.role === 'product' ? { ...b, flags: { ...b.flags, keep: true } } : b));
}

/**
 * Checks a `productText` option.
 *
 * @param mode - the value given
 * @throws GlossaError `INVALID_INPUT` when it is neither `keep` nor `translate`
 * @example
 * ```ts
 * checkProductTextMode(options.productText ?? 'keep');
 * ```
 */
export function checkProductTextMode(mode: unknown): asserts mode is ProductTextMode {
  assertOneOf('productText', mode, PRODUCT_TEXT_MODES);
}

/** Options of {@link withProductText}. */
export interface ProductTextOptions {
  /** `keep` (default) or `translate`; see {@link ProductTextMode}. */
  productText?: ProductTextMode;
  /** Roles from translation scripts (source text to role); read again for every page, so entries added later apply to later pages. */
  roles?: Readonly<Record<string, ScriptRole>>;
}

/**
 * Wraps a grouping stage so each page's blocks are classified (ad copy or
 * product text, see {@link classifyBlocks}) after grouping, with the roles
 * translation scripts force applied first, and product text kept when
 * `productText` is `keep`.
 *
 * @param group - the grouping stage, e.g. `createBlocks`
 * @param options - `productText` and script roles
 * @throws GlossaError `INVALID_INPUT` when `productText` is neither `keep` nor `translate`
 * @example
 * ```ts
 * const pipeline = createPipeline({ ...plugins, group: withProductText((lines) => createBlocks(lines), { productText: 'keep' }), buildMask });
 * ```
 */
export function withProductText(
  group: (lines: TextLine[], image: RgbaImage) => TextBlock[],
  options: ProductTextOptions = {},
): (lines: TextLine[], image: RgbaImage) => TextBlock[] {
  const mode = options.productText ?? 'keep';
  checkProductTextMode(mode);
  return (lines, image) => keepProductText(classifyBlocks(applyScriptRoles(group(lines, image), options.roles ?? {}), image), mode);
}
