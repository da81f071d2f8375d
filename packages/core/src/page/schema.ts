import { z } from 'zod';

// The zod schemas are the single source of truth for the page model: the
// TypeScript types below are inferred from them, so validation and types
// cannot drift apart.

const finite = z.number().finite();

/** @internal */
export const pointSchema = z.tuple([finite, finite]);

/** @internal */
export const polygonSchema = z.array(pointSchema).min(3, 'a polygon needs at least 3 points');

/** @internal */
export const rectSchema = z.object({
  x: finite,
  y: finite,
  width: finite.nonnegative(),
  height: finite.nonnegative(),
});

const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'a colour like #rrggbb');

/** @internal */
export const textLineSchema = z.object({
  polygon: polygonSchema,
  text: z.string(),
  score: finite.min(0).max(1),
});

/** @internal */
export const DIRECTIONS = ['horizontal', 'vertical'] as const;
/** The roles a block's text can play on the picture: see `TextRole`. */
export const TEXT_ROLES = ['copy', 'product', 'unknown'] as const;
/** @internal */
export const ALIGNMENTS = ['left', 'center', 'right', 'justify'] as const;

/** @internal */
export const textStyleSchema = z.object({
  color: colorSchema,
  strokeColor: colorSchema.optional(),
  strokeWidth: finite.nonnegative().optional(),
  gradient: z.object({ top: colorSchema, bottom: colorSchema }).optional(),
  shadow: z.object({ color: colorSchema, offsetX: finite, offsetY: finite }).optional(),
  fontSize: finite.positive(),
  fontFamily: z.string().optional(),
  fontWeight: z.union([z.literal('normal'), z.literal('bold')]).optional(),
  slant: finite.min(-45).max(45).optional(),
  align: z.enum(ALIGNMENTS),
  lineHeight: finite.positive(),
});

/** @internal */
export const layoutLineSchema = z.object({
  text: z.string(),
  x: finite,
  y: finite,
  width: finite.nonnegative(),
  height: finite.nonnegative(),
  baseline: finite.optional(),
});

/** @internal */
export const textLayoutSchema = z.object({
  fontSize: finite.positive(),
  fontFamily: z.string(),
  lineHeight: finite.positive(),
  direction: z.enum(DIRECTIONS),
  box: rectSchema,
  lines: z.array(layoutLineSchema),
  text: z.string().optional(),
});

/** @internal */
export const blockFlagsSchema = z.object({
  overflow: z.boolean().optional(),
  untranslated: z.boolean().optional(),
  keep: z.boolean().optional(),
});

/** @internal */
export const textBlockSchema = z.object({
  id: z.string().min(1),
  polygon: polygonSchema,
  lines: z.array(textLineSchema),
  sourceText: z.string(),
  translation: z.string().optional(),
  direction: z.enum(DIRECTIONS),
  style: textStyleSchema,
  layout: textLayoutSchema.optional(),
  flags: blockFlagsSchema,
  role: z.enum(TEXT_ROLES).optional(),
  roleCues: z
    .object({ surface: finite, geometry: finite, scale: finite, repetition: finite, score: finite })
    .optional(),
  balloon: polygonSchema.optional(),
});

/** The page JSON version this build writes and reads. */
export const PAGE_VERSION = 1;

/** @internal */
export const pageSchema = z.object({
  version: z.literal(PAGE_VERSION),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  sourceLang: z.string().min(1).optional(),
  targetLang: z.string().min(1).optional(),
  blocks: z.array(textBlockSchema),
});

// Compile-time guard: the schema and the documented interfaces in page.ts must
// describe the same documents. A change to one without the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterfaces: Same<z.infer<typeof pageSchema>, import('./page.js').Page> = true;
void schemaMatchesInterfaces;
