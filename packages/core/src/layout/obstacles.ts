// The rectangles a block's region may not grow into (the other blocks' source
// regions and layouts), bucketed in a uniform grid over the page so that a
// strip is tested against its neighbours only. With a plain list every strip
// of every block was tested against every other block: quadratic in the
// number of blocks (10k blocks took minutes).
import type { Rect } from '../image/rgba-image.js';
import { overlaps } from './grow.js';

/** @internal */
export class ObstacleGrid {
  private readonly cells = new Map<number, Set<number>>();
  private readonly rects: Rect[][] = [];
  private readonly columns: number;
  private readonly rows: number;
  private readonly cell: number;

  /**
   * @param width - page width
   * @param height - page height
   * @param owners - how many owners (blocks) will add rectangles; sizes the cells
   */
  constructor(width: number, height: number, owners: number) {
    // About one owner per cell on an evenly filled page, and never cells so small that a big rectangle fills thousands.
    this.cell = Math.max(16, Math.ceil(Math.sqrt((width * height) / Math.max(1, owners))));
    this.columns = Math.ceil(width / this.cell) + 2;
    this.rows = Math.ceil(height / this.cell) + 2;
  }

  /** Replaces the rectangles of `owner`. */
  set(owner: number, rects: readonly Rect[]): void {
    for (const key of this.keysOf(this.rects[owner] ?? [])) this.cells.get(key)?.delete(owner);
    this.rects[owner] = rects.slice();
    for (const key of this.keysOf(rects)) {
      let owners = this.cells.get(key);
      if (!owners) this.cells.set(key, (owners = new Set()));
      owners.add(owner);
    }
  }

  /** Whether `rect` overlaps a rectangle of any owner but `except`. */
  blocks(rect: Rect, except: number): boolean {
    for (const key of this.keysOf([rect])) {
      for (const owner of this.cells.get(key) ?? []) {
        if (owner !== except && this.rects[owner].some((r) => overlaps(rect, r))) return true;
      }
    }
    return false;
  }

  private *keysOf(rects: readonly Rect[]): Generator<number> {
    for (const r of rects) {
      // Cells are clamped to one ring around the page: rectangles off the image share the border cells.
      const cx0 = this.index(r.x, this.columns);
      const cx1 = this.index(r.x + r.width, this.columns);
      const cy0 = this.index(r.y, this.rows);
      const cy1 = this.index(r.y + r.height, this.rows);
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) yield cy * this.columns + cx;
    }
  }

  private index(v: number, count: number): number {
    return Math.min(count - 1, Math.max(0, Math.floor(v / this.cell) + 1));
  }
}
