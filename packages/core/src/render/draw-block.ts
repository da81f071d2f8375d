import { eventLoopTurns } from '../event-loop.js';
import type { TextBlock } from '../page/page.js';
import type { FontSpec } from '../plugins.js';

/**
 * The part of a 2D canvas context that drawing text needs. Both
 * @napi-rs/canvas's context and the browser's OffscreenCanvas context satisfy
 * it, so Node and the browser draw laid-out text with one implementation.
 */
export interface TextCanvasContext {
  /** CSS font shorthand. */
  font: string;
  /** Fill colour or gradient. */
  fillStyle: unknown;
  /** Outline colour. */
  strokeStyle: unknown;
  /** Outline width. */
  lineWidth: number;
  /** Outline corner style. */
  lineJoin: CanvasLineJoin;
  /** Outline mitre limit. */
  miterLimit: number;
  /** Horizontal anchor of `fillText`. */
  textAlign: CanvasTextAlign;
  /** Vertical anchor of `fillText`. */
  textBaseline: CanvasTextBaseline;
  /** A linear gradient from (x0, y0) to (x1, y1), for `fillStyle`. */
  createLinearGradient(x0: number, y0: number, x1: number, y1: number): { addColorStop(offset: number, color: string): void };
  /** Pushes the drawing state. */
  save(): void;
  /** Pops the drawing state. */
  restore(): void;
  /** Draws filled text. */
  fillText(text: string, x: number, y: number): void;
  /** Draws outlined text. */
  strokeText(text: string, x: number, y: number): void;
  /** Multiplies the current transform (used to shear italic lines). */
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
}

// CJK fonts put the em box from 0.88 em above the baseline to 0.12 em below
// it; placing the baseline there centres each glyph in its cell.
const EM_ASCENT = 0.88;

/**
 * Draws one block's laid-out translation: the outline under the fill (its
 * width scaled by fitted / source font size) over the `shadow` (an offset copy
 * in its colour), a vertical `gradient` over each
 * horizontal line's box when the style has one, horizontal lines on their
 * baselines, vertical columns one upright grapheme per em cell. A `slant`
 * shears each horizontal line about its baseline (a synthetic oblique; the
 * layout reserved the extra width). Blocks without
 * `layout` are skipped.
 *
 * @param ctx - a 2D context (canvas pixels in image coordinates)
 * @param block - the block
 * @param cssFont - turns a font spec into the CSS `font` string the runtime's canvas understands (with its fallback chain)
 * @example
 * ```ts
 * for (const block of page.blocks) drawTextBlock(ctx, block, (f) => `${f.weight ?? 'normal'} ${f.size}px "${f.family}"`);
 * ```
 */
export function drawTextBlock(ctx: TextCanvasContext, block: TextBlock, cssFont: (font: FontSpec) => string): void {
  const layout = block.layout;
  if (!layout) return;
  const { style } = block;
  const size = layout.fontSize;
  ctx.save();
  ctx.font = cssFont({ family: layout.fontFamily, size, weight: style.fontWeight });
  ctx.fillStyle = style.color;
  const stroke = style.strokeColor && style.strokeWidth ? style.strokeWidth * (size / style.fontSize) : 0;
  if (stroke) {
    ctx.strokeStyle = style.strokeColor;
    // Centred on the outline: twice the width leaves `stroke` visible outside the fill.
    ctx.lineWidth = 2 * stroke;
    ctx.lineJoin = 'round';
    ctx.miterLimit = 2;
  }
  // The shadow is a copy of the glyphs in its colour, offset like the source's (scaled to the fitted size).
  const shadow = style.shadow && { ...style.shadow, scale: size / style.fontSize };
  const draw = (text: string, x: number, y: number) => {
    if (shadow) {
      const fill = ctx.fillStyle;
      ctx.fillStyle = shadow.color;
      ctx.fillText(text, x + shadow.offsetX * shadow.scale, y + shadow.offsetY * shadow.scale);
      ctx.fillStyle = fill;
    }
    if (stroke) ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  ctx.textBaseline = 'alphabetic';
  if (layout.direction === 'vertical') {
    ctx.textAlign = 'center';
    for (const line of layout.lines) {
      let i = 0;
      for (const ch of graphemes(line.text)) draw(ch, line.x + line.width / 2, line.y + (i++ + EM_ASCENT) * size);
    }
  } else {
    ctx.textAlign = 'left';
    const tan = style.slant ? Math.tan((style.slant * Math.PI) / 180) : 0;
    for (const line of layout.lines) {
      const baseline = line.baseline ?? line.y + EM_ASCENT * size;
      if (tan) {
        ctx.save();
        // x' = x + tan * (baseline - y): the baseline stays put, ink above it leans right.
        ctx.transform(1, 0, -tan, 1, tan * baseline, 0);
      }
      if (style.gradient) {
        // Top to bottom of this line's box: every line repeats the source's gradient.
        const g = ctx.createLinearGradient(0, line.y, 0, line.y + line.height);
        g.addColorStop(0, style.gradient.top);
        g.addColorStop(1, style.gradient.bottom);
        ctx.fillStyle = g;
      }
      draw(line.text, line.x, baseline);
      if (tan) ctx.restore();
    }
  }
  ctx.restore();
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/** User-perceived characters (a base letter with its combining marks stays one). @internal */
export function graphemes(text: string): string[] {
  return segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
}

/**
 * Draws every block's laid-out translation ({@link drawTextBlock}) in order,
 * giving the event loop a turn every few milliseconds: a page of many blocks
 * keeps the thread (Node's event loop, the browser worker's message queue)
 * long enough that an abort would otherwise only be seen after the last one.
 *
 * @param ctx - a 2D context (canvas pixels in image coordinates)
 * @param blocks - the blocks, drawn in this order
 * @param cssFont - turns a font spec into the runtime's CSS `font` string
 * @param signal - cancels the drawing between blocks
 * @throws GlossaError `ABORTED` when `signal` fires
 * @example
 * ```ts
 * await drawTextBlocks(ctx, page.blocks, (f) => `${f.weight ?? 'normal'} ${f.size}px "${f.family}"`, options.signal);
 * ```
 */
export async function drawTextBlocks(
  ctx: TextCanvasContext,
  blocks: readonly TextBlock[],
  cssFont: (font: FontSpec) => string,
  signal?: AbortSignal,
): Promise<void> {
  const turn = eventLoopTurns();
  for (const block of blocks) {
    await turn(signal);
    drawTextBlock(ctx, block, cssFont);
  }
}
