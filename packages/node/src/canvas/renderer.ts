import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { assertRgbaImage, throwIfAborted, type CallOptions, type Page, type Renderer, type RgbaImage, type TextBlock } from '@glossa/core';
import { registerBundledFonts } from './fonts.js';
import { cssFont } from './measurer.js';

/** A {@link Renderer} that can also draw one block alone (for PSD text layers). */
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
      for (const block of page.blocks) {
        throwIfAborted(options.signal);
        drawBlock(ctx, block);
      }
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

/** Draws one block's layout; blocks without one are skipped. @internal */
export function drawBlock(ctx: SKRSContext2D, block: TextBlock): void {
  const layout = block.layout;
  if (!layout) return;
  const { style } = block;
  const size = layout.fontSize;
  ctx.save();
  ctx.font = cssFont({ family: layout.fontFamily, size, weight: style.fontWeight });
  ctx.fillStyle = style.color;
  const stroke = style.strokeColor && style.strokeWidth ? style.strokeWidth * (size / style.fontSize) : 0;
  if (stroke) {
    ctx.strokeStyle = style.strokeColor!;
    // Centred on the outline: twice the width leaves `stroke` visible outside the fill.
    ctx.lineWidth = 2 * stroke;
    ctx.lineJoin = 'round';
    ctx.miterLimit = 2;
  }
  const draw = (text: string, x: number, y: number) => {
    if (stroke) ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  if (layout.direction === 'vertical') {
    // CJK fonts put the em box from 0.88 em above the baseline to 0.12 em
    // below it; placing the baseline there centres each glyph in its cell.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    for (const line of layout.lines) {
      let i = 0;
      for (const ch of line.text) {
        draw(ch, line.x + line.width / 2, line.y + (i + 0.88) * size);
        i++;
      }
    }
  } else {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    for (const line of layout.lines) draw(line.text, line.x, line.baseline ?? line.y + 0.88 * size);
  }
  ctx.restore();
}
