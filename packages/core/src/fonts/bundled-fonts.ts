// The one table of the fonts Glossa ships, read by both runtimes: Node
// registers the files with @napi-rs/canvas, the browser loads them with
// FontFace. Layout, rendering, SVG and PSD all name fonts from here, so a
// page laid out in one runtime renders the same in the other.

/**
 * Font weights a face in the table can have.
 *
 * @example
 * ```ts
 * FONT_WEIGHTS.includes(style.fontWeight);
 * ```
 */
export const FONT_WEIGHTS = ['normal', 'bold'] as const;

/** One of {@link FONT_WEIGHTS}. @example `const weight: FontWeight = 'bold';` */
export type FontWeight = (typeof FONT_WEIGHTS)[number];

/**
 * Font styles a face in the table can have.
 *
 * @example
 * ```ts
 * FONT_STYLES.includes('italic'); // true
 * ```
 */
export const FONT_STYLES = ['normal', 'italic'] as const;

/** One of {@link FONT_STYLES}. @example `const style: FontStyle = 'normal';` */
export type FontStyle = (typeof FONT_STYLES)[number];

/**
 * One font file Glossa ships, keyed by family, weight and style: what a
 * runtime registers (`family` with this `weight` and `style`) and where the
 * file is (`file` inside the npm package `pkg`, folder `fonts/`).
 *
 * @example
 * ```ts
 * const face: BundledFontFace = BUNDLED_FONT_FACES[0]; // Glossa Sans, normal, normal
 * ```
 */
export interface BundledFontFace {
  /** The family name layouts and renderers use. */
  readonly family: string;
  /** Weight of the face. */
  readonly weight: FontWeight;
  /** Style of the face. */
  readonly style: FontStyle;
  /** Primary language subtags (`ko`, `ja`...) this family is the default for; empty for the default family. */
  readonly langs: readonly string[];
  /** The npm package that ships the file. */
  readonly pkg: string;
  /** The file name in the package's `fonts/` folder. */
  readonly file: string;
  /**
   * Where the file is inside the package when it is not in `fonts/`: a
   * subpath the package exports (`files/comic-neue-latin-700-normal.woff2`).
   */
  readonly path?: string;
  /** The font's PostScript name, what Photoshop needs in a text layer. */
  readonly postScript: string;
}

/**
 * The family used for languages with no entry of their own (Latin, Cyrillic, Greek...).
 *
 * @example
 * ```ts
 * fontFamilyFor('fr') === DEFAULT_FONT_FAMILY; // true
 * ```
 */
export const DEFAULT_FONT_FAMILY = 'Glossa Sans';

/**
 * The comic lettering family (Comic Neue Bold, Latin script), used by the
 * comic preset for Latin-script translations; other scripts fall back to the
 * bundled Noto families.
 *
 * @example
 * ```ts
 * layoutBalloonPage(page, { measurer, fontFamily: (lang) => (lang === 'en' ? COMIC_FONT_FAMILY : fontFamilyFor(lang)) });
 * ```
 */
export const COMIC_FONT_FAMILY = 'Glossa Comic';

const face = (
  family: string,
  weight: FontWeight,
  langs: readonly string[],
  pkg: string,
  file: string,
  postScript: string,
): BundledFontFace => Object.freeze({ family, weight, style: 'normal', langs: Object.freeze([...langs]), pkg, file, postScript });

/**
 * Every bundled face (OFL-licensed Noto from the `@embedpdf/fonts-*`
 * packages). Add a face here (a weight, a style, a comic family) and both
 * runtimes register it. The bold files are registered under families of
 * their own (`Glossa Sans KR Bold`), which `fontFamilyFor(lang, true)` names.
 *
 * @example
 * ```ts
 * BUNDLED_FONT_FACES.filter((f) => f.pkg === '@embedpdf/fonts-kr').map((f) => f.file);
 * ```
 */
