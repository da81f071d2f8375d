import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { assertRgbaImage, drawTextBlock, drawTextBlocks, type CallOptions, type Page, type Renderer, type RgbaImage, type TextBlock } from '@glossa/core';
import { registerBundledFonts } from './fonts.js';
import { cssFont } from './measurer.js';

/** A `Renderer` that can also draw one block alone (for PSD text layers). */
export interface CanvasRenderer extends Renderer {
  /**
   * Draws only `block`'s laid-out text on a transparent image the size of
   * the page.
   */
  renderBlock(page: Page, block: TextBlock): RgbaImage;
}

/**
 * A renderer on @napi-rs/canvas: draws each block's `layout` over the
 * background in the layout's font (with the bundled fallback chain), fill
 * colour and outline (the stroke is drawn under the fill, `strokeWidth`
 * scaled by the ratio of fitted to source font size). Vertical blocks are
 * drawn column by column, one upright character per em cell.
 *
 * @example
 * ```ts
 * const renderer = createCanvasRenderer();
 * const out = await renderer.render(erased, laidOut);
 * await writeFile('out.png', await encodeImage(out, 'png'));
 * ```
 */
export function createCanvasRenderer(): CanvasRenderer {
  registerBundledFonts();
  return {
    async render(background: RgbaImage, page: Page, options: CallOptions = {}): Promise<RgbaImage> {
      assertRgbaImage(background, 'background');
      const canvas = createCanvas(background.width, background.height);
      const ctx = canvas.getContext('2d');
      const bg = ctx.createImageData(background.width, background.height);
      bg.data.set(background.data);
      ctx.putImageData(bg, 0, 0);
      // Between blocks the event loop gets a turn, so an abort gets through.
      await drawTextBlocks(ctx, page.blocks, cssFont, options.signal);
      return readBack(ctx, background.width, background.height);
    },
    renderBlock(page: Page, block: TextBlock): RgbaImage {
      const ctx = createCanvas(page.width, page.height).getContext('2d');
      drawBlock(ctx, block);
      return readBack(ctx, page.width, page.height);
    },
  };
}

function readBack(ctx: SKRSContext2D, width: number, height: number): RgbaImage {
  const out = ctx.getImageData(0, 0, width, height);
  return { width, height, data: new Uint8ClampedArray(out.data.buffer, out.data.byteOffset, out.data.length) };
}

/** Draws one block's layout with the bundled font fallback chain. @internal */
export function drawBlock(ctx: SKRSContext2D, block: TextBlock): void {
  drawTextBlock(ctx, block, cssFont);
}
