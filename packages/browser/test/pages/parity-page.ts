// Runs in Chromium: one image through createBrowserGlossa (engine in a module
// worker), returning what the Node side compares with its own run.
import { createBrowserGlossa, type BrowserTranslateOptions } from '@glossa/browser';

const open = () =>
  createBrowserGlossa({
    models: { det: '/models/ch_PP-OCRv4_det_infer.onnx', rec: '/models/ch_PP-OCRv4_rec_infer.onnx', dictionary: '/models/ppocr_keys_v1.txt' },
    wasmPaths: '/ort/',
    fonts: '/fonts/',
    device: 'wasm',
    worker: () => new Worker('/worker.js', { type: 'module' }),
  });

async function translate(map: Record<string, string>) {
  const glossa = open();
  try {
    const sample = await (await fetch('/sample.png')).blob();
    const result = await glossa.translateImage(sample, { to: 'en', translator: map, format: ['png', 'json'] });
    return {
      page: result.page,
      json: await result.outputs.json!.text(),
      imageType: result.image.type,
      warnings: result.warnings,
      stages: Object.keys(result.timings).sort(),
    };
  } finally {
    await glossa.dispose();
  }
}

/**
 * `file` through one engine once per option set (script roles and
 * `productText`), giving each page, or the error's code and field.
 */
async function translateEach(file: string, translator: BrowserTranslateOptions['translator'], variants: Array<Partial<BrowserTranslateOptions>>) {
  const glossa = open();
  try {
    const image = await (await fetch(file)).blob();
    const results = [];
    for (const variant of variants) {
      try {
        results.push({ page: (await glossa.translateImage(image, { to: 'en', translator, format: 'png', ...variant })).page });
      } catch (error) {
        const e = error as { code?: string; details?: { field?: string } };
        results.push({ error: { code: e.code, field: e.details?.field } });
      }
    }
    return results;
  } finally {
    await glossa.dispose();
  }
}

(globalThis as unknown as { glossaTest: unknown }).glossaTest = { translate, translateEach };