export const BUNDLED_FONT_FACES: readonly BundledFontFace[] = Object.freeze([
  face(DEFAULT_FONT_FAMILY, 'normal', [], '@embedpdf/fonts-latin', 'NotoSans-Regular.ttf', 'NotoSans-Regular'),
  face(`${DEFAULT_FONT_FAMILY} Bold`, 'bold', [], '@embedpdf/fonts-latin', 'NotoSans-Bold.ttf', 'NotoSans-Bold'),
  face('Glossa Sans SC', 'normal', ['zh'], '@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf', 'NotoSansHans-Regular'),
  face('Glossa Sans SC Bold', 'bold', ['zh'], '@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf', 'NotoSansHans-Bold'),
  face('Glossa Sans KR', 'normal', ['ko'], '@embedpdf/fonts-kr', 'NotoSansKR-Regular.otf', 'NotoSansKR-Regular'),
  face('Glossa Sans KR Bold', 'bold', ['ko'], '@embedpdf/fonts-kr', 'NotoSansKR-Bold.otf', 'NotoSansKR-Bold'),
  face('Glossa Sans JP', 'normal', ['ja'], '@embedpdf/fonts-jp', 'NotoSansJP-Regular.otf', 'NotoSansJP-Regular'),
  face('Glossa Sans JP Bold', 'bold', ['ja'], '@embedpdf/fonts-jp', 'NotoSansJP-Bold.otf', 'NotoSansJP-Bold'),
  // Comic lettering (Comic Neue, OFL-1.1, Latin only): the comic preset's
  // family for Latin-script translations; never a language's default.
  Object.freeze({ ...face(COMIC_FONT_FAMILY, 'bold', [], '@fontsource/comic-neue', 'comic-neue-latin-700-normal.woff2', 'ComicNeue-Bold'), path: 'files/comic-neue-latin-700-normal.woff2' }),
]);

/**
 * Families tried, in order, for characters a block's own family lacks: the
 * Latin face has no Hangul or Han, the CJK faces lack each other's scripts.
 *
 * @example
 * ```ts
 * fontStack('Glossa Sans KR'); // the family, then these
 * ```
 */
export const FALLBACK_FONT_FAMILIES: readonly string[] = Object.freeze([DEFAULT_FONT_FAMILY, 'Glossa Sans SC', 'Glossa Sans JP', 'Glossa Sans KR']);

/**
 * The bundled family for text in `lang` (a BCP 47 tag such as `ko`, `ja`,
 * `zh-CN`, `en`); the same in Node and the browser.
 *
 * @param lang - target language; default `en`
 * @param bold - the bold face
 * @example
 * ```ts
 * fontFamilyFor('ko'); // 'Glossa Sans KR'
 * fontFamilyFor('zh-TW', true); // 'Glossa Sans SC Bold'
 * ```
 */
export function fontFamilyFor(lang: string | undefined, bold = false): string {
  const base = primaryLang(lang);
  const weight: FontWeight = bold ? 'bold' : 'normal';
  const own = BUNDLED_FONT_FACES.find((f) => f.weight === weight && f.style === 'normal' && f.langs.includes(base));
  const fallback = BUNDLED_FONT_FACES.find((f) => f.weight === weight && f.style === 'normal' && f.langs.length === 0);
  return (own ?? fallback)?.family ?? DEFAULT_FONT_FAMILY;
}

/**
 * The bundled faces text in `langs` needs (each language's regular and
 * bold families); every face when `langs` is absent.
 *
 * @param langs - target languages
 * @example
 * ```ts
 * bundledFontFacesFor(['ko']).map((f) => f.family); // ['Glossa Sans KR', 'Glossa Sans KR Bold']
 * ```
 */
export function bundledFontFacesFor(langs?: readonly string[]): BundledFontFace[] {
  if (!langs) return [...BUNDLED_FONT_FACES];
  const wanted = new Set(langs.flatMap((l) => [fontFamilyFor(l), fontFamilyFor(l, true)]));
  return BUNDLED_FONT_FACES.filter((f) => wanted.has(f.family));
}

/**
 * The CSS font-family list for `family` followed by `extra` families and the
 * bundled fallback chain, so a Latin word in Korean text or a kana in Chinese
 * text still renders. A bundled bold family falls back to bold families.
 *
 * @param family - the block's family
 * @param extra - families tried before the bundled fallbacks (fonts the app registered)
 * @example
 * ```ts
 * fontStack('Glossa Sans KR'); // '"Glossa Sans KR", "Glossa Sans", "Glossa Sans SC", "Glossa Sans JP"'
 * ```
 */
export function fontStack(family: string, extra: readonly string[] = []): string {
  const bold = family.endsWith(' Bold') && BUNDLED_FONT_FACES.some((f) => f.family === family);
  const chain = [family, ...extra, ...FALLBACK_FONT_FAMILIES.map((f) => (bold ? `${f} Bold` : f))];
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
  return BUNDLED_FONT_FACES.find((f) => f.family === family)?.postScript ?? family.replace(/\s+/g, '');
}

function primaryLang(lang: string | undefined): string {
  return (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
}
