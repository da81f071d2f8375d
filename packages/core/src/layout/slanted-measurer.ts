import type { TextMeasurer } from '../plugins.js';

/**
 * A measurer whose widths include the lean of a synthetic oblique: the
 * renderer shears glyphs about the baseline, so the tops of the last glyphs
 * reach up to tan(slant) × font size past the advance. Counting it in every
 * measured run keeps slanted lines inside their box. Upright text
 * (`slant` absent or 0) gets `measurer` itself.
 *
 * @internal
 */
export function slantedMeasurer(measurer: TextMeasurer, slant: number | undefined): TextMeasurer {
  if (!slant) return measurer;
  const tan = Math.abs(Math.tan((slant * Math.PI) / 180));
  return {
    measure(text, font) {
      const m = measurer.measure(text, font);
      return { ...m, width: m.width + tan * font.size };
    },
  };
}
