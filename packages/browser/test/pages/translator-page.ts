// Runs in Chromium: the whole pipeline through createBrowserTranslator, with
// the engine in a module worker (/worker.js) or inline.
import { layoutPage } from '@glossa/core';
import { manyBlocksPage } from '../../../node/test/helpers/many-blocks.js';
import {
  createBrowserTranslator,
  createCanvasMeasurer,
  createCanvasRenderer,
  defaultFontFaces,
  fontFamilyFor,
  loadFonts,
  type BrowserTranslator,
  type Translator,
} from '@glossa/browser';

const models = {
  det: '/models/ch_PP-OCRv4_det_infer.onnx',
  rec: '/models/ch_PP-OCRv4_rec_infer.onnx',
  dictionary: '/models/ppocr_keys_v1.txt',
};

let translator: BrowserTranslator | undefined;
const progress: string[] = [];

async function open(inline: boolean) {
  await translator?.dispose();
  translator = createBrowserTranslator({
    models,
    wasmPaths: '/ort/',
    fonts: '/fonts/',
    device: 'wasm',
    worker: inline ? false : () => new Worker('/worker.js', { type: 'module' }),
  });
  return translator.ready();
}

async function sample(): Promise<Blob> {
  return (await fetch('/sample.png')).blob();
}

async function translateWithMap(map: Record<string, string>) {
  progress.length = 0;
  const result = await translator!.translateImage(await sample(), {
    to: 'en',
    translator: map,
    onProgress: (e) => progress.push(`${e.stage}:${e.state}`),
  });
  const decoded = await createImageBitmap(result.blob);
  return {
    type: result.blob.type,
    size: [decoded.width, decoded.height],
    blocks: result.page.blocks.map((b) => ({ source: b.sourceText, translation: b.translation, flags: b.flags, layout: !!b.layout })),
    background: [result.background.width, result.background.height, result.background.data.byteLength],
    progress: [...progress],
  };
}

async function translateWithPlugin() {
  const seen: string[] = [];
  const upper: Translator = {
    id: 'upper',
    async translate({ items }) {
      seen.push(...items.map((i) => i.text));
      return items.map(({ id, text }) => ({ id, text: text.toUpperCase() }));
    },
  };
  const result = await translator!.translateImage(await sample(), { to: 'en', translator: upper, format: 'json' });
  const page = JSON.parse(await result.blob.text());
  return { seen, translations: page.blocks.map((b: { translation?: string }) => b.translation), type: result.blob.type };
}

async function abortMidway() {
  const controller = new AbortController();
  const pending = translator!.translateImage(await sample(), {
    to: 'en',
    translator: 'none',
    signal: controller.signal,
    onProgress: (e) => {
      if (e.stage === 'ocr' && e.state === 'start') controller.abort();
    },
  });
  try {
    await pending;
    return { code: 'none' };
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
}

async function rerender(edit: string) {
  const first = await translator!.translateImage(await sample(), { to: 'en', translator: 'none' });
  const page = structuredClone(first.page);
  page.blocks[0].translation = edit;
  const again = await translator!.render(page, first.background, { format: 'psd' });
  return { type: again.blob.type, bytes: again.blob.size, laidOut: again.page.blocks[0].layout?.lines.map((l) => l.text).join(' ') };
}

/**
 * Draws a page of 4000 laid-out blocks with the OffscreenCanvas renderer,
 * once to the end and once with a signal a timer aborts: the timer can only
 * fire if the draw loop gives the event loop a turn.
 */
async function abortDrawing() {
  await loadFonts(defaultFontFaces('/fonts/', ['en']));
  const page = layoutPage(manyBlocksPage(), { measurer: createCanvasMeasurer(), fontFamily: fontFamilyFor });
  const { width, height } = page;
  const background = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(255) };
  const renderer = createCanvasRenderer();
  const whole = await renderer.render(background, page);
  const controller = new AbortController();
  const drawing = renderer.render(background, page, { signal: controller.signal });
  setTimeout(() => controller.abort(), 0);
  const outcome = await drawing.then(
    () => 'drew the whole page',
    (error: { code?: string }) => error.code,
  );
  return { whole: [whole.width, whole.height], outcome };
}

Object.assign(globalThis, {
  glossaTest: { open, translateWithMap, translateWithPlugin, abortMidway, abortDrawing, rerender, dispose: () => translator?.dispose() },
});
