import { encodePage, type FinishedPage, type OutputFormat, type PageEncoderIo } from '@glossa/core';
import { encodeImage } from '../io/image-io.js';
import type { CanvasRenderer } from '../canvas/renderer.js';

export { OUTPUT_FORMATS, FORMAT_EXTENSIONS, type OutputFormat } from '@glossa/core';

/** Core's page encoder on sharp and the canvas renderer. @internal */
export function nodePageEncoder(renderer: CanvasRenderer): PageEncoderIo {
  return {
    encodeImage: (image, format, quality) => encodeImage(image, format, quality === undefined ? {} : { quality }),
    renderBlock: (page, block) => renderer.renderBlock(page, block),
  };
}

/** Encodes a finished page in `format`, as a Buffer. @internal */
export async function encodeOutput(
  format: OutputFormat,
  done: FinishedPage,
  io: PageEncoderIo,
  options: { signal?: AbortSignal; quality?: number } = {},
): Promise<Buffer> {
  const bytes = await encodePage(format, done, io, options);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
