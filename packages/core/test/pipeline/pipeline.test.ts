import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createPipeline, GlossaError, type PageOutcome, type ProgressEvent, type Translator } from '@glossa/core';
import { collect, fakes, pageImage, sleep } from './stages.js';

const COUNT = Number(process.env.GLOSSA_TEST_COUNT ?? 10_000);
const pages = (n: number) => Array.from({ length: n }, (_, i) => pageImage(i));

describe('createPipeline: overlap and limits', () => {
  it('overlaps stages across 50 pages and respects per-stage concurrency', async () => {
    const f = fakes({ ocrMs: 10, translateMs: 100, inpaintMs: 10, renderMs: 10 });
    // Small batches so the translate stage really has several calls in flight.
    const pipeline = createPipeline({ ...f, batching: { maxBlocks: 2, lingerMs: 1 } });
    const t0 = performance.now();
    const results = await collect(pipeline.runMany(pages(50), { targetLang: 'ko' }));
    const elapsed = performance.now() - t0;
    expect(results).toHaveLength(50);
    expect(results.every((r) => r.ok)).toBe(true);
    // Sequentially, every page costs 10 + 100 + 10 + 10 ms.
    const sequential = 50 * 130;
    expect(elapsed).toBeLessThan(sequential / 3);
    expect(f.meters.ocr.max).toBe(1);
    expect(f.meters.inpaint.max).toBe(1);
    expect(f.meters.render.max).toBe(1);
    expect(f.meters.translate.max).toBe(4);
    // Overlap: OCR of some page ran while a translation call was in flight and while another page was rendered.
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
    expect(f.meters.ocr.intervals.some((o) => f.meters.translate.intervals.some((t) => overlaps(o, t)))).toBe(true);
    expect(f.meters.ocr.intervals.some((o) => f.meters.render.intervals.some((r) => r.page !== o.page && overlaps(o, r)))).toBe(true);
  });

  it('honours custom concurrency limits', async () => {
    const f = fakes({ ocrMs: 20, inpaintMs: 20 });
    const pipeline = createPipeline({ ...f, concurrency: { ocr: 3, inpaint: 2 }, maxInFlight: 10 });
    await collect(pipeline.runMany(pages(12), { targetLang: 'en' }));
    expect(f.meters.ocr.max).toBe(3);
    expect(f.meters.inpaint.max).toBe(2);
  });

  it('shares cpuSlots across CPU stages, earliest page first', async () => {
    const f = fakes({ ocrMs: 10, inpaintMs: 10, renderMs: 10, translateMs: 30 });
    let busy = 0;
    let most = 0;
    const order: number[] = [];
    for (const meter of [f.meters.ocr, f.meters.inpaint, f.meters.render]) {
      const measure = meter.measure.bind(meter);
      meter.measure = async (page, work) => {
        most = Math.max(most, ++busy);
        try {
          return await measure(page, work);
        } finally {
          busy--;
        }
      };
    }
    const results = await collect(
      createPipeline({ ...f, cpuSlots: 1, concurrency: { ocr: 2, inpaint: 2, render: 2 } }).runMany(pages(8), { targetLang: 'ko' }),
    );
    for (const r of results) order.push(r.index);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(most).toBe(1);
    // With the cores shared earliest-first, pages finish in input order.
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => createPipeline({ ...f, cpuSlots: 0 })).toThrowError(/cpuSlots/);
  });

  it('rejects bad limits with INVALID_INPUT naming the field', () => {
    const f = fakes();
    expect(() => createPipeline({ ...f, concurrency: { ocr: 0 } })).toThrowError(/concurrency\.ocr/);
    expect(() => createPipeline({ ...f, maxInFlight: -1 })).toThrowError(/maxInFlight/);
    expect(() => createPipeline({ ...f, ocr: undefined as never })).toThrowError(GlossaError);
  });
});

