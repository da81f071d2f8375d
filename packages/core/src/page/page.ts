import { GlossaError } from '../errors.js';
import type { Rect } from '../image/rgba-image.js';
import { PAGE_VERSION, TEXT_ROLES, pageSchema } from './schema.js';

export { PAGE_VERSION, TEXT_ROLES };

/** A point `[x, y]` in image pixels. */
export type Point = [x: number, y: number];

/** A closed polygon in image pixels (at least 3 points), clockwise from the top-left corner for quadrilaterals. */
export type Polygon = Point[];

/**
 * One line of text as OCR read it.
 *
 * @example
 * ```ts
 * const line: TextLine = { polygon: [[10,10],[120,10],[120,40],[10,40]], text: '限时特惠', score: 0.98 };
 * ```
 */
export interface TextLine {
  /** Where the line is, in image pixels. */
  polygon: Polygon;
  /** What it says. */
  text: string;
  /** Recognition confidence, 0..1. */
  score: number;
}

/** How a block's text runs: left to right in rows, or top to bottom in columns (CJK). */
export type TextDirection = 'horizontal' | 'vertical';

/** Horizontal alignment of a block's lines. */
export type TextAlign = 'left' | 'center' | 'right' | 'justify';

/** The look of a block's text. Sizes are in image pixels; colours are `#rrggbb` or `#rrggbbaa`. */
export interface TextStyle {
  /** Fill colour. */
  color: string;
  /** Outline colour, when the text has one. */
  strokeColor?: string;
  /** Outline width in pixels. */
  strokeWidth?: number;
  /**
   * A vertical fill gradient: the colour at the top of each line's glyphs and
   * at the bottom. `color` stays the dominant fill, for exports that draw one colour.
   */
  gradient?: { top: string; bottom: string };
  /** A drop shadow: its colour and offset in source pixels (renderers scale it like `strokeWidth`). */
  shadow?: { color: string; offsetX: number; offsetY: number };
  /** Size of the source text (or the requested size), in pixels. */
  fontSize: number;
  /** Family to render with; the renderer picks one per target language when absent. */
  fontFamily?: string;
  /** Weight. */
  fontWeight?: 'normal' | 'bold';
  /**
   * Italic or oblique: the glyphs' lean in degrees, top to the right
   * positive. Renderers shear upright glyphs by it (a synthetic oblique).
   * Absent for upright text.
   */
  slant?: number;
  /** Alignment of lines within the block. */
  align: TextAlign;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
}

/** One laid-out line of the translation: its text and box in image pixels (`y` is the top of the line box). */
export interface LayoutLine {
  /** The line's text. */
  text: string;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Advance width (for vertical text: column width). */
  width: number;
  /** Line box height (for vertical text: column height). */
  height: number;
  /** Alphabetic baseline `y` of a horizontal line, so every renderer places glyphs alike. */
  baseline?: number;
}

/** The layout engine's result for one block: the fitted size and every line's position. */
export interface TextLayout {
  /** Fitted font size in pixels. */
  fontSize: number;
  /** Family the size was fitted with. */
  fontFamily: string;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** Direction the translation is set in. */
  direction: TextDirection;
  /** The region the text was fitted into (may be larger than the source box when it grew). */
  box: Rect;
  /** The lines, in reading order. */
  lines: LayoutLine[];
  /** The translation this layout was made from; a layout whose `text` differs from the block's translation is stale. */
  text?: string;
}

/** Facts about a block worth auditing. */
export interface BlockFlags {
  /** The translation did not fit its region even at the minimum size. */
  overflow?: boolean;
  /** No translation was available; the source text is left in place. */
  untranslated?: boolean;
  /** Leave this block's source text untouched (not erased, not re-rendered). */
  keep?: boolean;
}

/**
 * What a block's text is on the picture: `copy`, the ad copy laid over it
 * (titles, selling points, prices: what sellers want translated); `product`,
 * text printed on the product itself (a bottle's label, the brand on a box:
 * left as it is by default, since repainting it alters the product);
 * `unknown` when the cues disagree.
 */
export type TextRole = (typeof TEXT_ROLES)[number];

/**
 * The cue scores behind a block's {@link TextRole}, kept for debugging. Each
 * is negative for ad copy and positive for product text; `score` is their sum
 * (product from 0.75, copy up to −0.5).
 */
export interface RoleCues {
  /** What the text sits on: the poster's backdrop or a flat plate (−), a closed shaded object (+). */
  surface: number;
  /** Turned with a surface, bent or tapered like print on a curved or receding face (+). */
  geometry: number;
  /** The page's largest text (−) or small print (+). */
  scale: number;
  /** The same text on several objects (+). */
  repetition: number;
  /** The sum. */
  score: number;
}

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
export interface TextBlock {
  /** Unique within the page. */
  id: string;
  /** The region the block occupies. */
  polygon: Polygon;
  /** The OCR lines it is made of, in reading order. */
  lines: TextLine[];
  /** The lines' text joined for translation. */
  sourceText: string;
  /** The translation, once known. */
  translation?: string;
  /** Direction of the source text. */
  direction: TextDirection;
  /** Look of the text. */
  style: TextStyle;
  /** Where the translation is set, once laid out. */
  layout?: TextLayout;
  /** Audit flags. */
  flags: BlockFlags;
  /** Ad copy or text printed on the product, once classified (see `classifyBlocks`). */
  role?: TextRole;
  /** Why the block got its role. */
  roleCues?: RoleCues;
  /**
   * The inner shape of the speech balloon or caption box the text sits in
   * (inside its outline), when the block is one: erasing clears the balloon's
   * interior of text, and the translation is set inside this shape rather
   * than the text's own box.
   */
  balloon?: Polygon;
}

/**
 * Everything Glossa knows about one image's text, as JSON: the contract
 * between OCR, translation, layout and rendering, and the file people edit.
 *
 * @example
 * ```ts
 * const page: Page = { version: 1, width: 800, height: 600, targetLang: 'ko', blocks: [] };
 * ```
 */
export interface Page {
  /** Page JSON format version; see {@link PAGE_VERSION}. */
  version: typeof PAGE_VERSION;
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Source language (BCP 47), when known. */
  sourceLang?: string;
  /** Target language (BCP 47). */
  targetLang?: string;
  /** The text blocks, in reading order. */
  blocks: TextBlock[];
}

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
  if (result.success) return result.data as Page;
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
