// Everything that needs a canvas in the browser: decoding and encoding images,
// measuring and drawing text with FontFace-loaded fonts. Works in a window and
// in a worker (OffscreenCanvas, createImageBitmap and FontFace exist in both).
import {
  BUNDLED_FONT_FACES,
  GlossaError,
  invalidParameter,
  bundledFontFacesFor,
  createImage,
  drawTextBlock,
  drawTextBlocks,
  throwIfAborted,
  toGlossaError,
  type CallOptions,
  type FontSpec,
  type Page,
  type RgbaImage,
  type Renderer,
  type TextBlock,
  type TextMeasurer,
} from '@glossa/core';

export { fontFamilyFor } from '@glossa/core';

/**
 * Pixel limit of {@link decodeImage} by default: 50 megapixels, the same as
 * the Node runtime's default.
 *
 * @example
 * ```ts
 * await decodeImage(file, { maxPixels: DEFAULT_MAX_PIXELS / 2 });
 * ```
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * What {@link decodeImage} accepts: anything `createImageBitmap` takes.
 *
 * @example
 * ```ts
 * const source: ImageSourceInput = input.files![0];
 * ```
 */
export type ImageSourceInput = Blob | ImageBitmap | ImageData | OffscreenCanvas | HTMLImageElement | HTMLCanvasElement;

/**
 * Decodes an image in the browser into an `RgbaImage`. EXIF orientation
 * is applied and colours are converted to sRGB, without premultiplying alpha.
 *
 * @param input - a Blob/File, an ImageBitmap, ImageData, a canvas, or a loaded `<img>`
 * @param options - `maxPixels` (default {@link DEFAULT_MAX_PIXELS}) and `signal`
 * @throws GlossaError `UNSUPPORTED_FORMAT` when the browser cannot decode it, `IMAGE_TOO_LARGE`, `ABORTED`
 * @example
 * ```ts
 * const image = await decodeImage(fileInput.files![0]);
 * console.log(image.width, image.height);
 * ```
 */
