import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { BUNDLED_FONT_FACES, GlossaError, fontStack as coreFontStack, invalidParameter } from '@glossa/core';

export { fontFamilyFor, postScriptNameFor } from '@glossa/core';

// Fonts ship in npm packages (OFL-licensed Noto), so rendering works on a
// machine with no system fonts. They are registered explicitly under our own
// family names (core's table), never picked up from fontconfig by accident.

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
    for (const face of BUNDLED_FONT_FACES) {
      let path: string;
      try {
        // The Noto packages export only their JS entry (dist/index.*); fonts/ sits
        // beside dist/. Other packages export the file's own subpath.
        path = face.path ? require.resolve(`${face.pkg}/${face.path}`) : join(dirname(require.resolve(face.pkg)), '..', 'fonts', face.file);
      } catch (cause) {
        throw new GlossaError('INTERNAL', `The bundled font package ${face.pkg} is missing; reinstall @glossa/node`, { cause });
      }
      if (!GlobalFonts.registerFromPath(path, face.family)) {
        throw new GlossaError('INTERNAL', `Could not register the bundled font ${path}`);
      }
    }
    registered = true;
  }
  return BUNDLED_FONT_FACES.map((f) => f.family);
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

// Families the app registered for characters the bundled fonts lack, tried
// before core's bundled fallback chain.
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
    throw invalidParameter('family', 'a family name', family);
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
  return coreFontStack(family, userFallbacks);
}
