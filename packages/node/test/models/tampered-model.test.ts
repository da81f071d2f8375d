// A model file damaged after it was downloaded: the right size, the wrong
// bytes. It must never be used, it must show as invalid, `auto` must fall back
// to the classical inpainter with a warning, and a failed pull must not leave
// it in place. The model is a tiny generated LaMa stand-in.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledModelManifest, createNodeInpainter, listModels, pullModel, resolveModel, type ModelManifest } from '@glossa/node';
import { tinyLamaModel } from '../helpers/tiny-onnx.js';
import { runGlossa } from '../helpers/run-cli.js';

let dir: string;
let file: string;
let good: Uint8Array;
let manifest: ModelManifest;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-tampered-'));
  good = tinyLamaModel({ mode: 'fill' });
  await mkdir(join(dir, 'lama'), { recursive: true });
  file = join(dir, 'lama', 'lama_fp32.onnx');
  await writeFile(file, good);
  manifest = structuredClone(bundledModelManifest());
  const lama = manifest.models.find((m) => m.id === 'lama')!;
  // Nothing listens on port 9: a pull fails at once, offline.
  lama.files[0] = { ...lama.files[0], url: 'http://127.0.0.1:9/lama_fp32.onnx', bytes: good.length, sha256: createHash('sha256').update(good).digest('hex') };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Same size, one byte changed. */
async function tamper(): Promise<void> {
  const bad = Buffer.from(good);
  bad[bad.length >> 1] ^= 0xff;
  await writeFile(file, bad);
}

describe('a damaged model file', () => {
  it('is hashed once, recorded, and refused with MODEL_INVALID once its bytes change', async () => {
    await expect(resolveModel('lama', { modelsDir: dir, manifest })).resolves.toMatchObject({ path: file });
    const info = await stat(file);
    const record = JSON.parse(await readFile(`${file}.verified.json`, 'utf8')) as Record<string, unknown>;
    expect(record).toEqual({ size: good.length, mtimeMs: info.mtimeMs, sha256: manifest.models.find((m) => m.id === 'lama')!.files[0].sha256 });

    await tamper();
    const error = await resolveModel('lama', { modelsDir: dir, manifest }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(/does not match its SHA-256.*glossa models pull lama/) });
    expect((await listModels({ modelsDir: dir, manifest })).find((m) => m.entry.id === 'lama')!.status).toBe('invalid');
  });

  it('is trusted from its record while size and mtime are unchanged: hashed once, not on every start', async () => {
    // Whole seconds, so the mtime can be put back exactly.
    const when = Math.floor(Date.now() / 1000) - 60;
    await utimes(file, when, when);
    await resolveModel('lama', { modelsDir: dir, manifest });
    // Bytes changed behind the record's back, size and mtime put back: the record is what is checked.
    await tamper();
    await utimes(file, when, when);
    await expect(resolveModel('lama', { modelsDir: dir, manifest })).resolves.toMatchObject({ path: file });
  });

  it('makes auto fall back to the classical inpainter with a warning; an explicit lama is refused', async () => {
    await tamper();
    const warnings: string[] = [];
    const inpainter = await createNodeInpainter({ inpainter: 'auto', device: 'cpu', modelsDir: dir, manifest, onWarning: (m) => warnings.push(m) });
    expect(inpainter.kind).toBe('classical');
    expect(warnings.join('\n')).toMatch(/does not match its SHA-256.*classical inpainter/);
    await inpainter.dispose();
    await expect(createNodeInpainter({ inpainter: 'lama', device: 'cpu', modelsDir: dir, manifest })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('is removed by a pull, even one that fails', async () => {
    await tamper();
    await expect(pullModel('lama', { modelsDir: dir, manifest, retries: 0 })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect(await readdir(join(dir, 'lama'))).toEqual([]);
    expect((await listModels({ modelsDir: dir, manifest })).find((m) => m.entry.id === 'lama')!.status).toBe('missing');
  });
});

describe('the CLI with a damaged LaMa file in the cache', () => {
  it('lists it as invalid, exits 1 from models path, and translates with the classical inpainter and a warning', async () => {
    // The bundled manifest's size, zeros for bytes (a sparse file: no 200 MB written).
    const size = bundledModelManifest().models.find((m) => m.id === 'lama')!.files[0].bytes;
    await writeFile(file, '');
    await truncate(file, size);
    const env = { ...process.env, GLOSSA_MODELS_DIR: dir };

    const list = await runGlossa(['models', 'list', '--json'], { env });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ id: string; status: string }>).find((m) => m.id === 'lama')!.status).toBe('invalid');

    const path = await runGlossa(['models', 'path', 'lama'], { env });
    expect(path.code).toBe(1);
    expect(path.stderr).toMatch(/does not match its SHA-256/);

    const image = join(dir, 'blank.png');
    await writeFile(image, await sharp({ create: { width: 120, height: 60, channels: 3, background: '#ffffff' } }).png().toBuffer());
    const run = await runGlossa(['translate', image, '--to', 'en', '--translator', 'none', '-o', join(dir, 'out'), '--device', 'cpu', '--no-progress'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/does not match its SHA-256.*classical inpainter/);
    expect(run.stdout).toMatch(/^ok /m);
  });
});
