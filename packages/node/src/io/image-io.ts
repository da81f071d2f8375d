import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp, { type Metadata } from 'sharp';
import { GlossaError, createImage, type RgbaImage } from '@glossa/core';

/** What {@link decodeImage} accepts: a file path, a `file:` URL, encoded bytes, or pixels already decoded. */
export type ImageInput = string | URL | Buffer | Uint8Array | ArrayBuffer | RgbaImage;

/** Limits applied before any pixel is decoded. */
export interface DecodeLimits {
  /** Largest accepted width x height; default 50 megapixels. */
  maxPixels?: number;
  /** Largest accepted encoded size in bytes; default 50 MB. */
  maxBytes?: number;
}

/** Default decode limits: 50 megapixels, 50 MB. */
export const DEFAULT_DECODE_LIMITS: Required<DecodeLimits> = Object.freeze({
  maxPixels: 50_000_000,
  maxBytes: 50 * 1024 * 1024,
});

/** A decoded image and what was noticed on the way. */
export interface DecodedImage {
  /** 8-bit sRGB RGBA pixels, EXIF orientation applied. */
  image: RgbaImage;
  /** The encoded format (`jpeg`, `png`, `webp`, `gif`...), or `raw` for an `RgbaImage` input. */
  format: string;
  /** Things the caller may want to log (e.g. only the first frame of an animation was used). */
  warnings: string[];
}

/** Output formats sharp encodes for Glossa. */
export const RASTER_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** One of {@link RASTER_FORMATS}. */
export type RasterFormat = (typeof RASTER_FORMATS)[number];

/**
 * Decodes an image to RGBA with sharp: EXIF rotation applied, CMYK, greyscale,
 * palette and 16-bit converted to 8-bit sRGB, the first frame of an animation
 * taken (with a warning). Limits are checked before decoding.
 *
 * @param input - path, `file:` URL, bytes or an `RgbaImage` (returned as is after checks)
 * @param limits - pixel and byte limits; see {@link DEFAULT_DECODE_LIMITS}
 * @throws GlossaError `INVALID_INPUT` (empty or unreadable input), `UNSUPPORTED_FORMAT` (not an image, truncated, corrupt), `IMAGE_TOO_LARGE`
 * @example
 * ```ts
 * const { image, warnings } = await decodeImage('poster.jpg', { maxPixels: 20e6 });
 * ```
 */
export async function decodeImage(input: ImageInput, limits: DecodeLimits = {}): Promise<DecodedImage> {
  const maxPixels = limits.maxPixels ?? DEFAULT_DECODE_LIMITS.maxPixels;
  const maxBytes = limits.maxBytes ?? DEFAULT_DECODE_LIMITS.maxBytes;
  if (isRgbaImage(input)) {
    checkPixels(input.width, input.height, maxPixels);
    return { image: createImage(input.width, input.height, toClamped(input.data)), format: 'raw', warnings: [] };
  }
  const bytes = await readInput(input, maxBytes);
  if (bytes.byteLength === 0) {
    throw new GlossaError('UNSUPPORTED_FORMAT', 'The image is empty (0 bytes)', { details: { field: 'input' } });
  }
  const meta = await readMetadata(bytes);
  const { width, height } = dimensions(meta);
  checkPixels(width, height, maxPixels);
  const warnings: string[] = [];
  if ((meta.pages ?? 1) > 1 && (meta.format === 'gif' || meta.format === 'webp')) {
    warnings.push(`animated ${meta.format} with ${meta.pages} frames: only the first frame is translated`);
  }
  try {
    // failOn 'error' refuses truncated files instead of returning half a grey image.
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, pages: 1 })
      .rotate()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`unexpected ${info.channels} channels`);
    return {
      image: createImage(info.width, info.height, new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength)),
      format: meta.format ?? 'unknown',
      warnings,
    };
  } catch (cause) {
    throw new GlossaError('UNSUPPORTED_FORMAT', `The ${meta.format ?? 'image'} file is corrupt or truncated (${describe(cause)})`, { cause });
  }
}

