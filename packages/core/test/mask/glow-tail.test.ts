import { describe, expect, it } from 'vitest';
import { createImage } from '../../src/image/rgba-image.js';
import { glowTailReach } from '../../src/mask/glow-tail.js';
import { PixelRole } from '../../src/mask/line-segment.js';

/**
 * A 40 px tall bar (the line's mask so far) on a diagonal gradient, with a
 * tail of `tail` pixels around it fading from 12 levels to nothing: what a
 * glow leaves past the segmentation.
 */
function scene(tail: number, options: { bokeh?: boolean; plateMargin?: number } = {}) {
  const w = 320, h = 120;
  const image = createImage(w, h);
  const mask = new Uint8Array(w * h);
  const roles = new Uint8Array(w * h).fill(PixelRole.Ring);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const inBar = x >= 60 && x < 260 && y >= 40 && y < 80;
      if (inBar) mask[i] = 1;
      const d = Math.max(60 - x, x - 259, 40 - y, y - 79, 0);
      let v = 80 + 0.2 * x + 0.3 * y;
      if (options.bokeh) v += 30 * Math.sin(x / 5) * Math.cos(y / 4);
      if (options.plateMargin !== undefined && d <= options.plateMargin) v += 90;
      const glow = !inBar && d <= tail ? 12 * (1 - (d - 1) / tail) : 0;
      image.data.set([v + glow, v + glow, Math.min(255, v + 40 + glow), 255], i * 4);
    }
  return { image, mask, roles, w, h };
}

describe('glowTailReach', () => {
  it('follows a faint tail on a gradient to where it fades into the background', () => {
    const { image, mask, roles, w, h } = scene(6);
    const reach = glowTailReach(image, 0, 0, w, h, mask, roles, 10, 40);
    // 12 levels at 1 px down to 2 at 6 px (RGB distance 3.5): the last ring over 1.5 levels is the 5th or 6th.
    expect(reach).toBeGreaterThanOrEqual(4);
    expect(reach).toBeLessThanOrEqual(6);
  });

  it('reads nothing past a crisp edge', () => {
    const { image, mask, roles, w, h } = scene(0);
    expect(glowTailReach(image, 0, 0, w, h, mask, roles, 10, 40)).toBe(0);
  });

  it('does not follow a tail on a busy background, where it cannot be told from the background', () => {
    const { image, mask, roles, w, h } = scene(6, { bokeh: true });
    expect(glowTailReach(image, 0, 0, w, h, mask, roles, 10, 40)).toBe(0);
  });

  it('does not grow over a plate the text sits on', () => {
    // A plate reaching 8 px out: the rings next to the bar are far off the plane, no faint tail.
    const tight = scene(6, { plateMargin: 8 });
    expect(glowTailReach(tight.image, 0, 0, tight.w, tight.h, tight.mask, tight.roles, 10, 40)).toBe(0);
    // A plate reaching 13 px out: the far band (12..17 px) straddles its rim, so its median residual is
    // small but its mean is not.
    const wide = scene(6, { plateMargin: 13 });
    expect(glowTailReach(wide.image, 0, 0, wide.w, wide.h, wide.mask, wide.roles, 10, 40)).toBe(0);
  });
});
