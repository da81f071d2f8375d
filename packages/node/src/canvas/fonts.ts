import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { GlossaError } from '@glossa/core';

// Fonts ship in npm packages (OFL-licensed Noto), so rendering works on a
// machine with no system fonts. They are registered explicitly under our own
// family names, never picked up from fontconfig by accident.

/** A bundled font family and the npm package file it comes from. @internal */
interface BundledFace {
  family: string;
  pkg: string;
  file: string;
  /** The font's PostScript name, what Photoshop needs in a text layer. */
  postScript: string;
}

const BUNDLED: readonly BundledFace[] = [
  { family: 'Glossa Sans', pkg: '@embedpdf/fonts-latin', file: 'NotoSans-Regular.ttf', postScript: 'NotoSans-Regular' },
  { family: 'Glossa Sans Bold', pkg: '@embedpdf/fonts-latin', file: 'NotoSans-Bold.ttf', postScript: 'NotoSans-Bold' },
  { family: 'Glossa Sans SC', pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Regular.otf', postScript: 'NotoSansHans-Regular' },
  { family: 'Glossa Sans SC Bold', pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Bold.otf', postScript: 'NotoSansHans-Bold' },
  { family: 'Glossa Sans KR', pkg: '@embedpdf/fonts-kr', file: 'NotoSansKR-Regular.otf', postScript: 'NotoSansKR-Regular' },
  { family: 'Glossa Sans KR Bold', pkg: '@embedpdf/fonts-kr', file: 'NotoSansKR-Bold.otf', postScript: 'NotoSansKR-Bold' },
  { family: 'Glossa Sans JP', pkg: '@embedpdf/fonts-jp', file: 'NotoSansJP-Regular.otf', postScript: 'NotoSansJP-Regular' },
  { family: 'Glossa Sans JP Bold', pkg: '@embedpdf/fonts-jp', file: 'NotoSansJP-Bold.otf', postScript: 'NotoSansJP-Bold' },
];

let registered = false;

/**
 * Registers the fonts bundled with `@glossa/node` with @napi-rs/canvas. Called
 * for you by the renderer; safe to call many times.
 *
 * @returns the registered family names
 * @throws GlossaError `INTERNAL` when a font package is missing from node_modules
 * @example
 * ```ts
 * registerBundledFonts();
 * ctx.font = `32px "${fontFamilyFor('ko')}"`;
 * ```
 */
export function registerBundledFonts(): string[] {
  if (!registered) {
    const require = createRequire(import.meta.url);
    for (const face of BUNDLED) {
      let path: string;
      try {
        // The packages export only their JS entry (dist/index.*); fonts/ sits beside dist/.
        path = join(dirname(require.resolve(face.pkg)), '..', 'fonts', face.file);
      } catch (cause) {
        throw new GlossaError('INTERNAL', `The bundled font package ${face.pkg} is missing; reinstall @glossa/node`, { cause });
      }
      if (!GlobalFonts.registerFromPath(path, face.family)) {
        throw new GlossaError('INTERNAL', `Could not register the bundled font ${path}`);
      }
    }
    registered = true;
  }
  return BUNDLED.map((f) => f.family);
}

/**
 * Registers a font file of your own under a family name, for use with the
 * renderer's `fontFamily` options.
 *
 * @param path - a TTF, OTF or WOFF2 file
 * @param family - the family name to register it as
 * @throws GlossaError `INVALID_INPUT` when the file cannot be loaded as a font
 * @example
 * ```ts
 * registerFont('/fonts/MyBrand.otf', 'My Brand');
 * ```
 */
export function registerFont(path: string, family: string): void {
  if (!GlobalFonts.registerFromPath(path, family)) {
    throw new GlossaError('INVALID_INPUT', `Could not load a font from ${path}`, { details: { field: 'path' } });
  }
}

/**
 * The bundled family to use for text in `lang` (a BCP 47 tag such as `ko`,
 * `ja`, `zh-CN`, `en`).
 *
 * @param lang - target language
 * @param bold - the bold face
 * @example
 * ```ts
 * fontFamilyFor('ko'); // 'Glossa Sans KR'
 * ```
 */
export function fontFamilyFor(lang: string | undefined, bold = false): string {
  const base = (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
  const family =
    base === 'ko' ? 'Glossa Sans KR' : base === 'ja' ? 'Glossa Sans JP' : base === 'zh' ? 'Glossa Sans SC' : 'Glossa Sans';
  return bold ? `${family} Bold` : family;
}

// Families tried, in order, for characters the chosen family lacks: the Latin
// face has no Hangul or CJK, the CJK faces lack each other's scripts.
const FALLBACKS = ['Glossa Sans', 'Glossa Sans SC', 'Glossa Sans JP', 'Glossa Sans KR'];
const userFallbacks: string[] = [];

/**
 * Adds a registered family to the fallback chain the renderer and measurer
 * use for characters missing from a block's own font (tried before the
 * bundled families).
 *
 * @param family - a family registered with {@link registerFont}
 * @example
 * ```ts
 * registerFont('/fonts/NotoSansThai-Regular.ttf', 'My Thai');
 * addFallbackFont('My Thai');
 * ```
 */
export function addFallbackFont(family: string): void {
  if (typeof family !== 'string' || !family) {
    throw new GlossaError('INVALID_INPUT', `Expected a family name for family but received ${String(family)}`, { details: { field: 'family' } });
  }
  if (!userFallbacks.includes(family)) userFallbacks.push(family);
}

/**
 * The CSS font-family list for `family` followed by the fallback chain, so a
 * Latin word in Korean text or a kana in Chinese text still renders.
 *
 * @param family - the block's family
 * @example
 * ```ts
 * fontStack('Glossa Sans KR'); // '"Glossa Sans KR", "Glossa Sans", "Glossa Sans SC", "Glossa Sans JP"'
 * ```
 */
export function fontStack(family: string): string {
  const bold = family.endsWith(' Bold') && BUNDLED.some((f) => f.family === family);
  const chain = [family, ...userFallbacks, ...FALLBACKS.map((f) => (bold ? `${f} Bold` : f))];
  return [...new Set(chain)].map((f) => `"${f.replace(/["\\]/g, '')}"`).join(', ');
}

/**
 * The PostScript name of a family (for PSD text layers): the bundled fonts'
 * real names, otherwise the family without spaces.
 *
 * @param family - a family name
 * @example
 * ```ts
 * postScriptNameFor('Glossa Sans KR'); // 'NotoSansKR-Regular'
 * ```
 */
export function postScriptNameFor(family: string): string {
  return BUNDLED.find((f) => f.family === family)?.postScript ?? family.replace(/\s+/g, '');
}
