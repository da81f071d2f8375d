import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeImage } from '@glossa/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngineHarness } from './helpers/engine-harness.js';
import { drawText } from '../../node/test/helpers/draw-text.js';
import {
  describeInChromium,
  TEST_OUTPUT,
  type Chromium,
  type StaticServer,
} from './helpers/chromium.js';

describeInChromium('createBrowserGlossa in Chromium', () => {
  let browser: Chromium;
  let server: StaticServer;
  const dir = join(TEST_OUTPUT, 'translator');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const { image } = drawText(
      360,
      120,
      [
        { text: '限时特价', x: 20, y: 16, size: 34, lang: 'zh' },
        { text: '全场包邮', x: 20, y: 70, size: 30, lang: 'zh' },
      ],
      'flat',
      3,
    );
    writeFileSync(join(dir, 'sample.png'), await encodeImage(image, 'png'));
    ({ server, browser } = await startEngineHarness(dir, 'translator'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('translates with a translation script in a worker, erases, lays out and renders', async () => {
    const page = await browser.open(`${server.url}/pages/translator.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    expect(await page.evaluate('glossaTest.open(false === true)')).toBe('wasm');
    const r = (await page.evaluate(`glossaTest.translateWithMap({ '限时特价': 'Limited offer', '全场包邮': 'Free shipping' })`)) as {
      type: string;
      size: number[];
      blocks: Array<{ source: string; translation?: string; layout: boolean; flags: Record<string, unknown> }>;
      background: number[];
      progress: string[];
    };
    console.log('worker result:', JSON.stringify(r.blocks));
    expect(r.type).toBe('image/png');
    expect(r.size).toEqual([360, 120]);
    expect(r.background).toEqual([360, 120, 360 * 120 * 4]);
    const translations = r.blocks.map((b) => b.translation).join(' | ');
    expect(translations).toContain('Limited offer');
    expect(translations).toContain('Free shipping');
    expect(r.blocks.every((b) => b.layout)).toBe(true);
    expect(r.progress).toContain('ocr:start');
    expect(r.progress).toContain('encode:end');
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it('asks a Translator plugin on the page, over the worker boundary', async () => {
    const page = await browser.open(`${server.url}/pages/translator.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    await page.evaluate('glossaTest.open(false)');
    const r = (await page.evaluate('glossaTest.translateWithPlugin()')) as { seen: string[]; translations: string[]; type: string };
    expect(r.type).toBe('application/json');
    expect(r.seen.length).toBeGreaterThan(0);
    expect(r.translations).toEqual(r.seen.map((t) => t.toUpperCase()));
  }, 180_000);

  it('cancels through AbortSignal inside the worker, and re-renders an edited page as PSD without OCR', async () => {
    const page = await browser.open(`${server.url}/pages/translator.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    await page.evaluate('glossaTest.open(false)');
    const aborted = (await page.evaluate('glossaTest.abortMidway()')) as { code: string };
    expect(aborted.code).toBe('ABORTED');
    const r = (await page.evaluate(`glossaTest.rerender('Edited by hand')`)) as { type: string; bytes: number; laidOut: string };
    expect(r.type).toBe('image/vnd.adobe.photoshop');
    expect(r.bytes).toBeGreaterThan(1000);
    expect(r.laidOut.replace(/\s+/g, ' ')).toBe('Edited by hand');
  }, 180_000);

  it('stops drawing a page of many blocks part-way when the signal fires', async () => {
    const page = await browser.open(`${server.url}/pages/translator.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    // Without an abort the page draws to the end; with one, the draw loop gives the timer a turn and stops.
    expect(await page.evaluate('glossaTest.abortDrawing()')).toEqual({ whole: [1200, 1600], outcome: 'ABORTED' });
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it('runs inline (worker: false) through the same engine', async () => {
    const page = await browser.open(`${server.url}/pages/translator.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    expect(await page.evaluate('glossaTest.open(true)')).toBe('wasm');
    type Blocks = { blocks: Array<{ translation?: string; flags: { untranslated?: boolean } }> };
    const r = (await page.evaluate(`glossaTest.translateWithMap({ '限时特价': 'Limited offer', '全场包邮': 'Free shipping' })`)) as Blocks;
    expect(r.blocks.map((b) => b.translation)).toEqual(['Limited offer Free shipping']);
    // A script that matches nothing leaves the text alone: untranslated, so not erased.
    const none = (await page.evaluate(`glossaTest.translateWithMap({ '不相关的文字': 'Unrelated' })`)) as Blocks;
    expect(none.blocks.every((b) => b.flags.untranslated && b.translation === undefined)).toBe(true);
    await page.evaluate('glossaTest.dispose()');
  }, 180_000);
});
