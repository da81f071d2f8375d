import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { FontSpec, TextMeasurer, TextMetrics } from '@glossa/core';
import { fontStack, registerBundledFonts } from './fonts.js';

/** Options of {@link createCanvasMeasurer}. */
export interface CanvasMeasurerOptions {
  /** Measurements remembered (the size search measures the same strings often). Default 20000. */
  cacheSize?: number;
}

/**
 * A `TextMeasurer` on @napi-rs/canvas with the bundled fonts (and the
 * fallback chain of {@link fontStack}) registered, for `layoutPage`.
 *
 * @param options - cache size
 * @example
 * ```ts
 * const measurer = createCanvasMeasurer();
 * const laidOut = layoutPage(page, { measurer, targetLang: 'ko', fontFamily: fontFamilyFor });
 * ```
 */
export function createCanvasMeasurer(options: CanvasMeasurerOptions = {}): TextMeasurer {
  registerBundledFonts();
  const ctx = createCanvas(1, 1).getContext('2d');
  const cacheSize = options.cacheSize ?? 20000;
  const cache = new Map<string, TextMetrics>();
  return {
    measure(text: string, font: FontSpec): TextMetrics {
      const css = cssFont(font);
      const key = `${css}\u0000${text}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const m = measureWith(ctx, css, text);
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(key, m);
      return m;
    },
  };
}

/** The CSS `font` shorthand for a spec, with the fallback chain. @internal */
export function cssFont(font: FontSpec): string {
  return `${font.weight === 'bold' ? 'bold' : 'normal'} ${font.size}px ${fontStack(font.family)}`;
}

function measureWith(ctx: SKRSContext2D, css: string, text: string): TextMetrics {
  if (ctx.font !== css) ctx.font = css;
  const m = ctx.measureText(text);
  return { width: m.width, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
}