/** What an image's header says, read without decoding its pixels. */
export interface ImageInfo {
  /** The encoded format (`jpeg`, `png`, `webp`...). */
  format: string;
  /** Width in pixels, after EXIF orientation. */
  width: number;
  /** Height in pixels, after EXIF orientation. */
  height: number;
}

/**
 * Reads an image's format and size from its header, without decoding it: a
 * cheap check of a pixel budget before the pixels take memory (a 60 KB PNG can
 * declare 7000x7000 pixels, 196 MB once decoded).
 *
 * @param bytes - the encoded image
 * @throws GlossaError `UNSUPPORTED_FORMAT` when the bytes are not an image sharp reads
 * @example
 * ```ts
 * const { width, height } = await readImageInfo(upload);
 * if (width * height > 20e6) throw new Error('too many pixels');
 * ```
 */
export async function readImageInfo(bytes: Uint8Array): Promise<ImageInfo> {
  const meta = await readMetadata(bytes);
  return { format: meta.format ?? 'unknown', ...dimensions(meta) };
}

async function readMetadata(bytes: Uint8Array): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new GlossaError('UNSUPPORTED_FORMAT', `Not a supported image (${describe(cause)}); expected JPEG, PNG, WebP, GIF, AVIF, TIFF or BMP`, { cause });
  }
}

function dimensions(meta: Metadata): { width: number; height: number } {
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new GlossaError('UNSUPPORTED_FORMAT', 'The image has no readable dimensions');
  return { width, height };
}

/**
 * Encodes RGBA pixels with sharp.
 *
 * @param image - pixels
 * @param format - `png` (default), `jpeg` or `webp`
 * @param options - `quality` 1..100 for jpeg/webp (default 90)
 * @example
 * ```ts
 * await writeFile('out.png', await encodeImage(result, 'png'));
 * ```
 */
export async function encodeImage(image: RgbaImage, format: RasterFormat = 'png', options: { quality?: number } = {}): Promise<Buffer> {
  const pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });
  const quality = options.quality ?? 90;
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      // JPEG has no alpha: flatten on white so transparent areas do not turn black.
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality }).toBuffer();
    default:
      throw new GlossaError('INVALID_INPUT', `Expected one of ${RASTER_FORMATS.join(', ')} for format but received '${String(format)}'`, {
        details: { field: 'format' },
      });
  }
}

function isRgbaImage(input: ImageInput): input is RgbaImage {
  return typeof input === 'object' && input !== null && 'data' in input && 'width' in input && 'height' in input;
}

function toClamped(data: Uint8ClampedArray | Uint8Array): Uint8ClampedArray {
  return data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new GlossaError(
      'IMAGE_TOO_LARGE',
      `The image is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} MP), over the ${(maxPixels / 1e6).toFixed(1)} MP limit; raise maxPixels or downscale it`,
      { details: { width, height, maxPixels } },
    );
  }
}

async function readInput(input: Exclude<ImageInput, RgbaImage>, maxBytes: number): Promise<Uint8Array> {
  if (input instanceof URL && input.protocol !== 'file:') {
    // Glossa reads local files only; fetching is the caller's choice to make.
    throw new GlossaError('INVALID_INPUT', `Expected a file: URL or a path but received a ${input.protocol} URL; download it first and pass the bytes`, {
      details: { field: 'input' },
    });
  }
  if (typeof input === 'string' || input instanceof URL) {
    const path = input instanceof URL || input.startsWith('file:') ? fileURLToPath(input) : input;
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (cause) {
      throw new GlossaError('INVALID_INPUT', `Cannot read image file ${path}: ${describe(cause)}`, { cause, details: { field: 'input' } });
    }
    checkBytes(size, maxBytes);
    return readFile(path);
  }
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(bytes instanceof Uint8Array)) {
    throw new GlossaError('INVALID_INPUT', 'Expected a path, file: URL, Buffer, Uint8Array or RgbaImage for input', { details: { field: 'input' } });
  }
  checkBytes(bytes.byteLength, maxBytes);
  return bytes;
}

function checkBytes(size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new GlossaError('IMAGE_TOO_LARGE', `The file is ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit; raise maxBytes`, {
      details: { bytes: size, maxBytes },
    });
  }
}

function describe(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
