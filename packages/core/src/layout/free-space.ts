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
  /**
   * Largest colour step between neighbouring cells (of about 4x4 pixels) that
   * still continues one surface; default 10. A photo's blurred backdrop or a
   * gradient changes slowly and stays one surface; the edge of a product, a
   * leaf or a card breaks it.
   */
  edge?: number;
}

/**
 * A {@link FreeSpaceTest} on the erased background: a strip is free when it
 * continues the surface the block's text sat on: most of its pixels are close
 * to the median colour of the block's own erased region, or reach it without
 * crossing an edge (a blurred photo backdrop, a gradient). Text then grows
 * along a banner, into empty sky or over a soft backdrop, but not off a
 * coloured pill (white text on white) nor over the product photo.
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
  let surfaces: Surfaces | undefined;
  const surfaceLabels = new Map<string, Set<number>>();
  const onOwnSurface = (block: TextBlock, r: Rect) => {
    surfaces ??= smoothSurfaces(background, options.edge ?? 10);
    let labels = surfaceLabels.get(block.id);
    if (!labels) {
      labels = surfaces.labelsUnder(clipRect(polygonBounds(block.polygon), background.width, background.height));
      surfaceLabels.set(block.id, labels);
    }
    return surfaces.share(r, labels) >= share;
  };
  return (block, strip) => {
    const r = clipRect(strip, background.width, background.height);
    if (r.width === 0 || r.height === 0) return false;
    return sameColourShare(block, r) >= share || onOwnSurface(block, r);
  };

  function sameColourShare(block: TextBlock, r: Rect): number {
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
    return total > 0 ? same / total : 0;
  }
}

/** Largest spread of a channel inside one smooth cell: grain and noise, not a line. */
const CELL_RANGE = 48;

/** The background cut into smooth surfaces, on a grid of cells. @internal */
interface Surfaces {
  /** Surfaces that hold a fifth or more of the cells under `rect`. */
  labelsUnder(rect: Rect): Set<number>;
  /** Share of the cells under `rect` that lie on one of `labels`. */
  share(rect: Rect, labels: Set<number>): number;
}

/**
 * Cuts the image into surfaces: smooth cells of about 4x4 pixels (averaged,
 * so fine grain and noise do not count as edges) are joined to a smooth
 * neighbour whose colour differs by at most `edge` per channel. A slow ramp
 * joins along its length; a sharp outline, however thin, splits.
 */
function smoothSurfaces(image: RgbaImage, edge: number): Surfaces {
  const cell = Math.max(1, Math.round(Math.min(image.width, image.height) / 250));
  const cw = Math.ceil(image.width / cell);
  const ch = Math.ceil(image.height / cell);
  const rgb = new Float32Array(cw * ch * 3);
  const count = new Uint16Array(cw * ch);
  // Each cell's range per channel: a cell crossed by a line (a balloon's or a
  // pill's thin outline) is not smooth, however close its average comes to
  // its neighbours'.
  const lo = new Uint8Array(cw * ch * 3).fill(255);
  const hi = new Uint8Array(cw * ch * 3);
  const d = image.data;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const c = Math.floor(y / cell) * cw + Math.floor(x / cell);
      const i = (y * image.width + x) * 4;
      for (let k = 0; k < 3; k++) {
        const v = d[i + k];
        rgb[3 * c + k] += v;
        if (v < lo[3 * c + k]) lo[3 * c + k] = v;
        if (v > hi[3 * c + k]) hi[3 * c + k] = v;
      }
      count[c]++;
    }
  const smooth = new Uint8Array(cw * ch);
  for (let c = 0; c < cw * ch; c++) {
    smooth[c] = 1;
    for (let k = 0; k < 3; k++) {
      rgb[3 * c + k] /= count[c];
      if (hi[3 * c + k] - lo[3 * c + k] > CELL_RANGE) smooth[c] = 0;
    }
  }
  const parent = new Int32Array(cw * ch).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const close = (a: number, b: number) =>
    smooth[a] === 1 &&
    smooth[b] === 1 &&
    Math.abs(rgb[3 * a] - rgb[3 * b]) <= edge && Math.abs(rgb[3 * a + 1] - rgb[3 * b + 1]) <= edge && Math.abs(rgb[3 * a + 2] - rgb[3 * b + 2]) <= edge;
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      const c = y * cw + x;
      if (x + 1 < cw && close(c, c + 1)) parent[find(c + 1)] = find(c);
      if (y + 1 < ch && close(c, c + cw)) parent[find(c + cw)] = find(c);
    }
  const cellsUnder = (rect: Rect, visit: (label: number) => void) => {
    const x0 = Math.floor(rect.x / cell);
    const y0 = Math.floor(rect.y / cell);
    const x1 = Math.min(cw, Math.ceil((rect.x + rect.width) / cell));
    const y1 = Math.min(ch, Math.ceil((rect.y + rect.height) / cell));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) visit(find(y * cw + x));
  };
  return {
    labelsUnder(rect) {
      const tally = new Map<number, number>();
      let n = 0;
      cellsUnder(rect, (label) => {
        tally.set(label, (tally.get(label) ?? 0) + 1);
        n++;
      });
      return new Set([...tally].filter(([, k]) => k >= 0.2 * n).map(([label]) => label));
    },
    share(rect, labels) {
      let on = 0;
      let n = 0;
      cellsUnder(rect, (label) => {
        n++;
        if (labels.has(label)) on++;
      });
      return n > 0 ? on / n : 0;
    },
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
