// Instrumented in-memory stages for scheduler tests: each records when it ran
// and how many of its kind were running at once. They exercise the
// scheduler's own logic; the real plugins are tested elsewhere.
import { createImage, createMask, type Inpainter, type Ocr, type RgbaImage, type Renderer, type TextBlock, type TextLine, type Translator, type TranslationRequest } from '@glossa/core';

export const sleep = (ms: number, signal?: AbortSignal) =>
  // 0 ms resolves on the microtask queue: the 10,000-page test needs no timers.
  ms === 0 ? Promise.resolve() : new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class Meter {
  active = 0;
  max = 0;
  calls = 0;
  intervals: Array<{ page: number; start: number; end: number }> = [];
  async measure<T>(page: number, work: () => Promise<T>): Promise<T> {
    this.calls++;
    this.active++;
    this.max = Math.max(this.max, this.active);
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.active--;
      this.intervals.push({ page, start, end: performance.now() });
    }
  }
}

/** An image whose first pixel encodes the page number, so stages know which page they see. */
export function pageImage(n: number): RgbaImage {
  const img = createImage(8, 8);
  img.data[0] = n % 256;
  img.data[1] = Math.floor(n / 256) % 256;
  img.data[2] = Math.floor(n / 65536) % 256;
  return img;
}
export const pageOf = (img: RgbaImage) => img.data[0] + img.data[1] * 256 + img.data[2] * 65536;

export interface FakeOptions {
  ocrMs?: number | ((page: number) => number);
  translateMs?: number;
  inpaintMs?: number;
  renderMs?: number;
  linesPerPage?: number;
  failOcrOn?: number[];
  translateFailWhen?: (req: TranslationRequest) => boolean;
  textOf?: (page: number, line: number) => string;
  translatorId?: string;
}

export function fakes(o: FakeOptions = {}) {
  const meters = { ocr: new Meter(), translate: new Meter(), inpaint: new Meter(), render: new Meter() };
  const requests: TranslationRequest[] = [];
  const signalsSeen: AbortSignal[] = [];
  const textOf = o.textOf ?? ((p: number, l: number) => `page ${p} line ${l}`);
  const ocr: Ocr = {
    recognize: (image, { signal } = {}) => {
      const page = pageOf(image);
      return meters.ocr.measure(page, async () => {
        if (signal) signalsSeen.push(signal);
        const ms = typeof o.ocrMs === 'function' ? o.ocrMs(page) : (o.ocrMs ?? 5);
        await sleep(ms, signal);
        if (o.failOcrOn?.includes(page)) throw new Error(`OCR exploded on page ${page}`);
        const lines: TextLine[] = [];
        for (let l = 0; l < (o.linesPerPage ?? 2); l++) {
          lines.push({ polygon: [[0, l], [4, l], [4, l + 1], [0, l + 1]], text: textOf(page, l), score: 0.9 });
        }
        return lines;
      });
    },
  };
  const translator: Translator = {
    id: o.translatorId ?? 'fake',
    translate: (req) =>
      meters.translate.measure(-1, async () => {
        requests.push(req);
        await sleep(o.translateMs ?? 5, req.signal);
        if (o.translateFailWhen?.(req)) throw new Error('translator says no');
        return req.items.map(({ id, text }) => ({ id, text: `[${req.targetLang}] ${text}` }));
      }),
  };
  const inpainter: Inpainter = {
    inpaint: (image, _mask, { signal } = {}) =>
      meters.inpaint.measure(pageOf(image), async () => {
        await sleep(o.inpaintMs ?? 5, signal);
        return image;
      }),
  };
  const renderer: Renderer = {
    render: (background, _page, { signal } = {}) =>
      meters.render.measure(pageOf(background), async () => {
        await sleep(o.renderMs ?? 5, signal);
        return background;
      }),
  };
  const group = (lines: TextLine[]): TextBlock[] =>
    lines.map((line, i) => ({
      id: `b${i}`,
      polygon: line.polygon,
      lines: [line],
      sourceText: line.text,
      direction: 'horizontal',
      style: { color: '#000000', fontSize: 10, align: 'left', lineHeight: 1.2 },
      flags: {},
    }));
  const maskCalls: TextBlock[][] = [];
  const buildMask = (image: RgbaImage, blocks: TextBlock[]) => {
    maskCalls.push(blocks);
    return createMask(image.width, image.height);
  };
  return { meters, requests, signalsSeen, maskCalls, ocr, translator, inpainter, renderer, group, buildMask };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}
