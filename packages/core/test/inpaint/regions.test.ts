import { describe, expect, it } from 'vitest';
import { createImage, createMask, type RgbaImage } from '../../src/image/rgba-image.js';
import { fillIfUniform, findMaskRegions } from '../../src/inpaint/regions.js';
import { maskFromPolygons } from '../../src/mask/mask-ops.js';
import { rectToPolygon } from '../../src/page/geometry.js';

function gradientImage(w: number, h: number, noise = 0): RgbaImage {
  const img = createImage(w, h);
  let s = 7;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = noise ? ((s >>> 8) / 2 ** 24 - 0.5) * noise : 0;
      const o = (y * w + x) * 4;
      img.data[o] = 40 + x * 0.8 + n;
      img.data[o + 1] = 200 - y * 0.5 + n;
      img.data[o + 2] = 90 + n;
      img.data[o + 3] = 255;
    }
  return img;
}

function maxAbsDiff(a: RgbaImage, b: RgbaImage): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

describe('findMaskRegions', () => {
  it('merges glyph components of one line and keeps distant lines apart, with a margin', () => {
    const mask = maskFromPolygons(300, 200, [
      rectToPolygon({ x: 20, y: 20, width: 10, height: 20 }),
      rectToPolygon({ x: 34, y: 20, width: 10, height: 20 }),
      rectToPolygon({ x: 48, y: 22, width: 10, height: 18 }),
      rectToPolygon({ x: 200, y: 150, width: 40, height: 20 }),
    ]);
    const regions = findMaskRegions(mask, { margin: 5, relativeMargin: 0, mergeDistance: 6 });
    expect(regions).toHaveLength(2);
    expect(regions).toContainEqual({ x: 15, y: 15, width: 48, height: 30 });
    expect(regions).toContainEqual({ x: 195, y: 145, width: 50, height: 30 });
  });

  it('clips margins to the image and returns nothing for an empty mask', () => {
    expect(findMaskRegions(createMask(50, 50))).toEqual([]);
    const mask = maskFromPolygons(50, 50, [rectToPolygon({ x: 0, y: 0, width: 5, height: 5 })]);
    expect(findMaskRegions(mask, { margin: 10 })).toEqual([{ x: 0, y: 0, width: 15, height: 15 }]);
  });

  it('rejects negative options with INVALID_INPUT naming the option', () => {
    expect(() => findMaskRegions(createMask(5, 5), { margin: -1 })).toThrow(/margin/);
  });
});

describe('fillIfUniform', () => {
  it('restores a linear gradient almost exactly and touches nothing outside the mask', () => {
    const clean = gradientImage(120, 80);
    const img = gradientImage(120, 80);
    const rect = { x: 40, y: 30, width: 30, height: 15 };
    for (let y = rect.y; y < rect.y + rect.height; y++)
      for (let x = rect.x; x < rect.x + rect.width; x++) img.data.set([0, 0, 0], (y * 120 + x) * 4);
    const mask = maskFromPolygons(120, 80, [rectToPolygon(rect)]);
    const before = new Uint8ClampedArray(img.data);
    const [region] = findMaskRegions(mask);
    expect(fillIfUniform(img, mask, region)).toBe(true);
    expect(maxAbsDiff(img, clean)).toBeLessThanOrEqual(1);
    for (let i = 0; i < mask.data.length; i++) if (!mask.data[i]) expect(img.data[i * 4]).toBe(before[i * 4]);
  });

  it('accepts grain (uncorrelated noise) but refuses a structured ring', () => {
    const grainy = gradientImage(120, 80, 16);
    const mask = maskFromPolygons(120, 80, [rectToPolygon({ x: 40, y: 30, width: 30, height: 15 })]);
    const [region] = findMaskRegions(mask);
    expect(fillIfUniform(grainy, mask, region)).toBe(true);

    const stripes = gradientImage(120, 80);
    for (let y = 0; y < 80; y++) for (let x = 0; x < 120; x++) if (Math.floor(x / 6) % 2) stripes.data[(y * 120 + x) * 4] = 250;
    const copy = new Uint8ClampedArray(stripes.data);
    expect(fillIfUniform(stripes, mask, region)).toBe(false);
    expect(stripes.data).toEqual(copy);
  });

  it('throws INVALID_INPUT when the mask size differs from the image', () => {
    expect(() => fillIfUniform(createImage(4, 4), createMask(5, 4), { x: 0, y: 0, width: 4, height: 4 })).toThrow(/mask/);
  });
});