export async function decodeImage(input: ImageSourceInput, options: { maxPixels?: number; signal?: AbortSignal } = {}): Promise<RgbaImage> {
  throwIfAborted(options.signal);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (typeof ImageData !== 'undefined' && input instanceof ImageData) {
    checkSize(input.width, input.height, maxPixels);
    return createImage(input.width, input.height, new Uint8ClampedArray(input.data));
  }
  let bitmap: ImageBitmap;
  const owned = !(typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap);
  try {
    bitmap = owned
      ? await createImageBitmap(input as ImageBitmapSource, { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' })
      : (input as ImageBitmap);
  } catch (error) {
    throw new GlossaError('UNSUPPORTED_FORMAT', `The browser could not decode the image: ${(error as Error).message}`, {
      cause: error,
      details: { field: 'input' },
    });
  }
  try {
    checkSize(bitmap.width, bitmap.height, maxPixels);
    throwIfAborted(options.signal);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = context2d(canvas);
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' }).data;
    return createImage(bitmap.width, bitmap.height, data);
  } finally {
    if (owned) bitmap.close();
  }
}

/**
 * Output formats {@link encodeImage} can write (through `convertToBlob`).
 *
 * @example
 * ```ts
 * if (RASTER_FORMATS.includes(format)) await encodeImage(image, { format });
 * ```
 */
export const RASTER_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** One of {@link RASTER_FORMATS}. @example `const format: RasterFormat = 'webp';` */
export type RasterFormat = (typeof RASTER_FORMATS)[number];

/**
 * Encodes an `RgbaImage` with the browser's encoders.
 *
 * @param image - the pixels
 * @param options - `format` (default `png`) and `quality` in [0, 1] for jpeg/webp (default 0.92)
 * @returns a Blob of type `image/<format>`
 * @throws GlossaError `INVALID_INPUT` for a bad format or quality, `UNSUPPORTED` when the browser cannot write the format
 * @example
 * ```ts
 * const blob = await encodeImage(result, { format: 'webp', quality: 0.9 });
 * link.href = URL.createObjectURL(blob);
 * ```
 */
export async function encodeImage(image: RgbaImage, options: { format?: RasterFormat; quality?: number } = {}): Promise<Blob> {
  const format = options.format ?? 'png';
  if (!(RASTER_FORMATS as readonly string[]).includes(format)) {
    throw new GlossaError('INVALID_INPUT', `Expected one of ${RASTER_FORMATS.join(', ')} for format but received '${String(format)}'`, {
      details: { field: 'format' },
    });
  }
  const quality = options.quality ?? 0.92;
  if (typeof quality !== 'number' || !(quality >= 0 && quality <= 1)) {
    throw invalidParameter('quality', 'a number between 0 and 1', quality);
  }
  const canvas = toCanvas(image);
  const type = `image/${format}`;
  const blob = await canvas.convertToBlob({ type, quality });
  // Browsers silently fall back to PNG for types they cannot write.
  if (blob.type !== type) throw new GlossaError('UNSUPPORTED', `This browser cannot encode ${type}`, { details: { field: 'format' } });
  return blob;
}

/**
 * A font file for {@link loadFonts}: the family name the layout and renderer
 * use, and the URL the app serves the file from.
 *
 * @example
 * ```ts
 * const face: FontFaceSource = { family: 'Glossa Sans KR', url: '/fonts/NotoSansKR-Regular.otf' };
 * ```
 */
export interface FontFaceSource {
  /** Family name to register. */
  family: string;
  /** URL of a TTF, OTF or WOFF2 file. */
  url: string;
  /** CSS weight; default `normal`. */
  weight?: string;
}

/**
 * The files that back the default family names, by family, as shipped in
 * the npm packages `@embedpdf/fonts-{latin,sc,kr,jp}` (folder `fonts/`) and,
 * for the comic family, `@fontsource/comic-neue` (at `path` in the package);
 * read from core's font table. Serve them flat from one folder and pass
 * `defaultFontFaces(baseUrl)` to {@link loadFonts}.
 *
 * @example
 * ```ts
 * BUNDLED_FONT_FILES['Glossa Sans KR']; // { pkg: '@embedpdf/fonts-kr', file: 'NotoSansKR-Regular.otf' }
 * BUNDLED_FONT_FILES['Glossa Comic'].path; // 'files/comic-neue-latin-700-normal.woff2'
 * ```
 */
export const BUNDLED_FONT_FILES: Readonly<Record<string, { pkg: string; file: string; path?: string }>> = Object.freeze(
  Object.fromEntries(BUNDLED_FONT_FACES.map((f) => [f.family, { pkg: f.pkg, file: f.file, ...(f.path ? { path: f.path } : {}) }])),
);

/**
 * Font sources for the default families, served flat from `baseUrl`
 * (`<baseUrl>/<file>`), optionally only the families some languages need
 * and some more by name (the comic preset's `Glossa Comic`).
 *
 * @param baseUrl - folder URL the font files are served from
 * @param langs - target languages to load fonts for; default all
 * @param families - bundled families to add by name, such as `COMIC_FONT_FAMILY` (with `langs`)
 * @example
 * ```ts
 * await loadFonts(defaultFontFaces('/fonts/', ['ko']));
 * await loadFonts(defaultFontFaces('/fonts/', ['en'], [COMIC_FONT_FAMILY]));
 * ```
 */
export function defaultFontFaces(baseUrl: string, langs?: readonly string[], families: readonly string[] = []): FontFaceSource[] {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const faces = bundledFontFacesFor(langs);
  for (const face of BUNDLED_FONT_FACES) if (families.includes(face.family) && !faces.includes(face)) faces.push(face);
  // A bold file is registered at its weight, as Skia registers it in Node: it
  // serves normal and bold requests alike, rather than being thickened again
  // (synthetic bold) for bold text.
  return faces.map(({ family, file, weight }) => ({ family, url: base + file, ...(weight === 'bold' ? { weight: 'bold' } : {}) }));
}

/**
 * Loads fonts with the `FontFace` API into the current window's or worker's
 * font set, so canvas text uses them. Already-loaded families are skipped.
 *
 * @param faces - families and URLs
 * @returns the families loaded
 * @throws GlossaError `DOWNLOAD_FAILED` naming the font that could not be loaded
 * @example
 * ```ts
 * await loadFonts([{ family: 'Glossa Sans', url: '/fonts/NotoSans-Regular.ttf' }]);
 * ```
 */
export async function loadFonts(faces: readonly FontFaceSource[]): Promise<string[]> {
  const set = fontSet();
  const present = new Set([...set].map((f) => `${f.family.replace(/^"|"$/g, '')}|${f.weight}`));
  await Promise.all(
    faces.map(async ({ family, url, weight = 'normal' }) => {
      if (present.has(`${family}|${weight}`)) return;
      const face = new FontFace(family, `url(${JSON.stringify(new URL(url, globalThis.location?.href).href)})`, { weight });
      try {
        await face.load();
      } catch (error) {
        throw new GlossaError('DOWNLOAD_FAILED', `Could not load the font '${family}' from ${url}`, { cause: error, details: { url } });
      }
      set.add(face);
    }),
  );
  return faces.map((f) => f.family);
}

/**
 * A `TextMeasurer` on an OffscreenCanvas, for core's layout engine.
 * Load the fonts first ({@link loadFonts}); an unknown family measures in the
 * browser's fallback font.
 *
 * @example
 * ```ts
 * const measurer = createCanvasMeasurer();
 * measurer.measure('Hello', { family: 'Glossa Sans', size: 24 }).width;
 * ```
 */
export function createCanvasMeasurer(): TextMeasurer {
  const ctx = context2d(new OffscreenCanvas(1, 1));
  return {
    measure(text, font) {
      ctx.font = cssFont(font.family, font.size, font.weight);
      const m = ctx.measureText(text);
      return { width: m.width, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
    },
  };
}

/**
 * A `Renderer` that can also draw one block alone (for PSD text layers).
 *
 * @example
 * ```ts
 * const layer = renderer.renderBlock(page, page.blocks[0]); // transparent, page-sized
 * ```
 */
export interface CanvasRenderer extends Renderer {
  /** Draws only `block`'s laid-out text on a transparent image the size of the page. */
  renderBlock(page: Page, block: TextBlock): RgbaImage;
}

/**
 * A `Renderer` on an OffscreenCanvas, placing glyphs exactly as the Node
 * renderer does: each block's laid-out lines on the layout's baselines, in
 * the block's colour, with its outline (drawn under the fill, its width
 * scaled by fitted / source font size); vertical columns one upright
 * character per em cell. Load the fonts first ({@link loadFonts}).
 *
 * @example
 * ```ts
 * const renderer = createCanvasRenderer();
 * const translated = await renderer.render(erased, laidOutPage);
 * ```
 */
export function createCanvasRenderer(): CanvasRenderer {
  return {
    async render(background: RgbaImage, page: Page, options: CallOptions = {}) {
      throwIfAborted(options.signal);
      try {
        const canvas = toCanvas(background);
        const ctx = context2d(canvas);
        // Between blocks the worker's event loop gets a turn, so the page's abort message gets through.
        await drawTextBlocks(ctx, page.blocks, cssFontSpec, options.signal);
        return readBack(ctx, background.width, background.height);
      } catch (error) {
        throw toGlossaError(error, 'INTERNAL', 'Rendering failed');
      }
    },
    renderBlock(page: Page, block: TextBlock): RgbaImage {
      const ctx = context2d(new OffscreenCanvas(page.width, page.height));
      drawBlock(ctx, block);
      return readBack(ctx, page.width, page.height);
    },
  };
}

function readBack(ctx: OffscreenCanvasRenderingContext2D, width: number, height: number): RgbaImage {
  return createImage(width, height, ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' }).data);
}

function drawBlock(ctx: OffscreenCanvasRenderingContext2D, block: TextBlock): void {
  drawTextBlock(ctx, block, cssFontSpec);
}

const cssFontSpec = (font: FontSpec): string => cssFont(font.family, font.size, font.weight);

/** An OffscreenCanvas holding `image`'s pixels. */
function toCanvas(image: RgbaImage): OffscreenCanvas {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const pixels = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  context2d(canvas).putImageData(pixels, 0, 0);
  return canvas;
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!ctx) throw new GlossaError('UNSUPPORTED', 'This browser has no OffscreenCanvas 2D context');
  return ctx;
}

function cssFont(family: string, size: number, weight: 'normal' | 'bold' = 'normal'): string {
  // The bundled families are there when loaded; the generic keeps text visible when they are not.
  return `${weight} ${size}px "${family}", "Glossa Sans", sans-serif`;
}

function checkSize(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new GlossaError('IMAGE_TOO_LARGE', `The image is ${width}x${height} (${width * height} pixels), over the limit of ${maxPixels}; pass a larger maxPixels to allow it`, {
      details: { field: 'input', width, height, maxPixels },
    });
  }
  if (width === 0 || height === 0) throw new GlossaError('UNSUPPORTED_FORMAT', 'The image has no pixels', { details: { field: 'input' } });
}

function fontSet(): FontFaceSet {
  const scope = globalThis as unknown as { fonts?: FontFaceSet; document?: { fonts: FontFaceSet } };
  const set = scope.document?.fonts ?? scope.fonts;
  if (!set) throw new GlossaError('UNSUPPORTED', 'This environment has no FontFace set (document.fonts or self.fonts)');
  return set;
}
