import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlossaError } from '@glossa/core';
import { readSidecar, toStoredOptions } from '../src/batch/options.js';

async function rejection(promise: Promise<unknown>): Promise<GlossaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GlossaError);
  return error as GlossaError;
}

describe('queued batch options', () => {
  it('refuses a translator plugin, naming what to do instead', async () => {
    const plugin = { id: 'mine', translate: async () => [] };
    const error = await rejection(toStoredOptions({ to: 'en', translator: plugin as never }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details.field).toBe('translator');
    expect(error.message).toContain('startWorker({ translator })');
  });

  it('refuses in-process options such as signal and onProgress', async () => {
    for (const [field, value] of [
      ['signal', new AbortController().signal],
      ['onProgress', () => undefined],
      ['maxInFlight', 4],
    ] as const) {
      const error = await rejection(toStoredOptions({ to: 'en', [field]: value } as never));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details.field).toBe(field);
    }
  });

  it('checks the target language and formats', async () => {
    expect((await rejection(toStoredOptions({ to: '' }))).details.field).toBe('to');
    expect((await rejection(toStoredOptions({ to: 'en', format: ['png', 'gif' as never] }))).message).toContain("'gif'");
  });

  it('reads a script path on the submitting machine and keeps the rest as JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glossa-queue-options-'));
    const script = join(dir, 'script.json');
    await writeFile(script, JSON.stringify({ 限时特惠: 'Limited offer' }));
    const stored = await toStoredOptions({ to: 'en', translator: script, format: ['png', 'json'], glossary: { 特惠: 'offer' } });
    expect(stored).toEqual({ to: 'en', translator: { 限时特惠: 'Limited offer' }, format: ['png', 'json'], glossary: { 特惠: 'offer' } });
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(await toStoredOptions({ to: 'ko', translator: 'none' })).toEqual({ to: 'ko', translator: 'none' });
    // Per-page options the engine grows (here grouping) travel as they are.
    expect(await toStoredOptions({ to: 'ko', grouping: 'paragraph' })).toEqual({ to: 'ko', grouping: 'paragraph' });
  });

  it('takes script entries with roles, and refuses a bad entry at submit', async () => {
    const script = { 限时特惠: 'Limited offer', 礼盒装: { translation: 'Gift box', role: 'copy' as const } };
    expect((await toStoredOptions({ to: 'en', translator: script })).translator).toEqual(script);
    const error = await rejection(toStoredOptions({ to: 'en', translator: { 限时特惠: 42 } as never }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details.field).toBe("translator['限时特惠']");
  });

  it('finds the sidecar script beside a path input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glossa-queue-sidecar-'));
    await writeFile(join(dir, 'poster.en.json'), JSON.stringify({ 新品: 'New' }));
    expect(await readSidecar(join(dir, 'poster.png'), 'en')).toEqual({ 新品: 'New' });
    expect(await readSidecar(join(dir, 'poster.png'), 'ko')).toBeUndefined();
  });
});
