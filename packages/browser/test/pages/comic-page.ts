// Runs in Chromium: the comic preset through createBrowserGlossa (engine in a
// module worker, or on the page), and the browser Tesseract pool's lifecycle
// driven step by step, so the Node side can watch the page's Web Workers.
import { createBrowserGlossa, createWebTesseractReader, decodeImage, type BrowserTranslateOptions, type TesseractPool } from '@glossa/browser';
import type { RgbaImage } from '@glossa/core';

const models = { det: '/models/ch_PP-OCRv4_det_infer.onnx', rec: '/models/ch_PP-OCRv4_rec_infer.onnx', dictionary: '/models/ppocr_keys_v1.txt' };
// Served by the test from node_modules, as an app would serve them.
const tesseract = {
  workerPath: '/tesseract/worker.min.js',
  corePath: '/tesseract-core/',
  langPath: { jpn: '/tessdata/jpn/', jpn_vert: '/tessdata/jpn_vert/' },
};

const code = (error: unknown) => {
  const e = error as { code?: string; message?: string; details?: { field?: string } };
  return { code: e.code ?? String(error), field: e.details?.field, message: e.message };
};

/** The panel through the engine `runs` times (the first run starts the workers), giving the last page and every run's timings. */
async function translate(options: { inline: boolean; runs: number; translator: Record<string, string> }) {
  const glossa = createBrowserGlossa({
    models,
    wasmPaths: '/ort/',
    fonts: '/fonts/',
    device: 'wasm',
    tesseract,
    worker: options.inline ? false : () => new Worker('/worker.js', { type: 'module' }),
  });
  try {
    const panel = await (await fetch('/panel.png')).blob();
    const totals: number[] = [];
    const ocr: number[] = [];
    let last;
    for (let i = 0; i < options.runs; i++) {
      const result = await glossa.translateImage(panel, { from: 'ja', to: 'en', translator: options.translator, format: ['png', 'json'] });
      totals.push(result.timings.total);
      ocr.push(result.timings.ocr ?? 0);
      last = { page: result.page, json: await result.outputs.json!.text(), warnings: result.warnings, png: await dataUrl(result.image) };
    }
    return { ...last!, totals, ocr };
  } finally {
    await glossa.dispose();
  }
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * A comic call aborted once its OCR stage starts (detection, then Tesseract
 * in workers nested in the Glossa worker), then the same call again on the
 * same engine.
 */
async function abortThenTranslate(translator: Record<string, string>) {
  const glossa = createBrowserGlossa({ models, wasmPaths: '/ort/', fonts: '/fonts/', device: 'wasm', tesseract, worker: () => new Worker('/worker.js', { type: 'module' }) });
  try {
    const panel = await (await fetch('/panel.png')).blob();
    const controller = new AbortController();
    const aborted = await glossa
      .translateImage(panel, {
        from: 'ja',
        to: 'en',
        translator,
        signal: controller.signal,
        onProgress: (e) => e.stage === 'ocr' && e.state === 'start' && controller.abort(),
      })
      .then(() => 'translated', (e) => code(e).code);
    const after = await glossa.translateImage(panel, { from: 'ja', to: 'en', translator });
    return { aborted, after: after.page.blocks.map((b) => b.translation) };
  } finally {
    await glossa.dispose();
  }
}

/** What a comic call without Tesseract URLs, or with some missing, fails with. */
async function withoutUrls() {
  const panel = await (await fetch('/panel.png')).blob();
  const options: BrowserTranslateOptions = { from: 'ja', to: 'en', translator: 'none' };
  const glossa = createBrowserGlossa({ models, wasmPaths: '/ort/', fonts: '/fonts/', device: 'wasm', worker: () => new Worker('/worker.js', { type: 'module' }) });
  try {
    const comic = await glossa.translateImage(panel, options).then(() => undefined, code);
    const preset = await glossa.translateImage(panel, { ...options, from: undefined, preset: 'comic' }).then(() => undefined, code);
    // The default preset still works for Japanese without Tesseract.
    const fallback = await glossa.translateImage(panel, { ...options, preset: 'default' }).then((r) => r.page.blocks.length, code);
    let partial;
    try {
      createBrowserGlossa({ models, tesseract: { workerPath: '/tesseract/worker.min.js', corePath: '', langPath: '/tessdata/' }, worker: false });
    } catch (error) {
      partial = code(error);
    }
    return { comic, preset, fallback, partial };
  } finally {
    await glossa.dispose();
  }
}

let reader: TesseractPool | undefined;
let crop: RgbaImage | undefined;
const read = (signal?: AbortSignal) => reader!.read(crop!, { direction: 'vertical', signal });

async function openReader(workers: number, cache = false) {
  crop ??= await decodeImage(await (await fetch('/column.png')).blob());
  reader = createWebTesseractReader({ ...tesseract, workers, cache });
  return reader.workerCount;
}

/** One read through a new reader (with tesseract's IndexedDB cache or without), then dispose. */
async function readOnce(cache: boolean) {
  await openReader(1, cache);
  try {
    return (await read()).text;
  } finally {
    await reader!.dispose();
  }
}

async function readMany(n: number) {
  const reads = await Promise.all(Array.from({ length: n }, () => read()));
  return { texts: reads.map((r) => r.text), scores: reads.map((r) => r.score), workerCount: reader!.workerCount };
}

/** With every worker busy, a read whose signal aborts leaves the queue; the running ones go on. */
async function abortQueued(busy: number) {
  const controller = new AbortController();
  const running = Array.from({ length: busy }, () => read());
  const queued = read(controller.signal);
  controller.abort();
  return {
    aborted: await queued.then(() => 'read', (e) => code(e).code),
    running: (await Promise.all(running)).map((r) => r.text),
    workerCount: reader!.workerCount,
  };
}

/** A running read whose signal aborts ends its worker; the next read starts a new one. */
async function abortRunning() {
  const controller = new AbortController();
  const running = read(controller.signal);
  // A worker is idle, so the read runs at once: the abort comes while it runs.
  controller.abort();
  const aborted = await running.then(() => 'read', (e) => code(e).code);
  const afterAbort = reader!.workerCount;
  return { aborted, afterAbort, next: (await read()).text, afterNext: reader!.workerCount };
}

/** dispose() with reads running and queued: all reject ABORTED, no worker is left, later reads are refused. */
async function disposeWithReads() {
  const reads = [read(), read(), read()].map((p) => p.then(() => 'read', (e) => code(e).code));
  await reader!.dispose();
  await reader!.dispose();
  return { reads: await Promise.all(reads), workerCount: reader!.workerCount, after: await read().then(() => 'read', (e) => code(e).code) };
}

/** What reads fail with when a language has no traineddata URL, its URL serves nothing, or a file Tesseract cannot load. */
async function missingTraineddata() {
  crop ??= await decodeImage(await (await fetch('/column.png')).blob());
  const attempt = async (options: Partial<Parameters<typeof createWebTesseractReader>[0]>) => {
    const r = createWebTesseractReader({ ...tesseract, workers: 1, ...options });
    try {
      return await r.read(crop!, { direction: 'vertical' }).then(() => undefined, code);
    } finally {
      await r.dispose();
    }
  };
  return {
    unmapped: await attempt({ languages: { vertical: 'kor_vert' } }),
    notServed: await attempt({ langPath: '/tessdata/none/' }),
    corrupt: await attempt({ langPath: '/corrupt/' }),
  };
}

(globalThis as unknown as { glossaTest: unknown }).glossaTest = { abortThenTranslate, missingTraineddata, translate, withoutUrls, openReader, readOnce, readMany, abortQueued, abortRunning, disposeWithReads };
