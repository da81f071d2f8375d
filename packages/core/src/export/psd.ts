import { writePsdUint8Array, type Layer, type Psd } from 'ag-psd';
import { GlossaError, throwIfAborted } from '../errors.js';
import { assertRgbaImage, cloneImage, cropImage, type RgbaImage, type Rect } from '../image/rgba-image.js';
import type { Page, TextBlock } from '../page/page.js';
import type { CallOptions } from '../plugins.js';
import { hexToRgb } from '../style/color.js';
import { invalidParameter } from '../validate.js';

/** Options of {@link pageToPsd}. */
export interface PsdOptions extends CallOptions {
  /** The erased image: the bottom layer. */
  background: RgbaImage;
  /** The original image, written as a hidden layer for comparison. */
  original?: RgbaImage;
  /**
   * Pixels of one block's text alone, on a transparent image the size of the
   * page (the runtime's renderer supplies it; @glossa/node wires its canvas
   * renderer in). They let the text layer display before Photoshop re-renders
   * it, and make up the composite image.
   */
  renderBlock: (block: TextBlock) => RgbaImage;
  /** The PostScript font name Photoshop should use for a family; default: the family without spaces. */
  fontName?: (family: string) => string;
}

/**
 * Writes a laid-out page as a layered PSD: the erased background as one
 * layer, one editable text layer per laid-out block (its real text with the
 * layout's line breaks, font, size, colour, leading and position, plus the
 * pre-rendered pixels so it shows without an update), and the original image
 * as a hidden layer at the bottom.
 *
 * Vertical blocks are written as horizontal text layers (ag-psd warns that
 * vertical text layers can produce files Photoshop cannot open); their pixels
 * show the vertical rendering.
 *
 * @param page - a laid-out page
 * @param options - background, original, block renderer, font names
 * @returns the PSD file bytes
 * @throws GlossaError `INVALID_INPUT` when images do not match the page size
 * @example
 * ```ts
 * const psd = pageToPsd(laidOut, { background: erased, original, renderBlock: (b) => renderer.renderBlock(laidOut, b) });
 * await writeFile('out.psd', psd);
 * ```
 */
export function pageToPsd(page: Page, options: PsdOptions): Uint8Array {
  const { background, original, renderBlock } = options;
  checkImage('options.background', background, page);
  if (original !== undefined) checkImage('options.original', original, page);
  if (typeof renderBlock !== 'function') throw invalidParameter('options.renderBlock', 'a function (block) => RgbaImage', renderBlock);
  const fontName = options.fontName ?? ((family: string) => family.replace(/\s+/g, ''));

  const composite = cloneImage(background);
  const textLayers: Layer[] = [];
  for (const block of page.blocks) {
    throwIfAborted(options.signal);
    const layout = block.layout;
    if (!layout) continue;
    const pixels = renderBlock(block);
    checkImage(`renderBlock(${block.id})`, pixels, page);
    blendOver(composite, pixels);
    const bounds = opaqueBounds(pixels);
    const first = layout.lines[0];
    const originY = first ? (first.baseline ?? first.y + 0.88 * layout.fontSize) : layout.box.y;
    const originX = layout.direction === 'vertical' || !first ? layout.box.x : Math.min(...layout.lines.map((l) => l.x));
    const fill = hexToRgb(block.style.color) ?? [0, 0, 0];
    const layer: Layer = {
      name: block.translation ? truncate(block.translation, 60) : block.id,
      text: {
        text: layout.lines.map((l) => l.text).join('\n'),
        transform: [1, 0, 0, 1, originX, originY],
        antiAlias: 'smooth',
        style: {
          font: { name: fontName(layout.fontFamily) },
          fontSize: layout.fontSize,
          fillColor: { r: fill[0], g: fill[1], b: fill[2] },
          autoLeading: false,
          leading: layout.fontSize * layout.lineHeight,
        },
        paragraphStyle: {
          justification: block.style.align === 'center' ? 'center' : block.style.align === 'right' ? 'right' : 'left',
        },
      },
    };
    if (block.style.strokeColor && block.style.strokeWidth) {
      const s = hexToRgb(block.style.strokeColor) ?? [0, 0, 0];
      layer.effects = {
        stroke: [
          {
            enabled: true,
            present: true,
            showInDialog: true,
            position: 'outside',
            fillType: 'color',
            blendMode: 'normal',
            opacity: 1,
            size: { units: 'Pixels', value: block.style.strokeWidth * (layout.fontSize / block.style.fontSize) },
            color: { r: s[0], g: s[1], b: s[2] },
          },
        ],
      };
    }
    if (bounds) {
      layer.left = bounds.x;
      layer.top = bounds.y;
      layer.imageData = cropImage(pixels, bounds) as unknown as Layer['imageData'];
    }
    textLayers.push(layer);
  }

  // ag-psd lists children bottom to top.
  const children: Layer[] = [];
  if (original) children.push({ name: 'Original', hidden: true, imageData: asPixels(original) });
  children.push({ name: 'Background (text erased)', imageData: asPixels(background) });
  children.push(...textLayers);
  const psd: Psd = { width: page.width, height: page.height, children, imageData: asPixels(composite) };
  try {
    return writePsdUint8Array(psd, { generateThumbnail: false });
  } catch (cause) {
    throw new GlossaError('INTERNAL', `Writing the PSD failed: ${(cause as Error).message}`, { cause });
  }
}

function asPixels(image: RgbaImage): NonNullable<Layer['imageData']> {
  return { width: image.width, height: image.height, data: image.data };
}

function checkImage(name: string, image: unknown, page: Page): void {
  assertRgbaImage(image, name);
  if (image.width !== page.width || image.height !== page.height) {
    throw invalidParameter(name, `a ${page.width}x${page.height} image (the page size)`, `${image.width}x${image.height}`);
  }
}

/** Source-over compositing of `top` (straight alpha) onto `base`, in place. */
function blendOver(base: RgbaImage, top: RgbaImage): void {
  const b = base.data;
  const t = top.data;
  for (let i = 0; i < t.length; i += 4) {
    const a = t[i + 3];
    if (a === 0) continue;
    const ba = b[i + 3] / 255;
    const ta = a / 255;
    const oa = ta + ba * (1 - ta);
    for (let c = 0; c < 3; c++) b[i + c] = (t[i + c] * ta + b[i + c] * ba * (1 - ta)) / oa;
    b[i + 3] = oa * 255;
  }
}

/** The bounding box of the non-transparent pixels, or null when there are none. */
function opaqueBounds(image: RgbaImage): Rect | null {
  let x0 = image.width, y0 = image.height, x1 = -1, y1 = -1;
  const d = image.data;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (d[(y * image.width + x) * 4 + 3] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
