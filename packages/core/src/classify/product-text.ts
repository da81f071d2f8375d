import type { RgbaImage } from '../image/rgba-image.js';
import { frameBox, polygonAngle } from '../ocr/line-geometry.js';
import { polygonBounds } from '../page/geometry.js';
import type { RoleCues, TextBlock, TextLine, TextRole } from '../page/page.js';
import { repetitions } from './repetition.js';
import { lineShape } from './shape.js';
import { mapSurfaces, surfaceOf, type LineSurface, type SurfaceMap } from './surface.js';

/** Score at or above which a block is taken for product text. */
const PRODUCT_FROM = 0.75;
/** Score at or below which a block is taken for ad copy. */
const COPY_UP_TO = -0.5;
/** Rotation (degrees) from which a line counts as turned with a surface rather than set level. */
const TURNED_FROM = 8;

/**
 * Tells ad copy from product text: sets `role` (`'product'`, `'copy'` or
 * `'unknown'`) and `roleCues` on every block. A designer tells them apart by
 * what the text sits on and how it lies; so does this, with four cues scored
 * from −1 (ad copy) to +1 (product), summed into `roleCues.score`:
 *
 * - **surface**: the page is cut into surfaces at colour edges. Text on the
 *   poster's own backdrop (a surface reaching the page border) or on a flat
 *   plate is copy; text on a closed, shaded surface (a bottle, a box, a device
 *   whose silhouette encloses it) is product. A line whose surroundings are
 *   too busy to read takes the surface of an object whose outline holds it.
 * - **geometry**: a line turned with its surface, more so when its ink also
 *   bends or tapers (a label round a bottle, a face of a box seen at an angle).
 * - **scale**: the page's largest text leans copy, small text leans product.
 * - **repetition**: the same brand on several identical objects.
 *
 * Blocks already carrying a `role` (from a translation script, say) keep it.
 *
 * @param blocks - the page's blocks, as grouping made them
 * @param image - the page
 * @returns new blocks with `role` and `roleCues`
 * @example
 * ```ts
 * const blocks = classifyBlocks(createBlocks(lines), image);
 * const toTranslate = blocks.filter((b) => b.role !== 'product');
 * ```
 */
export function classifyBlocks(blocks: readonly TextBlock[], image: RgbaImage): TextBlock[] {
  if (blocks.length === 0) return [];
  const map = mapSurfaces(image);
  const lines = blocks.map((block) =>
    block.lines.map((line) => {
      const height = lineHeight(line);
      return { line, height, surface: surfaceOf(map, line.polygon, height) };
    }),
  );
  const tallest = Math.max(1, ...lines.flat().map((l) => l.height));
  const objects = lines.flat().flatMap((l) => (surfaceScore(l.surface) > 0 ? [l.surface.id] : []));
  const repeats = repetitions(blocks);
  return blocks.map((block, i) => {
    const surface = mean(lines[i].map((l) => (isBusy(l.surface) ? insideObjectScore(map, objects, l.line) : surfaceScore(l.surface))));
    const geometry = Math.max(...lines[i].map((l) => geometryScore(image, l.line)));
    const scaleShare = Math.max(...lines[i].map((l) => l.height)) / tallest;
    const scale = scaleShare >= 0.9 ? -0.25 : scaleShare <= 0.4 ? 0.25 : 0;
    const repetition = scaleShare < 0.6 ? (repeats[i] >= 2 ? 2 : repeats[i] === 1 ? 1 : 0) : 0;
    const score = surface + geometry + scale + repetition;
    const cues: RoleCues = { surface: round(surface), geometry: round(geometry), scale: round(scale), repetition, score: round(score) };
    const role: TextRole = block.role ?? (score >= PRODUCT_FROM ? 'product' : score <= COPY_UP_TO ? 'copy' : 'unknown');
    return { ...block, role, roleCues: cues };
  });
}

/** Too little of the ring around the line lies on one surface to say what it is. */
function isBusy(surface: LineSurface): boolean {
  return surface.id < 0 || surface.coverage < 0.3;
}

/**
 * +1 on a closed, shaded surface smaller than a third of the page (an object);
 * −1 on the page's backdrop; −0.5 on a flat plate or a large closed field.
 */
function surfaceScore(surface: LineSurface): number {
  if (isBusy(surface)) return 0;
  if (surface.open) return surface.pageShare >= 0.1 ? -1 : -0.5;
  if (surface.shading < 6) return -0.5;
  return surface.pageShare < 0.3 ? 1 : -0.5;
}

/** A line on a busy patch inside the outline of an object another line sits on leans product. */
function insideObjectScore(map: SurfaceMap, objects: readonly number[], line: TextLine): number {
  const box = polygonBounds(line.polygon);
  const cx = (box.x + box.width / 2) * map.scale;
  const cy = (box.y + box.height / 2) * map.scale;
  for (const id of objects) {
    const [x0, y0, x1, y1] = map.bounds[id];
    if (cx > x0 && cx < x1 && cy > y0 && cy < y1) return 0.75;
  }
  return 0;
}

/** 0.5 for a line turned with its surface, 1 when its ink also bends or tapers; 0 for a level line. */
function geometryScore(image: RgbaImage, line: TextLine): number {
  const degrees = Math.abs((polygonAngle(line.polygon) * 180) / Math.PI);
  if (degrees < TURNED_FROM) return 0;
  const shape = lineShape(image, line.polygon);
  return shape.bend >= 0.12 || shape.taper >= 0.2 ? 1 : 0.5;
}

function lineHeight(line: TextLine): number {
  const box = frameBox(line.polygon, polygonAngle(line.polygon));
  return Math.max(1, Math.min(box.v1 - box.v0, box.u1 - box.u0));
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
