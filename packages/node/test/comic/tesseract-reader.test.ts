import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGlossaError, type RgbaImage } from '@glossa/core';
import { createTesseractReader } from '../../src/index.js';
import { drawColumn } from './draw-panel.js';

// A crop holding one column of vertical Japanese, drawn in the bundled JP font.
const crop: RgbaImage = drawColumn('こんにちは', 32);

const code = (error: unknown) => (isGlossaError(error) ? error.code : String(error));

describe('Tesseract reader pool', () => {
  it('reads vertical Japanese from the bundled traineddata', async () => {
    await using reader = createTesseractReader({ workers: 1 });
    const { text, score } = await reader.read(crop, { direction: 'vertical' });
    expect(text).toContain('こんにち');
    expect(score).toBeGreaterThan(0.5);
  });

  it('starts workers on demand up to the pool size and shares them across reads', async () => {
    const reader = createTesseractReader({ workers: 2 });
    expect(reader.workerCount).toBe(0);
    const reads = await Promise.all([1, 2, 3, 4].map(() => reader.read(crop, { direction: 'vertical' })));
    expect(reads.every((r) => r.text === reads[0].text)).toBe(true);
    expect(reader.workerCount).toBe(2);
    await reader.dispose();
    expect(reader.workerCount).toBe(0);
  });

  it('drops a queued read when its signal aborts, and the others go on', async () => {
    const reader = createTesseractReader({ workers: 1 });
    const controller = new AbortController();
    const first = reader.read(crop, { direction: 'vertical' });
    const second = reader.read(crop, { direction: 'vertical', signal: controller.signal });
    controller.abort();
    await expect(second.catch(code)).resolves.toBe('ABORTED');
    await expect(first).resolves.toMatchObject({ text: expect.stringContaining('こんにち') });
    await reader.dispose();
  });

  it('ends the worker of a running read that is aborted; the next read gets a new one', async () => {
    const reader = createTesseractReader({ workers: 1 });
    const controller = new AbortController();
    const running = reader.read(crop, { direction: 'vertical', signal: controller.signal });
    // Let the worker start, then abort mid-read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(running.catch(code)).resolves.toBe('ABORTED');
    expect(reader.workerCount).toBe(0);
    await expect(reader.read(crop, { direction: 'vertical' })).resolves.toMatchObject({ text: expect.stringContaining('こんにち') });
    await reader.dispose();
  });

  it('adds one abort listener per signal, however many reads share it, and an abort ends them all', async () => {
    const reader = createTesseractReader({ workers: 1 });
    const controller = new AbortController();
    const reads = Array.from({ length: 12 }, () => reader.read(crop, { direction: 'vertical', signal: controller.signal }).catch(code));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(await Promise.all(reads)).toEqual(Array(12).fill('ABORTED'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await reader.dispose();
  });

  it('dispose() rejects queued reads, ends every worker, is idempotent, and refuses new reads', async () => {
    const reader = createTesseractReader({ workers: 1 });
    const first = reader.read(crop, { direction: 'vertical' }).catch(code);
    const queued = reader.read(crop, { direction: 'horizontal' }).catch(code);
    await reader.dispose();
    await reader.dispose();
    expect(reader.workerCount).toBe(0);
    await expect(queued).resolves.toBe('ABORTED');
    await expect(first).resolves.toBe('ABORTED');
    await expect(reader.read(crop, { direction: 'vertical' }).catch(code)).resolves.toBe('INVALID_INPUT');
  });

  it('rejects a bad pool size and a bad direction with INVALID_INPUT', async () => {
    expect(() => createTesseractReader({ workers: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const reader = createTesseractReader({ workers: 1 });
    await expect(reader.read(crop, { direction: 'diagonal' as never }).catch(code)).resolves.toBe('INVALID_INPUT');
    await reader.dispose();
  });

  it('fails a read, rather than hanging, when langPaths has no traineddata or a file that is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossa-tessdata-'));
    try {
      const missing = createTesseractReader({ workers: 1, langPaths: { jpn_vert: dir } });
      const error = await missing.read(crop, { direction: 'vertical' }).catch((e: unknown) => e);
      expect(code(error)).toBe('MODEL_NOT_FOUND');
      expect((error as Error).message).toContain(join(dir, 'jpn_vert.traineddata.gz'));
      await missing.dispose();
      // tesseract.js reports a file it cannot load only to its errorHandler.
      writeFileSync(join(dir, 'jpn_vert.traineddata.gz'), Buffer.from([0x1f, 0x8b, 8, 0, ...Array.from({ length: 4096 }, (_, i) => (i * 131) % 251)]));
      const corrupt = createTesseractReader({ workers: 1, langPaths: { jpn_vert: dir } });
      await expect(corrupt.read(crop, { direction: 'vertical' }).catch(code)).resolves.toBe('INFERENCE_FAILED');
      await corrupt.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which package to install when a language has no traineddata', async () => {
    const reader = createTesseractReader({ workers: 1, languages: { vertical: 'xxx_vert' } });
    const error = await reader.read(crop, { direction: 'vertical' }).catch((e: unknown) => e);
    expect(code(error)).toBe('MODEL_NOT_FOUND');
    expect((error as Error).message).toContain('@tesseract.js-data/xxx_vert');
    await reader.dispose();
  });
});
