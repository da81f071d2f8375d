// Parity: the same generated page through the Node engine (onnxruntime-node,
// @napi-rs/canvas) and the browser engine (onnxruntime-web in a worker,
// OffscreenCanvas in Chromium) gives the same page JSON: the pipeline is wired
// once in core, the runtimes differ only in I/O. Text measurement differs a
// little between Skia and Chromium, so fitted sizes are compared with a tolerance.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePage, type Page } from '@glossa/core';
import { createGlossa, encodeImage } from '@glossa/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drawText } from '../../node/test/helpers/draw-text.js';
// A shaded bottle whose label curves round it, beside flat ad copy (issue #18).
import { makeProductScenes } from '../../../scripts/make-product-images.mjs';
import { describeInChromium, TEST_OUTPUT, type Chromium, type StaticServer } from './helpers/chromium.js';
import { startEngineHarness } from './helpers/engine-harness.js';

const script = { 限时特价: 'Limited offer', 全场包邮: 'Free shipping', 新品上市: 'New arrivals' };

interface ProductScene {
  name: string;
  image: { width: number; height: number; data: Uint8ClampedArray };
  texts: Array<{ text: string; role: 'product' | 'copy' }>;
}
const bottle = (makeProductScenes() as ProductScene[]).find((s) => s.name === 'bottle-label')!;

