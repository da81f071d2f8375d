import { clipRect, createMask, toGray, type Mask, type RgbaImage } from '../image/rgba-image.js';
import { dilateMask, fillPolygon, unionMasks } from '../mask/mask-ops.js';
import { buildTextMask } from '../mask/text-mask.js';
import { polygonBounds } from '../page/geometry.js';
import type { TextBlock } from '../page/page.js';
import { labelComponents } from './find-bubbles.js';

/** Options of {@link buildBubbleMask}. */
export interface BubbleMaskOptions {
  /** Luma (0-255) below which a pixel inside a balloon is ink. Default 190. */
  inkThreshold?: number;
  /** Pixels added around the ink for its anti-aliased fringe. Default 2. */
  grow?: number;
}

/**
 * The erase mask of a comic page: inside each balloon, every stroke that does
 * not touch the balloon's outline (all its text, whatever the detector's boxes
 * covered), grown by a fringe but never past the balloon's inside, so the
 * outline stays. Blocks without a balloon (free text) get the glyph-precise
 * text mask of their lines.
 *
 * @param image - the page
 * @param blocks - the blocks to erase
 * @param options - thresholds
 * @returns a mask the size of the image, 255 = erase
 * @example
 * ```ts
 * const mask = buildBubbleMask(page, blocks.filter((b) => !b.flags.keep));
 * ```
 */
export function buildBubbleMask(image: RgbaImage, blocks: readonly TextBlock[], options: BubbleMaskOptions = {}): Mask {
  const threshold = options.inkThreshold ?? 190;
  const grow = options.grow ?? 2;
  const { width, height } = image;
  const out = createMask(width, height);
  const gray = toGray(image);
  for (const block of blocks) {
    if (!block.balloon) continue;
    const r = clipRect(polygonBounds(block.balloon), width, height);
    if (r.width < 3 || r.height < 3) continue;
    const inside = createMask(r.width, r.height);
    fillPolygon(inside, block.balloon.map(([x, y]) => [x - r.x, y - r.y]));
    // The ink inside the balloon; strokes reaching its edge are the outline (or a tail) and stay.
    const ink = new Uint8Array(r.width * r.height);
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < r.width; x++) {
        const i = y * r.width + x;
        ink[i] = inside.data[i] && gray[(r.y + y) * width + r.x + x] < threshold ? 1 : 0;
      }
    }
    const edge = new Uint8Array(r.width * r.height);
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < r.width; x++) {
        const i = y * r.width + x;
        if (!inside.data[i]) continue;
        const out_ = (dx: number, dy: number) => {
          const nx = x + dx;
          const ny = y + dy;
          return nx < 0 || ny < 0 || nx >= r.width || ny >= r.height || !inside.data[ny * r.width + nx];
        };
        if (out_(-1, 0) || out_(1, 0) || out_(0, -1) || out_(0, 1)) edge[i] = 1;
      }
    }
    const { labels, components } = labelComponents(ink, r.width, r.height, 8);
    const touching = new Uint8Array(components.length);
    for (let i = 0; i < edge.length; i++) if (edge[i] && labels[i]) touching[labels[i]] = 1;
    const strokes = createMask(r.width, r.height);
    for (let i = 0; i < labels.length; i++) if (labels[i] && !touching[labels[i]]) strokes.data[i] = 255;
    const grown = dilateMask(strokes, grow);
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < r.width; x++) {
        const i = y * r.width + x;
        if (grown.data[i] && inside.data[i]) out.data[(r.y + y) * width + r.x + x] = 255;
      }
    }
  }
  const free = blocks.filter((b) => !b.balloon);
  return free.length ? unionMasks([out, buildTextMask(image, free.flatMap((b) => b.lines))]) : out;
}
