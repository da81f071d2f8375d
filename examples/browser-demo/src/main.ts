// The demo page: pick or drop images, translate them in a Web Worker, look at
// the original, erased and translated images side by side, edit translations
// and re-render without re-running OCR, download PNG or PSD.
import {
  createBrowserGlossa,
  decodeImage,
  type BrowserTranslatorChoice,
  type BrowserTranslateResult,
  type ModelProgress,
} from '@glossa/browser';
import type { Page, RgbaImage } from '@glossa/core';

const $ = <T extends HTMLElement>(selector: string, root: ParentNode = document) => root.querySelector(selector) as T;
const status = $<HTMLParagraphElement>('#status');
const filesInput = $<HTMLInputElement>('#files');
const drop = $<HTMLLabelElement>('#drop');
const lang = $<HTMLSelectElement>('#lang');
const translatorSelect = $<HTMLSelectElement>('#translator');
const script = $<HTMLTextAreaElement>('#script');
const scriptFile = $<HTMLInputElement>('#script-file');
const geminiKey = $<HTMLInputElement>('#gemini-key');
const translateButton = $<HTMLButtonElement>('#translate');
const results = $<HTMLElement>('#results');
const template = $<HTMLTemplateElement>('#result-template');

let pending: File[] = [];

// Model files are downloaded once, then read from Cache Storage (offline too).
const downloads = new Map<string, ModelProgress>();
const glossa = createBrowserGlossa({
  models: {
    det: '/models/ch_PP-OCRv4_det_infer.onnx',
    rec: '/models/ch_PP-OCRv4_rec_infer.onnx',
    dictionary: '/models/ppocr_keys_v1.txt',
  },
  fonts: '/fonts/',
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'glossa' }),
  onProgress(progress) {
    if (progress.stage !== 'model') return;
    downloads.set(progress.url, progress);
    const all = [...downloads.values()];
    const done = all.reduce((n, p) => n + p.done, 0);
    const total = all.reduce((n, p) => n + (p.total ?? p.done), 0);
    const cached = all.every((p) => p.cached);
    status.textContent = `Loading models${cached ? ' from cache' : ''}: ${mb(done)} of ${mb(total)} MB`;
  },
});

glossa.ready().then(
  (device) => {
    status.textContent = `Ready. Models run on ${device === 'webgpu' ? 'WebGPU' : 'WebAssembly (CPU)'}, in a worker.`;
    document.body.dataset.ready = 'true';
    updateButton();
  },
  (error: Error) => {
    status.textContent = `Could not start: ${error.message}`;
  },
);

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function updateButton(): void {
  translateButton.disabled = document.body.dataset.ready !== 'true' || pending.length === 0;
}

function setFiles(files: Iterable<File>): void {
  pending = [...files].filter((f) => f.type.startsWith('image/'));
  status.textContent = pending.length ? `${pending.length} image(s) selected.` : 'No images selected.';
  updateButton();
}

filesInput.addEventListener('change', () => setFiles(filesInput.files ?? []));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  setFiles(e.dataTransfer?.files ?? []);
});

translatorSelect.addEventListener('change', () => {
  $<HTMLElement>('#script-options').hidden = translatorSelect.value !== 'script';
  $<HTMLElement>('#gemini-options').hidden = translatorSelect.value !== 'gemini';
});
scriptFile.addEventListener('change', async () => {
  const file = scriptFile.files?.[0];
  if (file) script.value = await file.text();
});

function translatorChoice(): BrowserTranslatorChoice {
  switch (translatorSelect.value) {
    case 'none':
      return 'none';
    case 'gemini':
      if (!geminiKey.value.trim()) throw new Error('Enter a Gemini API key first.');
      return { gemini: { apiKey: geminiKey.value.trim() } };
    default: {
      let map: unknown;
      try {
        map = JSON.parse(script.value || '{}');
      } catch (error) {
        throw new Error(`The translation script is not valid JSON: ${(error as Error).message}`);
      }
      return map as Record<string, string>;
    }
  }
}

