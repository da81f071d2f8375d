import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detInput } from './pages/backend-page.js';
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

interface DetResult {
  device: string;
  dims: number[];
  data: number[];
  progress: { events: number; last: { done: number; total: number; cached: boolean } };
}

const SIZE = 64;

async function nodeDet(): Promise<Float32Array> {
  const session = await ortNode.InferenceSession.create(join(MODELS_DIR, 'ch_PP-OCRv4_det_infer.onnx'));
  try {
    const out = await session.run({ [session.inputNames[0]]: new ortNode.Tensor('float32', detInput(SIZE), [1, 3, SIZE, SIZE]) });
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describeInChromium('createWebBackend in Chromium', () => {
  let browser: Chromium;
  let server: StaticServer;
  let expected: Float32Array;
  const dir = join(TEST_OUTPUT, 'backend');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    await bundleForBrowser({ 'backend-page': join(import.meta.dirname, 'pages', 'backend-page.ts') }, dir);
    server = await serveStatic({ '/ort/': ORT_DIST, '/models/': MODELS_DIR, '/pages/': join(import.meta.dirname, 'pages'), '/': dir });
    browser = await launchChromium();
    expected = await nodeDet();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the detection model on wasm like onnxruntime-node, and caches the model in Cache Storage', async () => {
    const page = await browser.open(`${server.url}/pages/backend.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    const first = (await page.evaluate(`glossaTest.runDet('wasm', ${SIZE})`)) as DetResult;
    expect(first.device).toBe('wasm');
    expect(first.dims).toEqual([1, 1, SIZE, SIZE]);
    const diff = maxDiff(first.data, expected);
    console.log(`det probability map, wasm vs onnxruntime-node: max |diff| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-3);
    expect(first.progress.last.cached).toBe(false);
    expect(first.progress.last.done).toBe(first.progress.last.total);

    // Second visit: the model comes from Cache Storage, not the server.
    const fetched = server.requests.filter((p) => p.endsWith('.onnx')).length;
    const again = await browser.open(`${server.url}/pages/backend.html`);
    await again.waitForFunction(() => 'glossaTest' in globalThis);
    const second = (await again.evaluate(`glossaTest.runDet('wasm', ${SIZE})`)) as DetResult;
    expect(second.progress.last.cached).toBe(true);
    expect(server.requests.filter((p) => p.endsWith('.onnx')).length).toBe(fetched);
    expect(maxDiff(second.data, first.data)).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it('runs on WebGPU (software adapter here) within tolerance of onnxruntime-node', async () => {
    const page = await browser.open(`${server.url}/pages/backend.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    const gpu = (await page.evaluate(`glossaTest.runDet('webgpu', ${SIZE})`)) as DetResult;
    expect(gpu.device).toBe('webgpu');
    const diff = maxDiff(gpu.data, expected);
    console.log(`det probability map, webgpu vs onnxruntime-node: max |diff| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-2);
  }, 300_000);

  it('rejects a bad device and reports a missing model with stable codes', async () => {
    const page = await browser.open(`${server.url}/pages/backend.html`);
    await page.waitForFunction(() => 'glossaTest' in globalThis);
    const bad = (await page.evaluate('glossaTest.badDevice()')) as { code: string; message: string };
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('for device');
    const missing = (await page.evaluate('glossaTest.missingModel()')) as { code: string; message: string };
    expect(missing.code).toBe('MODEL_NOT_FOUND');
    expect(missing.message).toContain('/models/nope.onnx');
  });
});
