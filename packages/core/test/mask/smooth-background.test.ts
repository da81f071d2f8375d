import { describe, expect, it } from 'vitest';
import { fitSmoothBackground } from '../../src/mask/smooth-background.js';

describe('fitSmoothBackground', () => {
  it('recovers a linear gradient from a ring of pixels, unmoved by a few bright specks in it', () => {
    const w = 120, h = 80;
    const data = new Uint8ClampedArray(w * h * 4);
    const truth = (x: number, y: number): number[] => [40 + 1.2 * x, 200 - 1.5 * y, 90 + 0.5 * x - 0.4 * y];
    const ring: number[] = [];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const c = truth(x, y);
        // Specks (5 % of the ring): lights in the surroundings that a plain least-squares fit would follow.
        const speck = (x * 7 + y * 13) % 20 === 0;
        data.set([speck ? 255 : c[0], speck ? 255 : c[1], speck ? 255 : c[2], 255], i * 4);
        if (x < 15 || x >= w - 15 || y < 12 || y >= h - 12) ring.push(i);
      }
    const model = fitSmoothBackground(data, w, ring)!;
    // Inside the ring (where it was not sampled) the plane predicts the gradient to within rounding.
    for (const [x, y] of [[61, 40], [31, 21], [91, 59]]) {
      const got = model.colourAt(y * w + x);
      truth(x, y).forEach((v, ch) => expect(Math.abs(got[ch] - v)).toBeLessThan(1.5));
      expect(model.residual(y * w + x)).toBeLessThan(2);
    }
    expect(fitSmoothBackground(data, w, ring.slice(0, 10))).toBeUndefined();
    // Pixels all on one row leave the vertical slope undetermined.
    expect(fitSmoothBackground(data, w, Array.from({ length: 50 }, (_, x) => x))).toBeUndefined();
  });
});
