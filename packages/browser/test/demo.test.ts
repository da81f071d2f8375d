// The demo's whole flow in headless Chromium: build it with Vite, serve the
// build on 127.0.0.1, pick an image, translate it with a translation script,
// check the three panels, edit a translation and re-render, download PNG and
// PSD. A screenshot is kept under test-output/browser/ for people to look at.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeImage } from '@glossa/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drawText } from '../../node/test/helpers/draw-text.js';
import { describeInChromium, launchChromium, REPO, serveStatic, TEST_OUTPUT, type Chromium, type StaticServer } from './helpers/chromium.js';

const SCRIPT = { 限时特价: 'Limited offer', 全场包邮: 'Free shipping', 新品上市: 'New arrivals' };

describeInChromium('browser demo (examples/browser-demo) end to end', () => {
  let browser: Chromium;
  let server: StaticServer;
  const dist = join(TEST_OUTPUT, 'demo-dist');
  const imagePath = join(TEST_OUTPUT, 'demo-input.png');

  beforeAll(async () => {
    mkdirSync(TEST_OUTPUT, { recursive: true });
    rmSync(dist, { recursive: true, force: true });
    const { image } = drawText(
      480,
      300,
      [
        { text: '限时特价', x: 40, y: 30, size: 48, lang: 'zh', color: '#b71c1c' },
        { text: '全场包邮', x: 40, y: 130, size: 40, lang: 'zh', color: '#0d47a1' },
        { text: '新品上市', x: 250, y: 220, size: 36, lang: 'zh', color: '#1b5e20' },
      ],
      'gradient',
      11,
    );
    writeFileSync(imagePath, await encodeImage(image, 'png'));
    const { build } = await import('vite');
    process.env.GLOSSA_DEMO_ASSETS = 'link';
    await build({
      configFile: join(REPO, 'examples', 'browser-demo', 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: dist, emptyOutDir: true },
    });
    server = await serveStatic({ '/': dist });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads, translates a picked image with a script, re-renders an edit, downloads PNG and PSD', async () => {
    const page = await browser.open(`${server.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    expect(await page.textContent('#status')).toContain('Ready');

    await page.setInputFiles('#files', imagePath);
    await page.selectOption('#lang', 'en');
    await page.selectOption('#translator', 'script');
    await page.fill('#script', JSON.stringify(SCRIPT));
    await page.click('#translate');

    const card = page.locator('.result').first();
    await card.locator('.translated img').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.result .translated img');
      return !!img && img.complete && img.naturalWidth > 0 && /Done/.test(document.querySelector('#status')!.textContent ?? '');
    }, undefined, { timeout: 180_000 });
    const translations = await card.locator('textarea[data-block]').evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value));
    console.log('demo translations:', JSON.stringify(translations));
    expect(translations.join(' | ')).toContain('Limited offer');
    expect(translations.join(' | ')).toContain('Free shipping');
    expect(translations.join(' | ')).toContain('New arrivals');
    expect(await card.locator('.outlines polygon').count()).toBe(translations.length);
    const erased = await card.locator('.erased canvas').evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(erased).toEqual([480, 300]);

    // Edit one translation and re-render without OCR.
    const first = card.locator('textarea[data-block]').first();
    await first.fill('Sale today');
    await card.locator('button.rerender').click();
    await page.waitForSelector('.result[data-rendered="2"]', { timeout: 60_000 });
    expect(await card.locator('textarea[data-block]').first().inputValue()).toBe('Sale today');

    const screenshot = join(TEST_OUTPUT, 'demo.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`demo screenshot: ${screenshot}`);

    const [png] = await Promise.all([page.waitForEvent('download'), card.locator('button.download-png').click()]);
    const pngPath = join(TEST_OUTPUT, 'demo-download.png');
    await png.saveAs(pngPath);
    const meta = await sharp(pngPath).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 480, 300]);
    // The download is the translation, not the input: pixels differ where text was replaced.
    const [a, b] = await Promise.all([sharp(pngPath).raw().toBuffer(), sharp(imagePath).raw().toBuffer()]);
    let changed = 0;
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 40) changed++;
    expect(changed / a.length).toBeGreaterThan(0.01);

    const [psd] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), card.locator('button.download-psd').click()]);
    const psdPath = join(TEST_OUTPUT, 'demo-download.psd');
    await psd.saveAs(psdPath);
    expect(readFileSync(psdPath).subarray(0, 4).toString('latin1')).toBe('8BPS');
    expect(psd.suggestedFilename()).toBe('demo-input.translated.psd');
    expect(browser.errors).toEqual([]);
  }, 400_000);
});
