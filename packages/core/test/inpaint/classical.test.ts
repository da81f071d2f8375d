import { describe, expect, it } from 'vitest';
import { drawText, type Background } from '../../../node/test/helpers/draw-text.js';
import { createClassicalInpainter, TEXTURED_FILLS } from '../../src/inpaint/classical.js';
import { buildTextMask } from '../../src/mask/text-mask.js';
import { createMask } from '../../src/image/rgba-image.js';
import { psnr } from './helpers/psnr.js';

const specs = [
  { text: '限时特惠 Sale 50%', x: 30, y: 40, size: 48, color: '#c0102a' },
  { text: 'Free shipping today', x: 40, y: 150, size: 28, color: '#ffffff', stroke: { color: '#202020', width: 4 } },
  { text: '新品上市', x: 400, y: 210, size: 36, color: '#203080' },
];

describe('createClassicalInpainter', () => {
  // Measured (in-mask PSNR): flat 99, gradient 53.6, noise 29, photo ~26 (input 11-13 dB).
  const bounds: Record<Background, number> = { white: 40, flat: 40, gradient: 35, noise: 24, photo: 21 };
  for (const bg of ['flat', 'gradient', 'noise', 'photo'] as const) {
    for (const textured of ['directional', 'membrane', 'exemplar'] as const) {
      it(`erases text drawn on a ${bg} background (${textured}) within ${bounds[bg]} dB in the mask`, async () => {
        const syn = drawText(600, 300, specs, bg, 3);
        const mask = buildTextMask(syn.image, syn.lines);
        const out = await createClassicalInpainter({ textured }).inpaint(syn.image, mask);
        const before = psnr(syn.image, syn.background, mask);
        const after = psnr(out, syn.background, mask);
        expect(after).toBeGreaterThan(bounds[bg]);
        expect(after).toBeGreaterThan(before + 8);
        // Outside the mask nothing changes.
        for (let i = 0; i < mask.data.length; i++) if (!mask.data[i]) expect(out.data[i * 4]).toBe(syn.image.data[i * 4]);
      });
    }
  }

  it('returns an unchanged copy for an empty mask and validates its inputs', async () => {
    const syn = drawText(80, 40, [], 'flat');
    const inpainter = createClassicalInpainter();
    const out = await inpainter.inpaint(syn.image, createMask(80, 40));
    expect(out.data).toEqual(syn.image.data);
    expect(out.data).not.toBe(syn.image.data);
    await expect(inpainter.inpaint(syn.image, createMask(81, 40))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => createClassicalInpainter({ patchSize: 8 })).toThrow(/patchSize/);
    expect(() => createClassicalInpainter({ textured: 'x' as never })).toThrow(/textured/);
  });

  it('stops with ABORTED when the signal is aborted', async () => {
    const syn = drawText(200, 100, [{ text: 'Abort', x: 10, y: 20, size: 40 }], 'photo');
    const controller = new AbortController();
    controller.abort();
    await expect(createClassicalInpainter().inpaint(syn.image, buildTextMask(syn.image, syn.lines), { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  /**
   * One large region (a title across a whole photo) used to hold the thread
   * until it was filled: the abort, due at the event loop's next turn, only
   * landed once the image was done. The fills now give the event loop a turn
   * every few milliseconds inside a region. No region boundary is crossed
   * here (one region, and the loop yields before it only after its first
   * 10 ms), so the rejection comes from inside the fill.
   */
  for (const textured of TEXTURED_FILLS) {
    it(`stops with ABORTED inside one large region (${textured})`, async () => {
      const syn = drawText(900, 420, [{ text: '全场五折 SALE', x: 20, y: 120, size: 150, color: '#ffffff' }], 'photo');
      const mask = createMask(900, 420);
      // One solid region over most of the photo.
      for (let y = 60; y < 380; y++) mask.data.fill(255, y * 900 + 20, y * 900 + 880);
      const controller = new AbortController();
      setImmediate(() => controller.abort());
      await expect(createClassicalInpainter({ textured }).inpaint(syn.image, mask, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    });
  }
});
