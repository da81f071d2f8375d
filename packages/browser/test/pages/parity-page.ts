// Runs in Chromium: one image through createBrowserGlossa (engine in a module
// worker), returning what the Node side compares with its own run.
import { createBrowserGlossa } from '@glossa/browser';

async function translate(map: Record<string, string>) {
  const glossa = createBrowserGlossa({
    models: { det: '/models/ch_PP-OCRv4_det_infer.onnx', rec: '/models/ch_PP-OCRv4_rec_infer.onnx', dictionary: '/models/ppocr_keys_v1.txt' },
    wasmPaths: '/ort/',
    fonts: '/fonts/',
    device: 'wasm',
    worker: () => new Worker('/worker.js', { type: 'module' }),
  });
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

(globalThis as unknown as { glossaTest: unknown }).glossaTest = { translate };
