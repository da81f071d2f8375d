import { clipRect, type Rect, type RgbaImage } from '../image/rgba-image.js';
import { polygonBounds } from '../page/geometry.js';
import type { TextBlock } from '../page/page.js';

/**
 * Decides whether a block's text may grow over a strip of the picture.
 * Layout calls it for each strip it wants to add to a block's region.
 */
export type FreeSpaceTest = (block: TextBlock, strip: Rect) => boolean;

/** Options of {@link backgroundFreeSpace}. */
export interface BackgroundFreeSpaceOptions {
  /** Largest RGB distance from the block's own background colour that still counts as the same surface; default 40. */
  tolerance?: number;
  /** Share of a strip's pixels that must be that surface; default 0.9. */
  share?: number;
}

/**
 * A {@link FreeSpaceTest} on the erased background: a strip is free when it
 * continues the surface the block's text sat on (most of its pixels are close
 * to the median colour of the block's own erased region). Text then grows
 * along a banner or into empty sky, but not off a coloured pill (white text
 * on white) nor over the product photo.
 *
 * @param background - the erased image the translations are drawn on
 * @param options - tolerance and required share
 * @example
 * ```ts
 * const laidOut = layoutPage(page, { measurer, targetLang: 'en', freeSpace: backgroundFreeSpace(erased) });
 * ```
 */
export function backgroundFreeSpace(background: RgbaImage, options: BackgroundFreeSpaceOptions = {}): FreeSpaceTest {
  const tolerance = options.tolerance ?? 40;
  const share = options.share ?? 0.9;
  const reference = new Map<string, [number, number, number]>();
  const colourOf = (block: TextBlock) => {
    let rgb = reference.get(block.id);
    if (!rgb) {
      rgb = medianColour(background, clipRect(polygonBounds(block.polygon), background.width, background.height));
      reference.set(block.id, rgb);
    }
    return rgb;
  };
  return (block, strip) => {
    const r = clipRect(strip, background.width, background.height);
    if (r.width === 0 || r.height === 0) return false;
    const [cr, cg, cb] = colourOf(block);
    const d = background.data;
    // Every other pixel in each direction is plenty to judge a surface.
    let same = 0;
    let total = 0;
    for (let y = r.y; y < r.y + r.height; y += 2)
      for (let x = r.x; x < r.x + r.width; x += 2) {
        const i = (y * background.width + x) * 4;
        const dr = d[i] - cr;
        const dg = d[i + 1] - cg;
        const db = d[i + 2] - cb;
        total++;
        if (dr * dr + dg * dg + db * db <= tolerance * tolerance) same++;
      }
    return total > 0 && same >= share * total;
  };
}

/** Per-channel median of a rectangle (histograms, no sorting). @internal */
function medianColour(image: RgbaImage, rect: Rect): [number, number, number] {
  if (rect.width === 0 || rect.height === 0) return [255, 255, 255];
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let n = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++)
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * image.width + x) * 4;
      hist[0][image.data[i]]++;
      hist[1][image.data[i + 1]]++;
      hist[2][image.data[i + 2]]++;
      n++;
    }
  return hist.map((h) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += h[v]) * 2 >= n) return v;
    return 255;
  }) as [number, number, number];
}