describeInChromium('Node and browser engines give the same page', () => {
  let browser: Chromium;
  let server: StaticServer;
  const dir = join(TEST_OUTPUT, 'parity');
  const samplePath = join(dir, 'sample.png');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const { image } = drawText(
      420,
      220,
      [
        { text: '限时特价', x: 24, y: 18, size: 40, lang: 'zh', color: '#c0182a' },
        { text: '全场包邮', x: 24, y: 96, size: 30, lang: 'zh' },
        { text: '新品上市', x: 230, y: 160, size: 26, lang: 'zh', color: '#ffffff', stroke: { color: '#202020', width: 3 } },
      ],
      'gradient',
      7,
    );
    writeFileSync(samplePath, await encodeImage(image, 'png'));
    writeFileSync(join(dir, 'bottle.png'), await encodeImage(bottle.image, 'png'));
    ({ server, browser } = await startEngineHarness(dir, 'parity'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('compares the page JSON block by block', async () => {
    await using glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
    const node = await glossa.translateImage(samplePath, { to: 'en', translator: script, format: ['png', 'json'] });

    const tab = await browser.open(`${server.url}/pages/parity.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const web = (await tab.evaluate(`glossaTest.translate(${JSON.stringify(script)})`)) as {
      page: Page;
      json: string;
      imageType: string;
      warnings: string[];
      stages: string[];
    };
    expect(browser.errors).toEqual([]);

    // Same result shape: the first format is `image`, every format in `outputs`.
    expect(web.imageType).toBe('image/png');
    expect(parsePage(web.json)).toEqual(web.page);
    expect(parsePage(node.outputs.json!.toString('utf8'))).toEqual(node.page);
    expect(web.warnings).toEqual(node.warnings);
    expect(web.stages).toEqual(Object.keys(node.timings).sort());

    const a = node.page;
    const b = web.page;
    writeFileSync(join(dir, 'node.json'), JSON.stringify(a, null, 2));
    writeFileSync(join(dir, 'browser.json'), JSON.stringify(b, null, 2));
    expect({ width: b.width, height: b.height, targetLang: b.targetLang, blocks: b.blocks.length }).toEqual({
      width: a.width,
      height: a.height,
      targetLang: a.targetLang,
      blocks: a.blocks.length,
    });
    expect(a.blocks.length).toBe(3);
    for (let i = 0; i < a.blocks.length; i++) {
      const [x, y] = [a.blocks[i], b.blocks[i]];
      const what = `block ${i} (${x.sourceText})`;
      expect(y.sourceText, what).toBe(x.sourceText);
      expect(y.translation, what).toBe(x.translation);
      expect(y.direction, what).toBe(x.direction);
      expect(y.flags, what).toEqual(x.flags);
      // OCR on onnxruntime-web (wasm) and onnxruntime-node: the same boxes within a pixel or two.
      y.polygon.forEach(([px, py], k) => {
        expect(Math.abs(px - x.polygon[k][0]), what).toBeLessThanOrEqual(2);
        expect(Math.abs(py - x.polygon[k][1]), what).toBeLessThanOrEqual(2);
      });
      expect(y.style.color, what).toBe(x.style.color);
      expect(y.style.strokeColor, what).toBe(x.style.strokeColor);
      expect(y.style.fontWeight, what).toBe(x.style.fontWeight);
      expect(y.layout?.fontFamily, what).toBe(x.layout?.fontFamily);
      expect(y.layout?.lines.map((l) => l.text), what).toEqual(x.layout?.lines.map((l) => l.text));
      expect(Math.abs(y.layout!.fontSize - x.layout!.fontSize) / x.layout!.fontSize, what).toBeLessThan(0.05);
    }
  }, 300_000);

  it('keeps product text by default and takes productText and script roles as Node does', async () => {
    const bottleScript = Object.fromEntries(bottle.texts.map((t) => [t.text, `EN ${t.text}`]));
    const forced = { ...bottleScript, 山泉: { translation: 'Spring', role: 'copy' }, '¥39.9': { role: 'product' } };
    const label = (page: Page) => page.blocks.find((b) => b.sourceText.replace(/\s/g, '').includes('山泉'))!;
    const price = (page: Page) => page.blocks.find((b) => b.sourceText.includes('39.9'))!;
    const seen = (page: Page) => ({ label: pick(label(page)), price: pick(price(page)) });
    const pick = (b: Page['blocks'][number]) => ({ role: b.role, keep: b.flags.keep ?? false, translated: b.translation !== undefined });

    await using glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
    const file = join(dir, 'bottle.png');
    const node = [
      (await glossa.translateImage(file, { to: 'en', translator: bottleScript })).page,
      (await glossa.translateImage(file, { to: 'en', translator: bottleScript, productText: 'translate' })).page,
      (await glossa.translateImage(file, { to: 'en', translator: forced as Record<string, string> })).page,
    ];
    const nodeBad = await glossa.translateImage(file, { to: 'en', translator: 'none', productText: 'skip' as 'keep' }).catch((e) => e);

    const tab = await browser.open(`${server.url}/pages/parity.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const variants = [{}, { productText: 'translate' }, { translator: forced }, { translator: 'none', productText: 'skip' }];
    const web = (await tab.evaluate(`glossaTest.translateEach('/bottle.png', ${JSON.stringify(bottleScript)}, ${JSON.stringify(variants)})`)) as Array<{
      page?: Page;
      error?: { code: string; field: string };
    }>;
    expect(browser.errors).toEqual([]);

    // Default: the bottle's label is product text, kept (not translated, not erased).
    expect(seen(web[0].page!).label).toEqual({ role: 'product', keep: true, translated: false });
    // productText: 'translate' treats it like the ad copy, as before.
    expect(seen(web[1].page!).label).toEqual({ role: 'product', keep: false, translated: true });
    // A script entry's role wins over the classifier, both ways.
    expect(seen(web[2].page!)).toEqual({ label: { role: 'copy', keep: false, translated: true }, price: { role: 'product', keep: true, translated: false } });
    // The same as Node, page by page.
    node.forEach((page, i) => expect(seen(web[i].page!), `variant ${i}`).toEqual(seen(page)));
    // A bad value: the same GlossaError as Node's.
    expect(web[3].error).toEqual({ code: 'INVALID_INPUT', field: 'productText' });
    expect({ code: nodeBad.code, field: nodeBad.details?.field }).toEqual(web[3].error);
  }, 300_000);
});
