// The comic preset in real Chromium: a panel drawn here (balloons holding
// vertical Japanese in the bundled JP font) through createBrowserGlossa, with
// Tesseract (tesseract.js's browser build, wasm) reading the bubbles from files
// served out of node_modules. The page must match the Node engine's; the
// browser Tesseract pool's lifecycle is checked against the page's real Web Workers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parsePage, type Page } from '@glossa/core';
import { createGlossa, encodeImage } from '@glossa/node';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { drawColumn, drawPanel, insideEllipse } from '../../node/test/comic/draw-panel.js';
import { editDistance, normalise } from '../../node/test/ocr/helpers.js';
import { describeInChromium, REPO, TEST_OUTPUT, type Chromium, type StaticServer } from './helpers/chromium.js';
import { startEngineHarness } from './helpers/engine-harness.js';

const panel = drawPanel(720, 480, [
  { cx: 560, cy: 150, rx: 95, ry: 120, columns: ['今日は', 'いい天気', 'ですね'], size: 30 },
  { cx: 200, cy: 170, rx: 85, ry: 125, columns: ['本当に', 'そうだね'], size: 32 },
]);
const script = { 今日はいい天気ですね: 'Nice weather today, isn’t it?', 本当にそうだね: 'It really is.' };
/** The reading of each balloon, over all its characters (the same bound as the Node comic test). */
const MAX_CER = 0.2;

const cer = (truth: string, read: string) => editDistance(normalise(truth), normalise(read)) / [...normalise(truth)].length;
const centre = (p: Page['blocks'][number]['polygon']) => [(Math.min(...p.map((q) => q[0])) + Math.max(...p.map((q) => q[0]))) / 2, (Math.min(...p.map((q) => q[1])) + Math.max(...p.map((q) => q[1]))) / 2];

/** tesseract.js's files as an app serves them: the worker script, the wasm core, one traineddata folder per language. */
function tesseractMounts(): Record<string, string> {
  const require = createRequire(join(REPO, 'package.json'));
  const langPath = (code: string) => (require(`@tesseract.js-data/${code}`) as { langPath: string }).langPath;
  return {
    '/tesseract/': join(dirname(require.resolve('tesseract.js/package.json')), 'dist'),
    '/tesseract-core/': dirname(require.resolve('tesseract.js-core/package.json')),
    '/tessdata/jpn/': langPath('jpn'),
    '/tessdata/jpn_vert/': langPath('jpn_vert'),
  };
}

/**
 * The page's console errors, less Tesseract's "Parameter not found" notes:
 * the traineddata sets legacy-engine variables that the LSTM-only wasm core
 * does not have (Node prints the same notes to stderr).
 */
const errorsOf = (browser: Chromium) => browser.errors.filter((e) => !/Warning: Parameter not found: \w+$/.test(e));

interface WebRun {
  page: Page;
  json: string;
  warnings: string[];
  totals: number[];
  /** Every run's OCR stage (detection, bubbles, Tesseract). */
  ocr: number[];
  /** The translated page as a PNG data URL. */
  png: string;
}

