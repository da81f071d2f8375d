import type { ImageInput } from '../io/image-io.js';
import {
  createGlossa,
  type GlossaEngine,
  type GlossaOptions,
  type TranslateManyOptions,
  type TranslateOptions,
  type TranslateOutcome,
  type TranslateResult,
} from './engine.js';

export { createGlossa, type GlossaEngine, type GlossaOptions, type RenderOptions, type TranslateManyOptions, type TranslateOptions, type TranslateOutcome, type TranslateResult } from './engine.js';
export { OUTPUT_FORMATS, FORMAT_EXTENSIONS, type OutputFormat } from './formats.js';
export { findSidecar, readTranslationScript, type TranslatorChoice } from './translator.js';

// The one-call API shares engines per device so repeated calls reuse loaded models.
const shared = new Map<string, GlossaEngine>();

function engineFor(options: Pick<GlossaOptions, 'device'>): GlossaEngine {
  const key = options.device ?? 'auto';
  let engine = shared.get(key);
  if (!engine) {
    engine = createGlossa({ device: options.device });
    shared.set(key, engine);
  }
  return engine;
}

/**
 * Translates the text in one image: OCR, translation, erasure, typesetting.
 * Models load on the first call and are reused by later calls with the same
 * `device` (use {@link createGlossa} to control their lifetime).
 *
 * @param input - a path, `file:` URL, `Buffer`/`Uint8Array` of an encoded image, or an `RgbaImage`
 * @param options - target language, translator, output format...; see {@link TranslateOptions}
 * @returns the translated image in the requested format, the page model and timings
 * @throws GlossaError `INVALID_INPUT`, `UNSUPPORTED_FORMAT`, `IMAGE_TOO_LARGE`, `TRANSLATOR_FAILED`, `ABORTED`...
 * @example
 * ```ts
 * import { translateImage } from '@glossa/node';
 * const { image, page } = await translateImage('poster.jpg', { to: 'ko', translator: 'gemini' });
 * await writeFile('poster.ko.png', image);
 * ```
 * @example
 * ```ts
 * // Offline, with a translation script (source text → translation):
 * const { image } = await translateImage('poster.jpg', { to: 'en', translator: { 限时特惠: 'Limited offer' } });
 * ```
 */
export function translateImage(input: ImageInput, options: TranslateOptions & { device?: GlossaOptions['device'] }): Promise<TranslateResult> {
  return engineFor(options).translateImage(input, options);
}

/**
 * Translates many images through the pipelined scheduler, yielding each
 * result (or its error) as soon as it is done. Memory stays flat however many
 * inputs there are.
 *
 * @param inputs - paths, buffers or images; an async iterable is read lazily
 * @param options - as {@link translateImage}, plus ordering and concurrency
 * @example
 * ```ts
 * for await (const r of translateImages(files, { to: 'en', format: ['png', 'json'] })) {
 *   if (r.ok) await writeFile(`${r.index}.png`, r.outputs.png!);
 *   else console.error(r.input, r.error.code, r.error.message);
 * }
 * ```
 */
export function translateImages(
  inputs: Iterable<ImageInput> | AsyncIterable<ImageInput>,
  options: TranslateManyOptions & { device?: GlossaOptions['device'] },
): AsyncIterable<TranslateOutcome> {
  return engineFor(options).translateImages(inputs, options);
}
