import { toGray, type Rect, type RgbaImage } from '../image/rgba-image.js';

/**
 * Panels of a comic page in manga reading order (right to left, top to
 * bottom), by recursive cuts along gutters: rows or columns that are almost
 * all light across the whole current region. Horizontal gutters split a
 * region into strips read top to bottom; vertical gutters split a strip into
 * panels read right to left; each piece is cut again until no gutter is left.
 *
 * @param image - the page
 * @returns the panels as rectangles; the whole page when it has no gutters
 * @example
 * ```ts
 * const panels = findPanels(page); // [{ x: 420, y: 0, width: 410, height: 560 }, ...]
 * ```
 */
export function findPanels(image: RgbaImage): Rect[] {
  const { width, height } = image;
  const gray = toGray(image);
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = gray[i] < 200 ? 1 : 0;
  const minGap = Math.max(3, Math.round(0.004 * Math.max(width, height)));
  const out: Rect[] = [];
  const cut = (r: Rect, depth: number) => {
    const strips = depth > 6 ? [r] : split(ink, width, r, 'rows', minGap);
    if (strips.length > 1) return strips.forEach((s) => cut(s, depth + 1));
    const columns = depth > 6 ? [r] : split(ink, width, r, 'columns', minGap);
    if (columns.length > 1) return columns.reverse().forEach((s) => cut(s, depth + 1));
    out.push(r);
  };
  cut({ x: 0, y: 0, width, height }, 0);
  return out;
}

/** Splits `r` at runs of at least `minGap` light rows (or columns), dropping the gutters themselves. */
function split(ink: Uint8Array, stride: number, r: Rect, along: 'rows' | 'columns', minGap: number): Rect[] {
  const n = along === 'rows' ? r.height : r.width;
  const across = along === 'rows' ? r.width : r.height;
  // A gutter may cross a stray line or speck: up to 1% ink.
  const limit = Math.max(1, Math.floor(0.01 * across));
  const busy = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < across && count <= limit; j++) {
      const x = along === 'rows' ? r.x + j : r.x + i;
      const y = along === 'rows' ? r.y + i : r.y + j;
      count += ink[y * stride + x];
    }
    busy[i] = count > limit ? 1 : 0;
  }
  const pieces: [number, number][] = [];
  let start = -1;
  let gap = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && busy[i]) {
      if (start < 0) start = i;
      else if (gap >= minGap) {
        pieces.push([start, i - gap]);
        start = i;
      }
      gap = 0;
    } else gap++;
  }
  if (start >= 0) pieces.push([start, n - gap]);
  // Slivers (a page number, a trimmed edge) are not panels: keep them with a neighbour.
  const minSize = 0.05 * n;
  const merged: [number, number][] = [];
  for (const p of pieces) {
    const last = merged.at(-1);
    if (last && (p[1] - p[0] < minSize || last[1] - last[0] < minSize)) last[1] = p[1];
    else merged.push([...p]);
  }
  return merged.map(([a, b]) => (along === 'rows' ? { x: r.x, y: r.y + a, width: r.width, height: b - a } : { x: r.x + a, y: r.y, width: b - a, height: r.height }));
}

/**
 * Sorts items in manga reading order: by panel (in the order of `panels`;
 * an item belongs to the panel holding its centre), then within a panel top
 * to bottom by row (items whose vertical extents overlap by half share a row)
 * and right to left within a row.
 *
 * @param items - things with a rectangle
 * @param panels - panels in reading order (see {@link findPanels})
 * @example
 * ```ts
 * const ordered = orderBubbles(bubbles.map((b) => ({ ...b, rect: b.textArea })), findPanels(page));
 * ```
 */
export function orderBubbles<T extends { rect: Rect }>(items: readonly T[], panels: readonly Rect[]): T[] {
  const panelOf = (r: Rect) => {
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    const i = panels.findIndex((p) => cx >= p.x && cx < p.x + p.width && cy >= p.y && cy < p.y + p.height);
    return i < 0 ? panels.length : i;
  };
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const p = panelOf(item.rect);
    groups.set(p, [...(groups.get(p) ?? []), item]);
  }
  const out: T[] = [];
  for (const p of [...groups.keys()].sort((a, b) => a - b)) {
    const rows: T[][] = [];
    for (const item of [...groups.get(p)!].sort((a, b) => a.rect.y - b.rect.y)) {
      const row = rows.find((rw) => rw.some((o) => overlap(o.rect, item.rect) >= 0.5));
      if (row) row.push(item);
      else rows.push([item]);
    }
    for (const row of rows) out.push(...row.sort((a, b) => b.rect.x + b.rect.width - (a.rect.x + a.rect.width)));
  }
  return out;
}

/** Vertical overlap of two rectangles over the shorter one's height. */
function overlap(a: Rect, b: Rect): number {
  const o = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return o / Math.max(1, Math.min(a.height, b.height));
}
