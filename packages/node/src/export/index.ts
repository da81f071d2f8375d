import { pageToPsd, pageToSvg, type CallOptions, type Page, type RgbaImage } from '@glossa/core';
import { encodeImage } from '../io/image-io.js';
import { createCanvasRenderer, type CanvasRenderer } from '../canvas/renderer.js';
import { postScriptNameFor } from '../canvas/fonts.js';

/** Options of {@link renderPsd}. */
export interface RenderPsdOptions extends CallOptions {
  /** The erased image (bottom visible layer). */
  background: RgbaImage;
  /** The original image, written as a hidden layer. */
  original?: RgbaImage;
  /** Renderer for the text layers' pixels; default a new canvas renderer. */
  renderer?: CanvasRenderer;
}

/**
 * A layered PSD of a laid-out page, with text layers pre-rendered by the
 * canvas renderer and the bundled fonts' PostScript names.
 *
 * @param page - a laid-out page
 * @param options - background, original, renderer
 * @returns the PSD bytes
 * @example
 * ```ts
 * await writeFile('out.psd', renderPsd(laidOut, { background: erased, original }));
 * ```
 */
export function renderPsd(page: Page, options: RenderPsdOptions): Uint8Array {
  const renderer = options.renderer ?? createCanvasRenderer();
  return pageToPsd(page, {
    background: options.background,
    original: options.original,
    renderBlock: (block) => renderer.renderBlock(page, block),
    fontName: postScriptNameFor,
    signal: options.signal,
  });
}

/**
 * An SVG of a laid-out page with the background embedded as PNG.
 *
 * @param page - a laid-out page
 * @param background - the erased image
 * @example
 * ```ts
 * await writeFile('out.svg', await renderSvg(laidOut, erased));
 * ```
 */
export async function renderSvg(page: Page, background: RgbaImage): Promise<string> {
  const bytes = await encodeImage(background, 'png');
  return pageToSvg(page, { background: { mime: 'image/png', bytes } });
}
