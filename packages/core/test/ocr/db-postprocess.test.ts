import { describe, expect, it } from 'vitest';
import { convexIou, dbPostprocess, type Polygon, type ProbabilityMap } from '@glossa/core';

/** A blank probability map. */
function blankMap(width: number, height: number): ProbabilityMap {
  return { width, height, data: new Float32Array(width * height) };
}

/** Paints `value` on every pixel whose centre lies inside the convex polygon. */
function paint(map: ProbabilityMap, polygon: Polygon, value = 0.9): void {
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      let inside = true;
      for (let i = 0; i < polygon.length && inside; i++) {
        const [ax, ay] = polygon[i];
        const [bx, by] = polygon[(i + 1) % polygon.length];
        if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) inside = false;
      }
      if (inside) map.data[y * map.width + x] = value;
    }
  }
}

/** The box DB post-processing should give for a kernel: grown by area * 1.5 / perimeter per side. */
function grown(x0: number, y0: number, x1: number, y1: number, ratio = 1.5): Polygon {
  const w = x1 - x0;
  const h = y1 - y0;
  const d = (w * h * ratio) / (2 * (w + h));
  return [[x0 - d, y0 - d], [x1 + d, y0 - d], [x1 + d, y1 + d], [x0 - d, y1 + d]];
}

describe('dbPostprocess', () => {
  it('finds one axis-aligned rectangle, grown by the unclip distance, clockwise from top-left', () => {
    const map = blankMap(100, 60);
    paint(map, [[20, 20], [80, 20], [80, 34], [20, 34]]);
    const boxes = dbPostprocess(map);
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    expect(box.score).toBeCloseTo(0.9, 5);
    // Kernel pixels 20..80 x 20..34 (centres); grown by 60*14*1.5/148 = 8.5 px each side.
    const expected = grown(20, 20, 80, 34);
    box.polygon.forEach(([x, y], i) => {
      expect(Math.abs(x - expected[i][0])).toBeLessThanOrEqual(1);
      expect(Math.abs(y - expected[i][1])).toBeLessThanOrEqual(1);
    });
  });

  it('follows a rotated rectangle', () => {
    const map = blankMap(200, 200);
    const angle = (20 * Math.PI) / 180;
    const c = [100, 100];
    const corner = (u: number, v: number): [number, number] => [
      c[0] + u * Math.cos(angle) - v * Math.sin(angle),
      c[1] + u * Math.sin(angle) + v * Math.cos(angle),
    ];
    const kernel: Polygon = [corner(-60, -10), corner(60, -10), corner(60, 10), corner(-60, 10)];
    paint(map, kernel);
    const boxes = dbPostprocess(map, { unclipRatio: 0 });
    expect(boxes).toHaveLength(1);
    expect(convexIou(boxes[0].polygon, kernel)).toBeGreaterThan(0.9);
    const [[x0, y0], [x1, y1]] = boxes[0].polygon;
    // The top edge runs along the rectangle: 20 degrees down to the right.
    expect((Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI).toBeCloseTo(20, 0);
  });

  it('keeps regions a one-pixel gap apart separate, and joins regions that touch (8-connected)', () => {
    const apart = blankMap(120, 40);
    paint(apart, [[10, 10], [50, 10], [50, 25], [10, 25]]);
    paint(apart, [[52, 10], [100, 10], [100, 25], [52, 25]]);
    const two = dbPostprocess(apart);
    expect(two).toHaveLength(2);
    expect(two[0].polygon[1][0]).toBeLessThan(two[1].polygon[0][0] + 20);
    // Side by side with no gap: one line.
    const touching = blankMap(120, 40);
    paint(touching, [[10, 10], [50, 10], [50, 25], [10, 25]]);
    paint(touching, [[51, 10], [100, 10], [100, 25], [51, 25]]);
    const [line] = dbPostprocess(touching);
    expect(dbPostprocess(touching)).toHaveLength(1);
    expect(convexIou(line.polygon, grown(10, 10, 100, 25))).toBeGreaterThan(0.9);
    // Diagonal neighbours are connected too: one region, whose box is mostly
    // empty and so fails the default box threshold but passes a low one.
    const diagonal = blankMap(120, 40);
    paint(diagonal, [[10, 10], [50, 10], [50, 25], [10, 25]]);
    paint(diagonal, [[51, 26], [100, 26], [100, 36], [51, 36]]);
    expect(dbPostprocess(diagonal, { boxThreshold: 0 })).toHaveLength(1);
  });

  it('drops regions below the pixel threshold and regions smaller than minSize', () => {
    const map = blankMap(100, 60);
    paint(map, [[10, 10], [60, 10], [60, 25], [10, 25]], 0.25); // under threshold 0.3
    paint(map, [[70, 40], [71, 40], [71, 41], [70, 41]], 0.95); // 2x2 px: short side 1 < 3
    expect(dbPostprocess(map)).toEqual([]);
    expect(dbPostprocess(map, { threshold: 0.2, boxThreshold: 0.2 })).toHaveLength(1);
  });

  it('scores boxes by the mean probability inside them (box threshold)', () => {
    const map = blankMap(100, 60);
    paint(map, [[10, 10], [60, 10], [60, 25], [10, 25]], 0.5);
    expect(dbPostprocess(map)).toEqual([]); // mean 0.5 < 0.6
    const kept = dbPostprocess(map, { boxThreshold: 0.45 });
    expect(kept).toHaveLength(1);
    expect(kept[0].score).toBeCloseTo(0.5, 5);
  });

  it('scales and offsets boxes to image coordinates and clips them to the image', () => {
    const map = blankMap(100, 60);
    paint(map, [[20, 20], [80, 20], [80, 34], [20, 34]]);
    const [box] = dbPostprocess(map, { scaleX: 2, scaleY: 3, offsetX: 5, offsetY: 7 });
    const expected = grown(20, 20, 80, 34).map(([x, y]) => [x * 2 + 5, y * 3 + 7]);
    box.polygon.forEach(([x, y], i) => {
      expect(Math.abs(x - expected[i][0])).toBeLessThanOrEqual(2);
      expect(Math.abs(y - expected[i][1])).toBeLessThanOrEqual(3);
    });
    // A region at the edge grows past it and is clipped.
    const edge = blankMap(100, 60);
    paint(edge, [[0, 0], [50, 0], [50, 12], [0, 12]]);
    const [clipped] = dbPostprocess(edge, { clipWidth: 100, clipHeight: 60 });
    for (const [x, y] of clipped.polygon) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
    }
    expect(clipped.polygon[0]).toEqual([0, 0]);
  });

  it('returns nothing for an empty map', () => {
    expect(dbPostprocess(blankMap(32, 32))).toEqual([]);
  });
});
