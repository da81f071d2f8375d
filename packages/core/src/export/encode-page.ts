// The output-format switch, once for every runtime: the runtimes supply only
// their raster encoder and their canvas's block renderer.
import type { RgbaImage } from '../image/rgba-image.js';
import { postScriptNameFor } from '../fonts/bundled-fonts.js';
import { serializePage, type Page, type TextBlock } from '../page/page.js';
import type { CallOptions } from '../plugins.js';
import { invalidParameter } from '../validate.js';
import { pageToPsd } from './psd.js';
import { pageToSvg } from './svg.js';

/**
 * What a translated page can be written as: the image (`png`, `jpeg`,
 * `webp`), a layered Photoshop file (`psd`), an editable `svg`, or the page
 * model (`json`).
 *
 * @example
 * ```ts
 * if (!OUTPUT_FORMATS.includes(format)) throw new Error(`unknown format ${format}`);
 * ```
 */
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'psd', 'svg', 'json'] as const;

/** One of {@link OUTPUT_FORMATS}. @example `const format: OutputFormat = 'psd';` */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The raster formats among {@link OUTPUT_FORMATS}: what the runtime's image encoder writes.
 *
 * @example
 * ```ts
 * RASTER_OUTPUT_FORMATS.includes('webp'); // true
 * ```
 */
export const RASTER_OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** One of {@link RASTER_OUTPUT_FORMATS}. @example `const format: RasterOutputFormat = 'jpeg';` */
export type RasterOutputFormat = (typeof RASTER_OUTPUT_FORMATS)[number];

/**
 * The file extension written for each format.
 *
 * @example
 * ```ts
 * `${stem}.${FORMAT_EXTENSIONS.jpeg}`; // 'poster.jpg'
 * ```
 */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = Object.freeze({
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  psd: 'psd',
  svg: 'svg',
  json: 'json',
});

/**
 * The MIME type of each format.
 *
 * @example
 * ```ts
 * new Blob([bytes], { type: FORMAT_MIME_TYPES.svg });
 * ```
 */
export const FORMAT_MIME_TYPES: Readonly<Record<OutputFormat, string>> = Object.freeze({
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  psd: 'image/vnd.adobe.photoshop',
  svg: 'image/svg+xml',
  json: 'application/json',
});

/**
 * A finished page: what the encoders read.
 *
 * @example
 * ```ts
 * const finished: FinishedPage = { page, background, image, source };
 * ```
 */
export interface FinishedPage {
  /** The laid-out page. */
  page: Page;
  /** The erased image the text is drawn on. */
  background: RgbaImage;
  /** The background with the translations drawn. */
  image: RgbaImage;
  /** The original image; a PSD keeps it as a hidden layer. */
  source?: RgbaImage;
}

/**
 * What {@link encodePage} needs from a runtime.
 *
 * @example
 * ```ts
 * const io: PageEncoderIo = { encodeImage: (image, format, quality) => toBytes(image, format, quality), renderBlock: renderer.renderBlock };
 * ```
 */
export interface PageEncoderIo {
  /** Encodes pixels as PNG, JPEG or WebP; `quality` is 1–100 for JPEG and WebP. */
  encodeImage(image: RgbaImage, format: RasterOutputFormat, quality?: number): Promise<Uint8Array>;
  /** Draws only `block`'s laid-out text on a transparent image the size of the page (PSD text layers). */
  renderBlock(page: Page, block: TextBlock): RgbaImage;
}

/**
 * Options of {@link encodePage}.
 *
 * @example
 * ```ts
 * const options: EncodePageOptions = { quality: 85 };
 * ```
 */
export interface EncodePageOptions extends CallOptions {
  /** JPEG/WebP quality, 1–100; default the encoder's. */
  quality?: number;
}

/**
 * Encodes a finished page in one of {@link OUTPUT_FORMATS}.
 *
 * @param format - the output format
 * @param finished - the page, background, rendered image and (for PSD) the original
 * @param io - the runtime's raster encoder and block renderer
 * @param options - quality, signal
 * @returns the file bytes
 * @throws GlossaError `INVALID_INPUT` for an unknown format
 * @example
 * ```ts
 * const bytes = await encodePage('psd', { page, background, image, source }, io);
 * ```
 */
export async function encodePage(format: OutputFormat, finished: FinishedPage, io: PageEncoderIo, options: EncodePageOptions = {}): Promise<Uint8Array> {
  const { page, background, image, source } = finished;
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'webp':
      return io.encodeImage(image, format, format === 'png' ? undefined : options.quality);
    case 'psd':
      return pageToPsd(page, {
        background,
        original: source,
        renderBlock: (block) => io.renderBlock(page, block),
        fontName: postScriptNameFor,
        signal: options.signal,
      });
    case 'svg': {
      const png = await io.encodeImage(background, 'png');
      return new TextEncoder().encode(pageToSvg(page, { background: { mime: 'image/png', bytes: png } }));
    }
    case 'json':
      return new TextEncoder().encode(`${serializePage(page)}\n`);
    default:
      throw invalidParameter('format', `one of ${OUTPUT_FORMATS.join(', ')}`, format);
  }
}

/**
 * Reads a `format` option: one format or a list, default `png`.
 *
 * @param format - what the caller passed
 * @param field - the option's name, for the error
 * @returns the formats, first one first
 * @throws GlossaError `INVALID_INPUT` naming the option when a format is unknown or the list is empty
 * @example
 * ```ts
 * outputFormats(['png', 'json']); // ['png', 'json']
 * ```
 */
export function outputFormats(format: unknown, field = 'format'): readonly OutputFormat[] {
  const list = format === undefined ? ['png'] : typeof format === 'string' ? [format] : format;
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter(field, `one or more of ${OUTPUT_FORMATS.join(', ')}`, format);
  for (const f of list) {
    if (!(OUTPUT_FORMATS as readonly unknown[]).includes(f)) throw invalidParameter(field, `one of ${OUTPUT_FORMATS.join(', ')}`, f);
  }
  return list as OutputFormat[];
}