describeInChromium('the comic preset in the browser', () => {
  let browser: Chromium;
  let server: StaticServer;
  const dir = join(TEST_OUTPUT, 'comic');
  const panelPath = join(dir, 'panel.png');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(panelPath, await encodeImage(panel.image, 'png'));
    writeFileSync(join(dir, 'column.png'), await encodeImage(drawColumn('こんにちは', 32), 'png'));
    // A traineddata file that is not one (gzip magic, then noise).
    mkdirSync(join(dir, 'corrupt'), { recursive: true });
    writeFileSync(join(dir, 'corrupt', 'jpn_vert.traineddata.gz'), Buffer.from([0x1f, 0x8b, 8, 0, ...Array.from({ length: 4096 }, (_, i) => (i * 131) % 251)]));
    ({ server, browser } = await startEngineHarness(dir, 'comic', tesseractMounts()));
  }, 120_000);

  // Each test checks the console errors of its own pages.
  beforeEach(() => {
    if (browser) browser.errors.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("from: 'ja' finds the balloons, reads them and gives the same page as Node", async () => {
    await using glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
    const node = (await glossa.translateImage(panelPath, { from: 'ja', to: 'en', translator: script, format: 'json' })).page;

    const tab = await browser.open(`${server.url}/pages/comic.html`);
    const outside: string[] = [];
    tab.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !/^(blob|data):/.test(r.url())) outside.push(r.url());
    });
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const web = (await tab.evaluate(`glossaTest.translate({ inline: false, runs: 1, translator: ${JSON.stringify(script)} })`)) as WebRun;
    expect(errorsOf(browser)).toEqual([]);
    // Nothing but the app's own URLs: no CDN, no traineddata download from elsewhere.
    expect(outside).toEqual([]);
    expect(server.requests).toEqual(expect.arrayContaining(['/tesseract/worker.min.js', '/tessdata/jpn_vert/jpn_vert.traineddata.gz']));
    expect(server.requests.some((r) => /^\/tesseract-core\/tesseract-core.*\.wasm\.js$/.test(r))).toBe(true);
    writeFileSync(join(dir, 'node.json'), JSON.stringify(node, null, 2));
    writeFileSync(join(dir, 'browser.json'), JSON.stringify(web.page, null, 2));
    writeFileSync(join(dir, 'browser.png'), Buffer.from(web.png.split(',')[1], 'base64'));
    expect(parsePage(web.json)).toEqual(web.page);

    // The bubbles are found and read: one block per balloon, inside it, read within MAX_CER.
    expect(web.page.blocks).toHaveLength(panel.balloons.length);
    for (const drawn of panel.balloons) {
      const block = web.page.blocks.find((b) => insideEllipse(drawn, centre(b.polygon)[0], centre(b.polygon)[1]));
      expect(block, `balloon at ${drawn.cx},${drawn.cy}`).toBeDefined();
      expect(block!.balloon).toBeDefined();
      expect(block!.direction).toBe('vertical');
      expect(cer(drawn.text, block!.sourceText), `${drawn.text} read as ${block!.sourceText}`).toBeLessThanOrEqual(MAX_CER);
    }
    // Right balloon first: manga reads right to left.
    expect(centre(web.page.blocks[0].polygon)[0]).toBeGreaterThan(centre(web.page.blocks[1].polygon)[0]);

    // Parity with Node: the same blocks, readings and translations (PP-OCR's
    // boxes agree within 2 px, so the bubbles' crops are the same, and the same
    // traineddata reads them; Chromium loads tesseract.js-core's relaxed-SIMD
    // build where Node 20 loads the SIMD one, which may differ in the last
    // bits of the LSTM's sums, not in clean lettering's text); lettering in
    // the same family at sizes within 5% (Skia and Chromium measure text a
    // little differently).
    expect(web.page.blocks).toHaveLength(node.blocks.length);
    node.blocks.forEach((x, i) => {
      const y = web.page.blocks[i];
      const what = `block ${i} (${x.sourceText})`;
      expect(y.sourceText, what).toBe(x.sourceText);
      expect(y.translation, what).toBe(x.translation);
      expect(y.translation, what).toBe(script[x.sourceText as keyof typeof script]);
      expect(y.flags, what).toEqual(x.flags);
      y.polygon.forEach(([px, py], k) => {
        expect(Math.abs(px - x.polygon[k][0]), what).toBeLessThanOrEqual(2);
        expect(Math.abs(py - x.polygon[k][1]), what).toBeLessThanOrEqual(2);
      });
      expect(y.layout?.fontFamily, what).toBe('Glossa Comic');
      expect(y.layout?.fontFamily, what).toBe(x.layout?.fontFamily);
      expect(Math.abs(y.layout!.fontSize - x.layout!.fontSize) / x.layout!.fontSize, what).toBeLessThan(0.05);
    });
    expect(web.warnings).toEqual([]);

    // The engine on the page itself (worker: false) reads the same.
    const inline = (await tab.evaluate(`glossaTest.translate({ inline: true, runs: 1, translator: ${JSON.stringify(script)} })`)) as WebRun;
    expect(inline.page.blocks.map((b) => [b.sourceText, b.translation])).toEqual(web.page.blocks.map((b) => [b.sourceText, b.translation]));
    expect(errorsOf(browser)).toEqual([]);
  }, 300_000);

  // Not a check: `GLOSSA_BENCH=5 npx vitest run packages/browser/test/comic.test.ts -t bench`
  // prints the comic path's time per page in Chromium (wasm) and Node, same run.
  it.skipIf(!process.env.GLOSSA_BENCH)('bench: time per page, browser and Node', async () => {
    const runs = Number(process.env.GLOSSA_BENCH);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    await using glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
    const node = { totals: [] as number[], ocr: [] as number[] };
    for (let i = 0; i <= runs; i++) {
      const { timings } = await glossa.translateImage(panelPath, { from: 'ja', to: 'en', translator: script });
      node.totals.push(timings.total);
      node.ocr.push(timings.ocr ?? 0);
    }
    const tab = await browser.open(`${server.url}/pages/comic.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const web = (await tab.evaluate(`glossaTest.translate({ inline: false, runs: ${runs + 1}, translator: ${JSON.stringify(script)} })`)) as WebRun;
    // The first page of each starts the Tesseract workers; the medians are over the pages after it.
    const ms = (r: { totals: number[]; ocr: number[] }) =>
      `first ${r.totals[0].toFixed(0)} ms, median of the next ${runs} ${median(r.totals.slice(1)).toFixed(0)} ms (OCR stage ${median(r.ocr.slice(1)).toFixed(0)} ms) [${r.totals.slice(1).map((x) => x.toFixed(0)).join(', ')}]`;
    const core = server.requests.find((r) => r.startsWith('/tesseract-core/'));
    console.log(`comic page ${panel.image.width}x${panel.image.height}, ${panel.balloons.length} balloons\n  Node:     ${ms(node)}\n  Chromium: ${ms(web)} (${core})`);
    expect(web.totals).toHaveLength(runs + 1);
  }, 600_000);

  it('says what to pass when the Tesseract URLs are missing, and keeps the default preset working', async () => {
    const tab = await browser.open(`${server.url}/pages/comic.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const result = (await tab.evaluate('glossaTest.withoutUrls()')) as Record<string, { code: string; field: string; message: string } | number>;
    expect(result.comic).toMatchObject({ code: 'INVALID_INPUT', field: 'tesseract', message: expect.stringContaining('tesseract: { workerPath, corePath, langPath }') });
    expect(result.preset).toMatchObject({ code: 'INVALID_INPUT', field: 'tesseract' });
    expect(result.fallback).toBeGreaterThan(0);
    expect(result.partial).toMatchObject({ code: 'INVALID_INPUT', field: 'tesseract.corePath' });
    expect(errorsOf(browser)).toEqual([]);
  }, 300_000);

  it('stops a comic page when its signal aborts, and the engine reads the next page', async () => {
    const tab = await browser.open(`${server.url}/pages/comic.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const result = await tab.evaluate(`glossaTest.abortThenTranslate(${JSON.stringify(script)})`);
    expect(result).toEqual({ aborted: 'ABORTED', after: Object.values(script) });
    expect(errorsOf(browser)).toEqual([]);
  }, 300_000);

  it('says which traineddata is missing', async () => {
    const tab = await browser.open(`${server.url}/pages/comic.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const result = (await tab.evaluate('glossaTest.missingTraineddata()')) as Record<string, { code: string; field?: string; message: string }>;
    expect(result.unmapped).toMatchObject({ code: 'MODEL_NOT_FOUND', field: 'langPath', message: expect.stringContaining('@tesseract.js-data/kor_vert') });
    expect(result.notServed).toMatchObject({ code: 'MODEL_NOT_FOUND', field: 'langPath', message: expect.stringContaining('/tessdata/none/jpn_vert.traineddata.gz') });
    // A file that is there but is no traineddata: tesseract.js reports it only to its
    // errorHandler, and the read must fail rather than wait forever.
    expect(result.corrupt).toMatchObject({ code: 'INFERENCE_FAILED', message: expect.stringContaining("Tesseract (jpn_vert) failed to start") });
    // Chromium logs the 404 of the HEAD request for /tessdata/none/.
    expect(errorsOf(browser).filter((e) => !e.includes('status of 404 (Not Found)'))).toEqual([]);
  }, 120_000);

  it('runs the browser Tesseract pool: shared workers, abort, dispose ends the Web Workers', async () => {
    const tab = await browser.open(`${server.url}/pages/comic.html`);
    await tab.waitForFunction(() => 'glossaTest' in globalThis);
    const workers = () => tab.workers().length;
    expect(await tab.evaluate('glossaTest.openReader(2)')).toBe(0);
    expect(workers()).toBe(0);

    // Four reads share two workers, started on demand; each is a real Web Worker.
    const many = (await tab.evaluate('glossaTest.readMany(4)')) as { texts: string[]; workerCount: number };
    expect(many.texts.every((t) => t.includes('こんにち'))).toBe(true);
    expect(many.workerCount).toBe(2);
    expect(workers()).toBe(2);

    // With both workers busy, a queued read that aborts leaves the queue; the running ones go on.
    expect(await tab.evaluate('glossaTest.abortQueued(2)')).toEqual({ aborted: 'ABORTED', running: [many.texts[0], many.texts[0]], workerCount: 2 });

    // A running read that aborts ends its worker; the next read starts another.
    const running = (await tab.evaluate('glossaTest.abortRunning()')) as { aborted: string; afterAbort: number; next: string; afterNext: number };
    expect(running).toMatchObject({ aborted: 'ABORTED', afterAbort: 1, next: many.texts[0] });
    await expect.poll(workers, { timeout: 10_000 }).toBe(running.afterNext);

    // dispose() rejects what is running and queued, terminates every worker, and refuses new reads.
    expect(await tab.evaluate('glossaTest.disposeWithReads()')).toEqual({ reads: ['ABORTED', 'ABORTED', 'ABORTED'], workerCount: 0, after: 'INVALID_INPUT' });
    await expect.poll(workers, { timeout: 10_000 }).toBe(0);

    // Traineddata comes from langPath for every new worker, unless `cache` keeps it in IndexedDB.
    const fetches = () => server.requests.filter((r) => r === '/tessdata/jpn_vert/jpn_vert.traineddata.gz').length; // GETs
    const before = fetches();
    expect(await tab.evaluate('glossaTest.readOnce(false)')).toBe(many.texts[0]);
    expect(fetches()).toBe(before + 1);
    expect(await tab.evaluate('glossaTest.readOnce(true)')).toBe(many.texts[0]);
    expect(await tab.evaluate('glossaTest.readOnce(true)')).toBe(many.texts[0]);
    expect(fetches()).toBe(before + 2);
    expect(errorsOf(browser)).toEqual([]);
  }, 300_000);
});
