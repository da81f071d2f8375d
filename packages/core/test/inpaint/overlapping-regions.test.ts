import { describe, expect, it } from 'vitest';
import { createImage, createMask, type Mask, type RgbaImage } from '../../src/image/rgba-image.js';
import { createClassicalInpainter } from '../../src/inpaint/classical.js';
import { fillIfUniform, maskRegions } from '../../src/inpaint/regions.js';

/** A vertical ramp: linear, so a fill with context on every side reproduces it. */
function ramp(w: number, h: number): RgbaImage {
  const img = createImage(w, h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      img.data.set([60 + 1.2 * y, 200 - 0.8 * y, 90 + 0.5 * y, 255], o);
    }
  return img;
}

function markRect(mask: Mask, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) mask.data.fill(255, y * mask.width + x0, y * mask.width + x1);
}

function maxErrorIn(a: RgbaImage, b: RgbaImage, x0: number, y0: number, x1: number, y1: number): number {
  let m = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++)
      for (let c = 0; c < 3; c++) m = Math.max(m, Math.abs(a.data[(y * a.width + x) * 4 + c] - b.data[(y * b.width + x) * 4 + c]));
  return m;
}

describe('regions whose crops overlap', () => {
  // A wide block, and below it (farther than the merge distance, inside the block's context margin) a small one.
  const clean = ramp(200, 160);
  const mask = createMask(200, 160);
  markRect(mask, 20, 20, 180, 60);
  markRect(mask, 40, 72, 100, 92);
  const image = ramp(200, 160);
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) image.data.set([250, 250, 250], i * 4);

  it('reports each region with the box of its own pixels', () => {
    const regions = maskRegions(mask);
    expect(regions.map((r) => r.own)).toEqual([{ x: 20, y: 20, width: 160, height: 40 }, { x: 40, y: 72, width: 60, height: 20 }]);
    // The first crop reaches into the second region.
    expect(regions[0].crop.y + regions[0].crop.height).toBeGreaterThan(72);
  });

  it('fills each region from its own crop, not from a neighbour crop that cuts through it', async () => {
    // Before, the block's crop filled the top rows of the small hole with its crop edge as a free border.
    const out = await createClassicalInpainter({ fastPath: false }).inpaint(image, mask);
    expect(maxErrorIn(out, clean, 40, 72, 100, 92)).toBeLessThanOrEqual(2);
    expect(maxErrorIn(out, clean, 20, 20, 180, 60)).toBeLessThanOrEqual(2);
  });

  it('lets the fast path write only the pixels inside `within`', () => {
    const copy = ramp(200, 160);
    copy.data.set(image.data);
    const [first, second] = maskRegions(mask);
    expect(fillIfUniform(copy, mask, first.crop, { within: first.own, grain: 0 })).toBe(true);
    // The neighbour's pixels are untouched until their own turn.
    expect(maxErrorIn(copy, image, 40, 72, 100, 92)).toBe(0);
    expect(fillIfUniform(copy, mask, second.crop, { within: second.own, grain: 0 })).toBe(true);
    expect(maxErrorIn(copy, clean, 0, 0, 200, 160)).toBeLessThanOrEqual(1);
  });
});
