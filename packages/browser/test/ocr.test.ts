import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextLine } from '@glossa/core';
import { createNodeOcr, encodeImage } from '@glossa/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drawText } from '../../node/test/helpers/draw-text.js';
import {
  bundleForBrowser,
  describeInChromium,
  launchChromium,
  MODELS_DIR,
  ORT_DIST,
  serveStatic,
  TEST_OUTPUT,
  type Chromium,
  type StaticServer,
} from './helpers/chromium.js';

// Tolerances of browser OCR against onnxruntime-node on the same PNG: the
// same texts, every box corner within CORNER_PX, every score within SCORE.
// Both runtimes execute the same graph in float32; what differs is kernel
// order of summation (wasm SIMD, WebGPU shaders), so differences are tiny.
const CORNER_PX = 2;
const SCORE = 0.02;

interface Result {
  width: number;
  height: number;
  lines: TextLine[];
}

function compare(web: TextLine[], node: TextLine[], label: string): void {
  expect(web.map((l) => l.text)).toEqual(node.map((l) => l.text));
  let corner = 0;
  let score = 0;
  web.forEach((line, i) => {
    line.polygon.forEach(([x, y], k) => {
      const [nx, ny] = node[i].polygon[k];
      corner = Math.max(corner, Math.abs(x - nx), Math.abs(y - ny));
    });
    score = Math.max(score, Math.abs(line.score - node[i].score));
  });
  console.log(`${label} vs Node (${node.length} lines: ${node.map((l) => JSON.stringify(l.text)).join(', ')}): max corner diff ${corner.toFixed(3)} px, max score diff ${score.toExponential(2)}`);
  expect(corner).toBeLessThanOrEqual(CORNER_PX);
  expect(score).toBeLessThanOrEqual(SCORE);
}

describeInChromium('createWebOcr in Chromium matches createNodeOcr', () => {
  let browser: Chromium;
  let server: StaticServer;
  let node: TextLine[];
  const dir = join(TEST_OUTPUT, 'ocr');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // Small on purpose: WebGPU runs on a software adapter here.
    const { image } = drawText(
      320,
      96,
      [
        { text: '限时特价 50%', x: 12, y: 10, size: 30, lang: 'zh' },
        { text: 'Glossa browser', x: 14, y: 54, size: 26, lang: 'en' },
      ],
      'gradient',
      7,
    );
    writeFileSync(join(dir, 'sample.png'), await encodeImage(image, 'png'));
    await bundleForBrowser({ 'ocr-page': join(import.meta.dirname, 'pages', 'ocr-page.ts') }, dir);
    const ocr = await createNodeOcr({ device: 'cpu' });
    try {
      node = await ocr.recognize(image);
    } finally {
      await ocr.dispose();
    }
    expect(node.length).toBe(2);
    server = await serveStatic({ '/ort/': ORT_DIST, '/models/': MODELS_DIR, '/pages/': join(import.meta.dirname, 'pages'), '/': dir });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const device of ['wasm', 'webgpu'] as const) {
    it(`reads the same lines on ${device}`, async () => {
      const page = await browser.open(`${server.url}/pages/ocr.html`);
      await page.waitForFunction(() => 'glossaTest' in globalThis);
      const web = (await page.evaluate(`glossaTest.runOcr('/sample.png', '${device}')`)) as Result;
      expect([web.width, web.height]).toEqual([320, 96]);
      compare(web.lines, node, device);
      expect(browser.errors).toEqual([]);
    }, 300_000);
  }
});
