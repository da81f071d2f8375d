import { serializePage, type Page, type RgbaImage } from '@glossa/core';
import { encodeImage } from '../io/image-io.js';
import { renderPsd, renderSvg } from '../export/index.js';
import type { CanvasRenderer } from '../canvas/renderer.js';

/** What `translateImage` can write. */
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'psd', 'svg', 'json'] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The file extension written for each format. */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = Object.freeze({
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  psd: 'psd',
  svg: 'svg',
  json: 'json',
});

/** Everything an encoder may need from a finished page. @internal */
export interface Finished {
  page: Page;
  source: RgbaImage;
  background: RgbaImage;
  image: RgbaImage;
}

/** Encodes a finished page in `format`. @internal */
export async function encodeOutput(format: OutputFormat, done: Finished, renderer: CanvasRenderer, signal?: AbortSignal): Promise<Buffer> {
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'webp':
      return encodeImage(done.image, format);
    case 'psd':
      return Buffer.from(renderPsd(done.page, { background: done.background, original: done.source, renderer, signal }));
    case 'svg':
      return Buffer.from(await renderSvg(done.page, done.background), 'utf8');
    case 'json':
      return Buffer.from(`${serializePage(done.page)}\n`, 'utf8');
  }
}
