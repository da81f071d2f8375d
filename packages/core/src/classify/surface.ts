import { resizeImage, type RgbaImage } from '../image/rgba-image.js';
import { polygonBounds } from '../page/geometry.js';
import type { Polygon } from '../page/page.js';

/**
 * The page cut into surfaces: pixels are joined where the colour changes
 * smoothly (a flat plate, a gradient, the shading of a bottle) and split where
 * it jumps (an object's silhouette, a plate's border, glyph edges). Worked out
 * once per page on a copy no larger than `maxSide`, so a 50-megapixel photo
 * costs what a poster does.
 * @internal
 */
export interface SurfaceMap {
  /** Size of the working copy. */
  width: number;
  height: number;
  /** Working-copy pixels per source pixel (≤ 1). */
  scale: number;
  /** Surface id of each pixel; -1 on an edge. */
  labels: Int32Array;
  /** Per surface: pixel count. */
  sizes: number[];
  /** Per surface: whether it reaches the page border (the poster's own backdrop does). */
  open: boolean[];
  /** Per surface: mean and spread of luma. */
  meanLuma: number[];
  stdLuma: number[];
  /** Per surface: bounding box `[x0, y0, x1, y1]` in working-copy pixels. */
  bounds: Array<[number, number, number, number]>;
}

/** Tuning of {@link mapSurfaces}. @internal */
export interface SurfaceMapOptions {
  /** Longest side of the working copy. Default 640. */
  maxSide?: number;
  /** Largest colour step (max over RGB, after a 3×3 blur) between neighbours of one surface. Default 10. */
  edge?: number;
}

/**
 * Cuts `image` into surfaces; see {@link SurfaceMap}.
 * @internal
 */
export function mapSurfaces(image: RgbaImage, options: SurfaceMapOptions = {}): SurfaceMap {
  const maxSide = options.maxSide ?? 640;
  const edge = options.edge ?? 10;
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const small = scale < 1 ? resizeImage(image, w, h) : image;
  const rgb = blur3(small);
  const n = w * h;
  // A pixel is an edge when any 4-neighbour differs by more than `edge` in some channel.
  const isEdge = new Uint8Array(n);
  const step = (a: number, b: number) => Math.max(Math.abs(rgb[a * 3] - rgb[b * 3]), Math.abs(rgb[a * 3 + 1] - rgb[b * 3 + 1]), Math.abs(rgb[a * 3 + 2] - rgb[b * 3 + 2]));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x + 1 < w && step(i, i + 1) > edge) isEdge[i] = isEdge[i + 1] = 1;
      if (y + 1 < h && step(i, i + w) > edge) isEdge[i] = isEdge[i + w] = 1;
    }
  const labels = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const open: boolean[] = [];
  const meanLuma: number[] = [];
  const stdLuma: number[] = [];
  const bounds: Array<[number, number, number, number]> = [];
  const stack = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (isEdge[start] || labels[start] !== -1) continue;
    const id = sizes.length;
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    let count = 0;
    let touches = false;
    let sum = 0;
    let sum2 = 0;
    let x0 = w, y0 = h, x1 = -1, y1 = -1;
    while (top > 0) {
      const i = stack[--top];
      const x = i % w;
      const y = (i - x) / w;
      count++;
      const l = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
      sum += l;
      sum2 += l * l;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) touches = true;
      for (const j of [x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1]) {
        if (j < 0 || isEdge[j] || labels[j] !== -1) continue;
        labels[j] = id;
        stack[top++] = j;
      }
    }
    const mean = sum / count;
    sizes.push(count);
    open.push(touches);
    meanLuma.push(mean);
    stdLuma.push(Math.sqrt(Math.max(0, sum2 / count - mean * mean)));
    bounds.push([x0, y0, x1, y1]);
  }
  return { width: w, height: h, scale, labels, sizes, open, meanLuma, stdLuma, bounds };
}

/** What a line sits on, as read from a {@link SurfaceMap}. @internal */
export interface LineSurface {
  /** The surface most of the ring around the line belongs to, or -1 when the ring is all edges. */
  id: number;
  /** Share of the ring's pixels on that surface (low: the line sits on busy texture). */
  coverage: number;
  /** The surface's size over the page's. */
  pageShare: number;
  /** The surface's size over the line's box. */
  textShare: number;
  /** Whether the surface reaches the page border. */
  open: boolean;
  /** The surface's luma spread: flat plates ~0, shaded objects more. */
  shading: number;
  /** Whether the surface's bounding box holds the line with room to spare on every side (an object around it). */
  surrounds: boolean;
}

/**
 * The surface a line of text sits on: the one that holds most of a ring
 * around the line's box (from 0.3 to 0.9 line heights out, so the glyphs'
 * own edges are left out).
 * @internal
 */
export function surfaceOf(map: SurfaceMap, polygon: Polygon, lineHeight: number): LineSurface {
  const box = polygonBounds(polygon);
  const s = map.scale;
  const inner = Math.max(1, 0.3 * lineHeight * s);
  const outer = Math.max(inner + 2, 0.9 * lineHeight * s);
  const bx0 = box.x * s, by0 = box.y * s, bx1 = (box.x + box.width) * s, by1 = (box.y + box.height) * s;
  const x0 = Math.max(0, Math.floor(bx0 - outer)), x1 = Math.min(map.width - 1, Math.ceil(bx1 + outer));
  const y0 = Math.max(0, Math.floor(by0 - outer)), y1 = Math.min(map.height - 1, Math.ceil(by1 + outer));
  const counts = new Map<number, number>();
  let ring = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const inside = x > bx0 - inner && x < bx1 + inner && y > by0 - inner && y < by1 + inner;
      if (inside) continue;
      ring++;
      const id = map.labels[y * map.width + x];
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  let id = -1;
  let best = 0;
  for (const [k, c] of counts) {
    if (c <= best) continue;
    best = c;
    id = k;
  }
  const textArea = Math.max(1, box.width * box.height * s * s);
  if (id < 0) return { id, coverage: 0, pageShare: 0, textShare: 0, open: false, shading: 0, surrounds: false };
  const [sx0, sy0, sx1, sy1] = map.bounds[id];
  const room = 0.5 * lineHeight * s;
  return {
    id,
    coverage: best / Math.max(1, ring),
    pageShare: map.sizes[id] / (map.width * map.height),
    textShare: map.sizes[id] / textArea,
    open: map.open[id],
    shading: map.stdLuma[id],
    surrounds: sx0 < bx0 - room && sy0 < by0 - room && sx1 > bx1 + room && sy1 > by1 + room,
  };
}

/** RGB of a 3×3 box blur, as floats (3 per pixel). */
function blur3(image: RgbaImage): Float32Array {
  const { width: w, height: h, data } = image;
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let r = 0, g = 0, b = 0, k = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const i = (yy * w + xx) * 4;
          r += data[i];
          g += data[i + 1];
          b += data[i + 2];
          k++;
        }
      }
      const o = (y * w + x) * 3;
      out[o] = r / k;
      out[o + 1] = g / k;
      out[o + 2] = b / k;
    }
  return out;
}
