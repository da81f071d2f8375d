// Colour helpers for style inference: hex conversion and WCAG contrast.

/** An RGB triple, 0..255 per channel. */
export type Rgb = readonly [r: number, g: number, b: number];

/**
 * `#rrggbb` for an RGB triple (channels rounded and clamped).
 *
 * @param rgb - the colour
 * @example
 * ```ts
 * rgbToHex([255, 128, 0]); // '#ff8000'
 * ```
 */
export function rgbToHex(rgb: Rgb): string {
  return '#' + rgb.map((c) => Math.max(0, Math.min(255, Math.round(c))).toString(16).padStart(2, '0')).join('');
}

/**
 * Parses `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored).
 *
 * @param hex - the colour
 * @returns the RGB triple, or `null` when `hex` is not a hex colour
 * @example
 * ```ts
 * hexToRgb('#ff8000'); // [255, 128, 0]
 * ```
 */
export function hexToRgb(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(hex);
  if (!m) return null;
  let h = m[1];
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/**
 * WCAG 2 relative luminance, 0 (black) to 1 (white).
 *
 * @param rgb - the colour
 * @example
 * ```ts
 * relativeLuminance([255, 255, 255]); // 1
 * ```
 */
export function relativeLuminance(rgb: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}

/**
 * WCAG 2 contrast ratio between two colours, 1 (none) to 21 (black on white).
 * Below about 3, large text is hard to read.
 *
 * @param a - one colour
 * @param b - the other
 * @example
 * ```ts
 * contrastRatio([0, 0, 0], [255, 255, 255]); // 21
 * ```
 */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
