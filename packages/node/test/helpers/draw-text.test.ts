import { describe, expect, it } from 'vitest';
import { drawText } from './draw-text.js';

describe('drawText test helper', () => {
  it('draws text inside the polygons it reports and leaves the background elsewhere', () => {
    const { image, background, lines } = drawText(400, 120, [{ text: '限时特惠 Sale', x: 20, y: 30, size: 40 }], 'white');
    const [poly] = lines.map((l) => l.polygon);
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const i = (y * image.width + x) * 4;
        if (image.data[i] === background.data[i]) continue;
        const within = x >= poly[0][0] - 2 && x <= poly[1][0] + 2 && y >= poly[0][1] - 2 && y <= poly[2][1] + 2;
        if (within) inside++;
        else outside++;
      }
    expect(inside).toBeGreaterThan(500);
    expect(outside).toBe(0);
  });
});
