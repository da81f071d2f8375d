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
}

const BUNDLED: readonly BundledFace[] = [
  { family: 'Glossa Sans', pkg: '@embedpdf/fonts-latin', file: 'NotoSans-Regular.ttf' },
  { family: 'Glossa Sans Bold', pkg: '@embedpdf/fonts-latin', file: 'NotoSans-Bold.ttf' },
  { family: 'Glossa Sans SC', pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Regular.otf' },
  { family: 'Glossa Sans SC Bold', pkg: '@embedpdf/fonts-sc', file: 'NotoSansHans-Bold.otf' },
  { family: 'Glossa Sans KR', pkg: '@embedpdf/fonts-kr', file: 'NotoSansKR-Regular.otf' },
  { family: 'Glossa Sans KR Bold', pkg: '@embedpdf/fonts-kr', file: 'NotoSansKR-Bold.otf' },
  { family: 'Glossa Sans JP', pkg: '@embedpdf/fonts-jp', file: 'NotoSansJP-Regular.otf' },
  { family: 'Glossa Sans JP Bold', pkg: '@embedpdf/fonts-jp', file: 'NotoSansJP-Bold.otf' },
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