describe('createPipeline: ordering', () => {
  it("yields in completion order by default and in input order with order: 'input'", async () => {
    // Page 0 is slow in OCR; with OCR concurrency 2, page 1 finishes first.
    const slowFirst = (p: number) => (p === 0 ? 150 : 5);
    const a = fakes({ ocrMs: slowFirst });
    const completion = await collect(createPipeline({ ...a, concurrency: { ocr: 2 } }).runMany(pages(6), { targetLang: 'ko' }));
    expect(completion[0].index).not.toBe(0);
    const b = fakes({ ocrMs: slowFirst });
    const ordered = await collect(createPipeline({ ...b, concurrency: { ocr: 2 } }).runMany(pages(6), { targetLang: 'ko', order: 'input' }));
    expect(ordered.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('createPipeline: translation batching and cache', () => {
  it('batches blocks of several pages into one call within the block budget', async () => {
    const f = fakes({ linesPerPage: 3, translateMs: 50 });
    const pipeline = createPipeline({ ...f, concurrency: { ocr: 4 }, batching: { maxBlocks: 9, lingerMs: 40 } });
    const results = await collect(pipeline.runMany(pages(12), { targetLang: 'ko' }));
    const sizes = f.requests.map((r) => r.items.length);
    expect(Math.max(...sizes)).toBeGreaterThan(3); // more than one page per call
    expect(Math.max(...sizes)).toBeLessThanOrEqual(9);
    expect(f.requests.length).toBeLessThan(12);
    // Every block got its own page's translation back.
    for (const r of results) {
      if (!r.ok) throw r.error;
      r.page.blocks.forEach((b, l) => expect(b.translation).toBe(`[ko] page ${r.index} line ${l}`));
    }
  });

  it('respects the character budget', async () => {
    const f = fakes({ linesPerPage: 2, textOf: (p, l) => `${p}-${l}-`.padEnd(100, 'x') });
    const pipeline = createPipeline({ ...f, concurrency: { ocr: 4 }, batching: { maxChars: 250, lingerMs: 30 } });
    await collect(pipeline.runMany(pages(8), { targetLang: 'ko' }));
    for (const r of f.requests) expect(r.items.reduce((n, i) => n + i.text.length, 0)).toBeLessThanOrEqual(250);
  });

  it('answers repeated texts from the LRU cache, keyed by language and translator', async () => {
    const f = fakes({ textOf: (_p, l) => `same text ${l}` });
    const pipeline = createPipeline(f);
    await pipeline.run(pageImage(0), { targetLang: 'ko' });
    const afterFirst = f.requests.length;
    expect(afterFirst).toBe(1);
    const again = await pipeline.run(pageImage(1), { targetLang: 'ko' });
    expect(f.requests.length).toBe(afterFirst); // all from cache
    expect(again.page.blocks[0].translation).toBe('[ko] same text 0');
    await pipeline.run(pageImage(2), { targetLang: 'en' });
    expect(f.requests.length).toBe(afterFirst + 1); // another target language misses
    const other = fakes({ textOf: (_p, l) => `same text ${l}`, translatorId: 'other' });
    await createPipeline(other).run(pageImage(3), { targetLang: 'ko' });
    expect(other.requests.length).toBe(1);
    const uncached = fakes({ textOf: (_p, l) => `same text ${l}` });
    const noCache = createPipeline({ ...uncached, cacheSize: 0 });
    await noCache.run(pageImage(0), { targetLang: 'ko' });
    await noCache.run(pageImage(1), { targetLang: 'ko' });
    expect(uncached.requests.length).toBe(2);
  });

  it('fails a page whose translator reply drops an id, and keeps partial translators partial', async () => {
    const f = fakes();
    const lossy: Translator = { id: 'lossy', translate: async ({ items }) => items.slice(1).map((i) => ({ id: i.id, text: 'x' })) };
    await expect(createPipeline({ ...f, translator: lossy }).run(pageImage(0), { targetLang: 'ko' })).rejects.toMatchObject({
      code: 'TRANSLATOR_FAILED',
    });
    const g = fakes();
    const script: Translator = { id: 'script', partial: true, translate: async ({ items }) => items.slice(1).map((i) => ({ id: i.id, text: 'x' })) };
    const result = await createPipeline({ ...g, translator: script }).run(pageImage(0), { targetLang: 'ko' });
    expect(result.page.blocks[0].flags.untranslated).toBe(true);
    expect(result.page.blocks[1].translation).toBe('x');
    // Untranslated blocks are not erased.
    expect(g.maskCalls[0].map((b) => b.id)).toEqual(['b1']);
  });
});

describe('createPipeline: errors and cancellation', () => {
  it('isolates failures: a bad page fails alone, others in the same translation batch succeed', async () => {
    const f = fakes({
      failOcrOn: [3],
      textOf: (p, l) => (p === 5 ? `BAD ${l}` : `ok ${p} ${l}`),
      translateFailWhen: (req) => req.items.some((i) => i.text.startsWith('BAD')),
    });
    const pipeline = createPipeline({ ...f, concurrency: { ocr: 3 }, batching: { lingerMs: 50 } });
    const results = await collect(pipeline.runMany(pages(10), { targetLang: 'ko' }));
    const failed = results.filter((r): r is Extract<PageOutcome<undefined>, { ok: false }> => !r.ok);
    expect(failed.map((r) => r.index).sort()).toEqual([3, 5]);
    expect(failed.find((r) => r.index === 3)).toMatchObject({ stage: 'ocr', error: { code: 'INFERENCE_FAILED' } });
    expect(failed.find((r) => r.index === 5)).toMatchObject({ stage: 'translate', error: { code: 'TRANSLATOR_FAILED' } });
    // Page 5 shared a call with other pages (batched), and they were retried alone and succeeded.
    expect(f.requests.some((r) => r.items.length > 2 && r.items.some((i) => i.text.startsWith('BAD')))).toBe(true);
    expect(results.filter((r) => r.ok)).toHaveLength(8);
  });

  it('cancels queued and running work when the signal aborts', async () => {
    const f = fakes({ ocrMs: 30 });
    const controller = new AbortController();
    const pipeline = createPipeline(f);
    const seen: PageOutcome<undefined>[] = [];
    setTimeout(() => controller.abort(), 100);
    const t0 = performance.now();
    await expect(
      (async () => {
        for await (const r of pipeline.runMany(pages(100), { targetLang: 'ko', signal: controller.signal })) seen.push(r);
      })(),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(f.meters.ocr.calls).toBeLessThan(10); // no new work after the abort
    const callsAtEnd = f.meters.ocr.calls;
    await sleep(100);
    expect(f.meters.ocr.calls).toBe(callsAtEnd);
    expect(seen.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'ABORTED')).toBe(true);
    // Running work received the signal (a plugin can stop mid-call).
    expect(f.signalsSeen.some((s) => s.aborted)).toBe(true);
  });

  it('run() rejects with ABORTED when aborted mid-page', async () => {
    const f = fakes({ translateMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(createPipeline(f).run(pageImage(0), { targetLang: 'ko', signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('rejects a non-image input and a missing target language with INVALID_INPUT', async () => {
    const f = fakes();
    const p = createPipeline(f);
    await expect(p.run({ width: 2 } as never, { targetLang: 'ko' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(p.run(pageImage(0), {} as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('createPipeline: memory bound, progress, timings', () => {
  it('keeps at most maxInFlight pages alive over 10,000 lazy inputs', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAlive = 0;
    function* inputs() {
      for (let i = 0; i < COUNT; i++) {
        produced++;
        maxAlive = Math.max(maxAlive, produced - consumed);
        yield pageImage(i);
      }
    }
    const f = fakes({ ocrMs: 0, translateMs: 0, inpaintMs: 0, renderMs: 0, linesPerPage: 1 });
    const pipeline = createPipeline({ ...f, maxInFlight: 6, batching: { lingerMs: 0 }, concurrency: { ocr: 2, inpaint: 2, render: 2 } });
    for await (const r of pipeline.runMany(inputs(), { targetLang: 'ko' })) {
      expect(r.ok).toBe(true);
      consumed++;
    }
    expect(consumed).toBe(COUNT);
    expect(maxAlive).toBeLessThanOrEqual(6);
  });

  it('adds no more abort listeners than pages in flight (no MaxListenersExceededWarning)', async () => {
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const f = fakes({ ocrMs: 2, translateMs: 5, inpaintMs: 3, renderMs: 3, linesPerPage: 3 });
    const results = await collect(createPipeline({ ...f, maxInFlight: 10 }).runMany(pages(60), { targetLang: 'ko', signal: controller.signal }));
    await sleep(20);
    process.off('warning', onWarning);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops reading inputs while the consumer does not pull', async () => {
    let produced = 0;
    function* inputs() {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield pageImage(i);
      }
    }
    const f = fakes({ ocrMs: 0 });
    const iterator = createPipeline({ ...f, maxInFlight: 3 }).runMany(inputs(), { targetLang: 'ko' })[Symbol.asyncIterator]();
    await iterator.next();
    await sleep(100);
    expect(produced).toBeLessThanOrEqual(4);
    await iterator.return?.();
  });

  it('reports progress per page and stage, and timings in each result', async () => {
    const f = fakes();
    const events: ProgressEvent[] = [];
    const results = await collect(createPipeline(f).runMany(pages(3), { targetLang: 'ko', onProgress: (e) => events.push(e) }));
    for (const stage of ['decode', 'ocr', 'translate', 'inpaint', 'render'] as const) {
      for (let page = 0; page < 3; page++) {
        expect(events.filter((e) => e.stage === stage && e.page === page).map((e) => e.state)).toEqual(['start', 'end']);
      }
      expect(events.filter((e) => e.stage === stage && e.state === 'end').map((e) => e.done)).toEqual([1, 2, 3]);
    }
    expect(events.every((e) => e.total === 3)).toBe(true);
    for (const r of results) {
      if (!r.ok) throw r.error;
      expect(r.timings.ocr).toBeGreaterThan(0);
      expect(r.timings.translate).toBeGreaterThan(0);
      expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.ocr! + r.timings.inpaint!);
    }
  });

  it('erases every block and translates nothing without a translator', async () => {
    const f = fakes();
    const result = await createPipeline({ ...f, translator: undefined }).run(pageImage(0), { targetLang: 'ko' });
    expect(f.requests).toHaveLength(0);
    expect(result.page.blocks.every((b) => b.translation === undefined)).toBe(true);
    expect(f.maskCalls[0]).toHaveLength(2);
  });
});
