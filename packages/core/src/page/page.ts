import type { z } from 'zod';
import { GlossaError } from '../errors.js';
import {
  pageSchema,
  type blockFlagsSchema,
  type layoutLineSchema,
  type pointSchema,
  type polygonSchema,
  type textBlockSchema,
  type textLayoutSchema,
  type textLineSchema,
  type textStyleSchema,
} from './schema.js';

export { PAGE_VERSION } from './schema.js';

/** A point `[x, y]` in image pixels. */
export type Point = z.infer<typeof pointSchema>;

/** A closed polygon in image pixels, clockwise from the top-left corner for quadrilaterals. */
export type Polygon = z.infer<typeof polygonSchema>;

/**
 * One line of text as OCR read it.
 *
 * @example
 * ```ts
 * const line: TextLine = { polygon: [[10,10],[120,10],[120,40],[10,40]], text: '限时特惠', score: 0.98 };
 * ```
 */
export type TextLine = z.infer<typeof textLineSchema>;

/** How a block's text runs. */
export type TextDirection = TextBlock['direction'];

/** The look of a block's text: colour, outline, size, alignment. `fontSize` is in image pixels. */
export type TextStyle = z.infer<typeof textStyleSchema>;

/** One laid-out line of the translation: its text and box in image pixels (y is the top). */
export type LayoutLine = z.infer<typeof layoutLineSchema>;

/** The result of the layout engine for one block: fitted size and every line's position. */
export type TextLayout = z.infer<typeof textLayoutSchema>;

/** Facts about a block worth auditing: `overflow` (the translation did not fit), `untranslated`, `keep` (leave the source text in place). */
export type BlockFlags = z.infer<typeof blockFlagsSchema>;

/**
 * A unit of text that is translated and typeset together: a paragraph, a
 * slogan, a speech bubble.
 *
 * @example
 * ```ts
 * const block: TextBlock = {
 *   id: 'b0', polygon: line.polygon, lines: [line], sourceText: '限时特惠', translation: 'Limited offer',
 *   direction: 'horizontal', style: { color: '#ff0000', fontSize: 30, align: 'center', lineHeight: 1.2 }, flags: {},
 * };
 * ```
 */
export type TextBlock = z.infer<typeof textBlockSchema>;

/**
 * Everything Glossa knows about one image's text, as JSON: the contract
 * between OCR, translation, layout and rendering, and the file people edit.
 *
 * @example
 * ```ts
 * const page: Page = { version: 1, width: 800, height: 600, targetLang: 'ko', blocks: [] };
 * ```
 */
export type Page = z.infer<typeof pageSchema>;

/**
 * Validates a page document and returns it typed. Accepts a JSON string or an
 * already-parsed value.
 *
 * @param json - a JSON string or an object
 * @returns the validated page (a new object; unknown keys dropped)
 * @throws GlossaError `INVALID_INPUT` naming the first bad field, e.g. `blocks[2].polygon[0]`
 * @example
 * ```ts
 * const page = parsePage(await readFile('page.json', 'utf8'));
 * page.blocks[0].translation = '새 번역';
 * ```
 */
export function parsePage(json: unknown): Page {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new GlossaError('INVALID_INPUT', `Page JSON is not valid JSON: ${(cause as Error).message}`, {
        cause,
        details: { field: '' },
      });
    }
  }
  const result = pageSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = formatPath(issue.path);
  throw new GlossaError('INVALID_INPUT', `Invalid page: ${field || 'document'}: ${issue.message}`, {
    details: { field, issues: result.error.issues.length },
  });
}

/**
 * Serialises a page to JSON text that {@link parsePage} reads back to an equal page.
 *
 * @param page - the page
 * @param space - indentation, 2 by default
 * @example
 * ```ts
 * await writeFile('page.json', serializePage(page));
 * ```
 */
export function serializePage(page: Page, space = 2): string {
  return JSON.stringify(page, null, space);
}

/** `['blocks', 2, 'polygon']` becomes `blocks[2].polygon`. @internal */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
