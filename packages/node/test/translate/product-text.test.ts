import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGlossa, decodeImage, type GlossaEngine, type TranslateResult } from '@glossa/node';
// Product-like scenes drawn with the bundled fonts: a shaded bottle whose label
// curves round it beside flat ad copy; a flat banner and title over a photo.
import { makeProductScenes } from '../../../../scripts/make-product-images.mjs';

type Box = [number, number, number, number];
interface Scene {
  name: string;
  image: { width: number; height: number; data: Uint8ClampedArray };
  texts: Array<{ text: string; role: 'product' | 'copy'; box: Box }>;
}

const scenes = makeProductScenes() as Scene[];
const scene = (name: string) => scenes.find((s) => s.name === name)!;
let glossa: GlossaEngine;

beforeAll(() => {
  glossa = createGlossa({ device: 'cpu', inpainter: 'classical' });
});
afterAll(async () => {
  await glossa.dispose();
});

/** Mean absolute luma difference inside `box`. */
function lumaDiff(a: Scene['image'], b: Scene['image'], [x0, y0, x1, y1]: Box): number {
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      const luma = (d: Uint8ClampedArray) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += Math.abs(luma(a.data) - luma(b.data));
      n++;
    }
  return sum / n;
}

/** Every text of the scene translated to `EN <text>` by a translation script. */
function scriptFor(s: Scene): Record<string, string> {
  return Object.fromEntries(s.texts.map((t) => [t.text, `EN ${t.text}`]));
}

async function run(s: Scene, options: Partial<Parameters<GlossaEngine['translateImage']>[1]> = {}): Promise<{ result: TranslateResult; output: Scene['image'] }> {
  const result = await glossa.translateImage(s.image, { to: 'en', translator: scriptFor(s), format: 'png', ...options });
  return { result, output: (await decodeImage(result.image)).image };
}

const boxOf = (s: Scene, text: string) => s.texts.find((t) => t.text === text)!.box;
const blockWith = (r: TranslateResult, text: string) => r.page.blocks.find((b) => b.sourceText.replace(/\s/g, '').includes(text))!;

describe('product text', () => {
  it('keeps the label on a bottle while the title beside it is translated', async () => {
    const bottle = scene('bottle-label');
    const { result, output } = await run(bottle);
    const label = blockWith(result, '山泉');
    expect(label.role).toBe('product');
    expect(label.flags.keep).toBe(true);
    expect(label.translation).toBeUndefined();
    expect(label.roleCues!.score).toBeGreaterThan(0);
    for (const t of bottle.texts.filter((t) => t.role === 'product')) expect(lumaDiff(bottle.image, output, t.box)).toBeLessThan(4);
    const title = blockWith(result, '夏日清凉');
    expect(title.role).toBe('copy');
    expect(title.translation).toContain('EN');
    expect(lumaDiff(bottle.image, output, boxOf(bottle, '夏日清凉 第二件半价'))).toBeGreaterThan(10);
  });

  it('still translates a flat banner and a title over a photo', async () => {
    const banner = scene('banner-photo');
    const { result, output } = await run(banner);
    expect(result.page.blocks.every((b) => b.role !== 'product' && !b.flags.keep && b.translation)).toBe(true);
    for (const t of banner.texts) expect(lumaDiff(banner.image, output, t.box)).toBeGreaterThan(10);
  });

  it("translates product text too with productText: 'translate', as before", async () => {
    const bottle = scene('bottle-label');
    const { result, output } = await run(bottle, { productText: 'translate' });
    const label = blockWith(result, '山泉');
    expect(label.role).toBe('product'); // still recorded
    expect(label.flags.keep).toBeFalsy();
    expect(label.translation).toContain('EN');
    expect(lumaDiff(bottle.image, output, boxOf(bottle, '山泉'))).toBeGreaterThan(10);
  });

  it('lets a translation script force a role per text', async () => {
    const bottle = scene('bottle-label');
    const script: Record<string, unknown> = { ...scriptFor(bottle), 山泉: { translation: 'Spring', role: 'copy' }, '¥39.9': { role: 'product' } };
    const result = await glossa.translateImage(bottle.image, { to: 'en', translator: script as Record<string, string>, format: 'png' });
    const label = blockWith(result, '山泉');
    expect([label.role, label.translation, label.flags.keep]).toEqual(['copy', 'Spring', undefined]);
    const price = blockWith(result, '39.9');
    expect([price.role, price.flags.keep]).toEqual(['product', true]);
  });

  it('rejects an unknown productText with a GlossaError naming the option', async () => {
    await expect(glossa.translateImage(scene('banner-photo').image, { to: 'en', translator: 'none', productText: 'skip' as 'keep' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'productText' },
    });
  });
});
