import type { Page } from '../page/page.js';
import { invalidParameter, is } from '../validate.js';
import { bytesToBase64 } from './base64.js';

/** An encoded image to embed in an SVG: its MIME type and either base64 text or the bytes. */
export interface EmbeddedImage {
  /** `image/png`, `image/jpeg` or `image/webp`. */
  mime: string;
  /** The encoded image as base64 (no `data:` prefix). */
  base64?: string;
  /** The encoded image bytes (used when `base64` is absent). */
  bytes?: Uint8Array;
}

/** Options of {@link pageToSvg}. */
export interface SvgOptions {
  /** The erased background, embedded as a data URI under the text. */
  background?: EmbeddedImage;
  /** Width of the SVG in pixels; default the page's. */
  width?: number;
  /** Height of the SVG in pixels; default the page's. */
  height?: number;
}

/**
 * Writes a page as an editable SVG: the background embedded as a data URI and
 * one `<text>` element per laid-out line, in the layout's font, size, colour
 * and outline, so the translation can be edited in any vector editor. Blocks
 * without a layout are left out. Vertical columns use
 * `writing-mode: vertical-rl` with upright glyphs.
 *
 * @param page - a laid-out page (see `layoutPage`)
 * @param options - background and size
 * @returns the SVG document
 * @throws GlossaError `INVALID_INPUT` for a background without data or bad sizes
 * @example
 * ```ts
 * const svg = pageToSvg(laidOut, { background: { mime: 'image/png', bytes: erasedPng } });
 * await writeFile('out.svg', svg);
 * ```
 */
export function pageToSvg(page: Page, options: SvgOptions = {}): string {
  const width = options.width ?? page.width;
  const height = options.height ?? page.height;
  if (!is.number(width) || width <= 0) throw invalidParameter('options.width', 'a positive number', width);
  if (!is.number(height) || height <= 0) throw invalidParameter('options.height', 'a positive number', height);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${page.width} ${page.height}">`,
  ];
  const bg = options.background;
  if (bg) {
    if (!is.string(bg.mime) || !/^image\/[a-z0-9.+-]+$/i.test(bg.mime)) throw invalidParameter('options.background.mime', 'an image MIME type', bg.mime);
    const data = bg.base64 ?? (bg.bytes ? bytesToBase64(bg.bytes) : undefined);
    if (!data) throw invalidParameter('options.background', 'base64 or bytes', undefined);
    out.push(`<image x="0" y="0" width="${page.width}" height="${page.height}" preserveAspectRatio="none" href="data:${bg.mime};base64,${data}"/>`);
  }
  for (const block of page.blocks) {
    const layout = block.layout;
    if (!layout) continue;
    const { style } = block;
    const scale = layout.fontSize / style.fontSize;
    const attrs = [
      `font-family="${escapeXml(`'${layout.fontFamily}', sans-serif`)}"`,
      `font-size="${num(layout.fontSize)}"`,
      `font-weight="${style.fontWeight ?? 'normal'}"`,
      `fill="${escapeXml(style.color)}"`,
    ];
    // Viewers synthesise an oblique when the face has no italic, like the canvas renderers.
    if (style.slant) attrs.push('font-style="italic"');
    if (style.strokeColor && style.strokeWidth) {
      // The stroke is centred on the outline; twice the width leaves the
      // requested width visible outside the fill.
      attrs.push(`stroke="${escapeXml(style.strokeColor)}"`, `stroke-width="${num(2 * style.strokeWidth * scale)}"`, 'stroke-linejoin="round"', 'paint-order="stroke"');
    }
    out.push(`<g id="${escapeXml(`block-${block.id}`)}" ${attrs.join(' ')}>`);
    for (const line of layout.lines) {
      if (layout.direction === 'vertical') {
        out.push(
          `<text x="${num(line.x + line.width / 2)}" y="${num(line.y)}" style="writing-mode: vertical-rl; text-orientation: upright" xml:space="preserve">${escapeXml(line.text)}</text>`,
        );
      } else {
        const baseline = line.baseline ?? line.y + 0.88 * layout.fontSize;
        out.push(`<text x="${num(line.x)}" y="${num(baseline)}" xml:space="preserve">${escapeXml(line.text)}</text>`);
      }
    }
    out.push('</g>');
  }
  out.push('</svg>', '');
  return out.join('\n');
}

/**
 * Escapes text for XML content and attribute values, dropping characters
 * XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).
 *
 * @param text - any string
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}
