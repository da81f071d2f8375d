import { describe, expect, it } from 'vitest';
import type { Polygon } from '@glossa/core';
import { mergeLineBoxes } from '../../src/ocr/paddle/line-merge.js';
import { padCrop } from '../../src/ocr/paddle/rec-crop.js';
import { cropGeometry } from '@glossa/core';

/** An axis-aligned detection box. */
const box = (x0: number, y0: number, x1: number, y1: number, score = 0.9) => ({
  polygon: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] as Polygon,
  score,
});

/** The same box turned by `degrees` about `(cx, cy)`. */
function turned(b: { polygon: Polygon; score: number }, degrees: number, cx: number, cy: number) {
  const a = (degrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return { ...b, polygon: b.polygon.map(([x, y]) => [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c]) as Polygon };
}

const rounded = (p: Polygon) => p.map(([x, y]) => [Math.round(x), Math.round(y)]);

describe('mergeLineBoxes', () => {
  it('joins a line split where its characters change size ("领券满" | "198" | "减30")', () => {
    const merged = mergeLineBoxes([box(28, 146, 186, 195, 0.8), box(190, 134, 335, 196, 1), box(317, 131, 489, 201, 1), box(141, 221, 386, 253)]);
    expect(merged).toHaveLength(2);
    expect(rounded(merged[0].polygon)).toEqual([[28, 131], [489, 131], [489, 201], [28, 201]]);
    expect(merged[0].score).toBeGreaterThan(0.8);
    expect(merged[0].score).toBeLessThan(1);
    // The line below is a line of its own.
    expect(merged[1]).toEqual(box(141, 221, 386, 253));
  });

  it('joins a small mark at the end of a line (a ">" detected on its own)', () => {
    expect(mergeLineBoxes([box(44, 321, 150, 347), box(145, 325, 169, 340)]).map((b) => rounded(b.polygon))).toEqual([[[44, 321], [169, 321], [169, 347], [44, 347]]]);
  });

  it('joins the pieces of a slanted line in its own frame', () => {
    const merged = mergeLineBoxes([turned(box(100, 100, 200, 130), 10, 100, 100), turned(box(210, 100, 300, 130), 10, 100, 100)]);
    expect(merged).toHaveLength(1);
    for (const [i, [x, y]] of turned(box(100, 100, 300, 130), 10, 100, 100).polygon.entries()) {
      expect(Math.abs(merged[0].polygon[i][0] - x)).toBeLessThanOrEqual(1);
      expect(Math.abs(merged[0].polygon[i][1] - y)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the columns of a table apart', () => {
    // Three columns of rows 20 px high, 30 px or more apart: no row is joined across columns.
    const rows = [0, 30, 60, 90].flatMap((y) => [box(10, y, 120, y + 20), box(150, y, 210, y + 20), box(240, y, 300, y + 20)]);
    expect(mergeLineBoxes(rows)).toEqual(rows);
  });

  it('keeps apart boxes that are not on one line', () => {
    const cases = [
      // One line above the other, touching.
      [box(0, 0, 100, 20), box(0, 22, 100, 42)],
      // Half a line lower: less than 0.7 of the shorter box overlaps.
      [box(0, 0, 100, 20), box(105, 8, 200, 28)],
      // Heights 2.2x apart (a headline and a caption beside it).
      [box(0, 0, 100, 44), box(105, 12, 160, 32)],
      // Small print beside a headline, level with its foot (centre lines 0.27 heights apart).
      [box(227, 97, 424, 128), box(439, 114, 480, 130)],
      // Different angles.
      [box(0, 0, 100, 20), turned(box(105, 0, 205, 20), 20, 105, 10)],
      // Two vertical columns of CJK side by side.
      [box(0, 0, 30, 200), box(34, 0, 64, 200)],
    ];
    for (const pair of cases) expect(mergeLineBoxes(pair)).toEqual(pair);
  });

  it('rounds joined boxes to whole pixels and clips them to the image', () => {
    const merged = mergeLineBoxes([turned(box(0, 0, 100, 30), 10, 0, 0), turned(box(110, 0, 200, 30), 10, 0, 0)], { imageWidth: 180, imageHeight: 400 });
    for (const [x, y] of merged[0].polygon) {
      expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(179);
    }
  });

  it('leaves zero and one box alone', () => {
    expect(mergeLineBoxes([])).toEqual([]);
    expect(mergeLineBoxes([box(0, 0, 10, 10)])).toEqual([box(0, 0, 10, 10)]);
  });
});

describe('padCrop', () => {
  it('widens a crop along its reading direction, clipped at the image edge', () => {
    const crop = cropGeometry([[5, 10], [105, 10], [105, 30], [5, 30]]);
    const padded = padCrop(crop, 0.5, 200, 100);
    // 10 px wanted on each side; only 5 px of image on the left.
    expect(rounded(padded.quad)).toEqual([[0, 10], [115, 10], [115, 30], [0, 30]]);
    expect(padded.width).toBeCloseTo(115);
    expect(padded.height).toBe(20);
    expect(padCrop(crop, 0, 200, 100)).toBe(crop);
  });
  it('pads a vertical column along the column', () => {
    const padded = padCrop(cropGeometry([[10, 20], [40, 20], [40, 220], [10, 220]]), 0.5, 100, 300);
    // Reading order runs down the column: the crop grows 15 px above and below.
    expect(rounded(padded.quad)).toEqual([[40, 5], [40, 235], [10, 235], [10, 5]]);
  });
});