translateButton.addEventListener('click', async () => {
  let choice: BrowserTranslatorChoice;
  try {
    choice = translatorChoice();
  } catch (error) {
    status.textContent = (error as Error).message;
    return;
  }
  const files = pending;
  translateButton.disabled = true;
  results.replaceChildren();
  const started = performance.now();
  let done = 0;
  status.textContent = `Translating ${files.length} image(s)…`;
  try {
    for await (const outcome of glossa.translateImages(files, {
      to: lang.value,
      translator: choice,
      format: 'png',
      order: 'input',
      onProgress: (e) => {
        if (e.state === 'start') status.textContent = `Image ${e.page + 1} of ${files.length}: ${e.stage}…`;
      },
    })) {
      done++;
      if (outcome.ok) showResult(files[outcome.index], outcome);
      else showFailure(files[outcome.index], `${outcome.error.code}: ${outcome.error.message}`);
    }
    status.textContent = `Done: ${done} image(s) in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
  } catch (error) {
    status.textContent = `Failed: ${(error as Error).message}`;
  } finally {
    updateButton();
  }
});

function showFailure(file: File, message: string): void {
  const card = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  card.classList.add('failed');
  $('.name', card).textContent = `${file.name}: ${message}`;
  $('.panels', card).remove();
  $('.blocks', card).remove();
  $('.actions', card).remove();
  results.append(card);
}

function showResult(file: File, first: BrowserTranslateResult): void {
  const card = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  card.dataset.index = String(first.index);
  $('.name', card).textContent = file.name;
  $<HTMLImageElement>('.original img', card).src = URL.createObjectURL(file);
  drawErased($<HTMLCanvasElement>('.erased canvas', card), first.background);
  let current = first;
  const translated = $<HTMLImageElement>('.translated img', card);
  const show = (result: BrowserTranslateResult) => {
    current = result;
    URL.revokeObjectURL(translated.src);
    translated.src = URL.createObjectURL(result.image);
    outline($<SVGSVGElement & HTMLElement>('.outlines', card), result.page);
    listBlocks($<HTMLOListElement>('.blocks ol', card), result.page);
    card.dataset.rendered = String(Number(card.dataset.rendered ?? 0) + 1);
  };
  show(first);

  $<HTMLButtonElement>('.rerender', card).addEventListener('click', async () => {
    const page: Page = structuredClone(current.page);
    card.querySelectorAll<HTMLTextAreaElement>('textarea[data-block]').forEach((area) => {
      const block = page.blocks.find((b) => b.id === area.dataset.block);
      if (block) block.translation = area.value;
    });
    status.textContent = 'Re-rendering (no OCR)…';
    const again = await glossa.render(page, current.background, { format: 'png' });
    show({ ...again, background: current.background });
    status.textContent = 'Re-rendered.';
  });
  $<HTMLButtonElement>('.download-png', card).addEventListener('click', () => download(current.image, stem(file.name) + '.png'));
  $<HTMLButtonElement>('.download-psd', card).addEventListener('click', async () => {
    status.textContent = 'Writing PSD…';
    const original = await decodeImage(file);
    const psd = await glossa.render(current.page, current.background, { format: 'psd', original });
    download(psd.image, stem(file.name) + '.psd');
    status.textContent = 'PSD written.';
  });
  results.append(card);
}

function drawErased(canvas: HTMLCanvasElement, image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

const SVG = 'http://www.w3.org/2000/svg';

/** Source polygons in orange, the laid-out text boxes dashed blue. */
function outline(svg: SVGSVGElement, page: Page): void {
  svg.setAttribute('viewBox', `0 0 ${page.width} ${page.height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.replaceChildren();
  for (const block of page.blocks) {
    const polygon = document.createElementNS(SVG, 'polygon');
    polygon.setAttribute('points', block.polygon.map(([x, y]) => `${x},${y}`).join(' '));
    svg.append(polygon);
    if (block.layout) {
      const { x, y, width, height } = block.layout.box;
      const rect = document.createElementNS(SVG, 'rect');
      Object.entries({ x, y, width, height }).forEach(([k, v]) => rect.setAttribute(k, String(v)));
      svg.append(rect);
    }
  }
}

function listBlocks(list: HTMLOListElement, page: Page): void {
  list.replaceChildren(
    ...page.blocks.map((block) => {
      const item = document.createElement('li');
      const source = document.createElement('div');
      source.className = 'source';
      source.textContent = block.sourceText;
      const flags = Object.entries(block.flags).filter(([, on]) => on).map(([name]) => name);
      if (flags.length) {
        const flag = document.createElement('div');
        flag.className = 'flag';
        flag.textContent = flags.join(', ');
        source.append(flag);
      }
      const edit = document.createElement('textarea');
      edit.rows = 2;
      edit.dataset.block = block.id;
      edit.value = block.translation ?? '';
      edit.placeholder = '(not translated)';
      item.append(source, edit);
      return item;
    }),
  );
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function stem(name: string): string {
  return name.replace(/\.[^.]+$/, '') + '.translated';
}
