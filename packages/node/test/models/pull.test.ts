import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullModel, resolveModel, verifyModel, listModels, modelPath, type ModelManifest, type PullProgress } from '@glossa/node';

// `pullModel` against a real HTTP server on 127.0.0.1 that serves a generated
// file, plus routes that corrupt it, cut the connection halfway, or 404.

const PAYLOAD = randomBytes(600_000);
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');

let server: Server;
let base: string;
const hits: Record<string, number> = {};
let cutsLeft = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path.endsWith('/good.onnx') || path === '/flaky.onnx' || path === '/slow.onnx') {
      const cut = path === '/flaky.onnx' && cutsLeft > 0;
      if (cut) cutsLeft--;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(PAYLOAD.length) });
      // Several writes, so the client sees several chunks (progress events).
      const chunk = 64 * 1024;
      let offset = 0;
      const pump = () => {
        if (cut && offset >= PAYLOAD.length / 2) {
          req.socket.destroy(); // the connection dies mid-body
          return;
        }
        if (offset >= PAYLOAD.length) return void res.end();
        res.write(PAYLOAD.subarray(offset, offset + chunk));
        offset += chunk;
        setTimeout(pump, path === '/slow.onnx' ? 20 : 1);
      };
      pump();
    } else if (path === '/corrupt.onnx') {
      const bad = Buffer.from(PAYLOAD);
      bad[12345] ^= 0xff; // same size, one byte flipped
      res.writeHead(200, { 'content-length': String(bad.length) });
      res.end(bad);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-models-'));
  for (const k of Object.keys(hits)) delete hits[k];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function manifestFor(url: string, sha256 = SHA, bytes = PAYLOAD.length): ModelManifest {
  return {
    version: 1,
    models: [
      {
        id: 'lama',
        task: 'inpaint',
        description: 'test stand-in',
        licence: 'Apache-2.0',
        files: [{ name: 'lama_fp32.onnx', url, sha256, bytes }],
        input: { format: 'onnx', inputs: [], outputs: [] },
      },
    ],
  };
}

const filesIn = async (d: string) => (await readdir(d).catch(() => [] as string[])).sort();

describe('pullModel', () => {
  it('downloads, reports progress, verifies sha256 and renames into place', async () => {
    const manifest = manifestFor(`${base}/lama/good.onnx`);
    const events: PullProgress[] = [];
    const model = await pullModel('lama', { modelsDir: dir, manifest, onProgress: (p) => events.push(p) });
    expect(model.path).toBe(join(dir, 'lama', 'lama_fp32.onnx'));
    expect((await readFile(model.path)).equals(PAYLOAD)).toBe(true);
    expect(await filesIn(join(dir, 'lama'))).toEqual(['lama_fp32.onnx', 'lama_fp32.onnx.verified.json']); // no temp file left
    const downloads = events.filter((e) => e.stage === 'download');
    expect(downloads.length).toBeGreaterThan(3);
    for (let i = 1; i < downloads.length; i++) expect(downloads[i].done).toBeGreaterThan(downloads[i - 1].done);
    expect(downloads.at(-1)).toMatchObject({ done: PAYLOAD.length, total: PAYLOAD.length, id: 'lama', file: 'lama_fp32.onnx' });
    expect(events.at(-1)?.stage).toBe('verify');

    expect((await resolveModel('lama', { modelsDir: dir, manifest })).path).toBe(model.path);
    expect(await verifyModel('lama', { modelsDir: dir, manifest })).toMatchObject({ ok: true, files: [{ status: 'ok', sha256: SHA }] });
    expect((await listModels({ modelsDir: dir, manifest }))[0].status).toBe('present');

    // A second pull re-checks the cached copy and does not download again.
    const again: PullProgress[] = [];
    await pullModel('lama', { modelsDir: dir, manifest, onProgress: (p) => again.push(p) });
    expect(again.map((e) => e.stage)).toEqual(['check', 'cached']);
    expect(hits['/lama/good.onnx']).toBe(1);
  });

  it('downloads from a mirror given as baseUrl (<baseUrl>/<id>/<file>)', async () => {
    const manifest = manifestFor('https://example.invalid/never-fetched.onnx');
    await pullModel('lama', { modelsDir: dir, manifest, baseUrl: `${base}/`, fetch: (url, init) => fetch(String(url).replace('lama_fp32.onnx', 'good.onnx'), init) });
    expect(hits['/lama/good.onnx']).toBe(1);
    expect((await verifyModel('lama', { modelsDir: dir, manifest })).ok).toBe(true);
  });

  it('rejects a sha256 mismatch with MODEL_INVALID and leaves nothing in the cache', async () => {
    const manifest = manifestFor(`${base}/corrupt.onnx`);
    await expect(pullModel('lama', { modelsDir: dir, manifest })).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining(SHA),
    });
    expect(await filesIn(join(dir, 'lama'))).toEqual([]);
    expect(hits['/corrupt.onnx']).toBe(1); // a checksum failure is not retried
    await expect(resolveModel('lama', { modelsDir: dir, manifest })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('survives a connection cut mid-download: nothing trusted is left, and a retry succeeds', async () => {
    const manifest = manifestFor(`${base}/flaky.onnx`);
    cutsLeft = 1;
    const error = await pullModel('lama', { modelsDir: dir, manifest, retries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect(await filesIn(join(dir, 'lama'))).toEqual([]);
    await expect(resolveModel('lama', { modelsDir: dir, manifest })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });

    const model = await pullModel('lama', { modelsDir: dir, manifest, retries: 0 });
    expect((await readFile(model.path)).equals(PAYLOAD)).toBe(true);
    expect(hits['/flaky.onnx']).toBe(2);
  });

  it('retries a cut connection by itself (default retries)', async () => {
    const manifest = manifestFor(`${base}/flaky.onnx`);
    cutsLeft = 1;
    const events: PullProgress[] = [];
    await pullModel('lama', { modelsDir: dir, manifest, onProgress: (p) => events.push(p) });
    expect(events.filter((e) => e.stage === 'retry')).toEqual([expect.objectContaining({ attempt: 2 })]);
    expect((await verifyModel('lama', { modelsDir: dir, manifest })).ok).toBe(true);
  });

  it('fails on HTTP 404 with DOWNLOAD_FAILED and the status, without retrying', async () => {
    const manifest = manifestFor(`${base}/missing.onnx`);
    await expect(pullModel('lama', { modelsDir: dir, manifest })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', details: { status: 404 } });
    expect(hits['/missing.onnx']).toBe(1);
    expect(await filesIn(join(dir, 'lama'))).toEqual([]);
  });

  it('stops with ABORTED when cancelled mid-download and removes the partial file', async () => {
    const manifest = manifestFor(`${base}/slow.onnx`);
    const controller = new AbortController();
    const pending = pullModel('lama', {
      modelsDir: dir,
      manifest,
      signal: controller.signal,
      onProgress: (p) => p.stage === 'download' && p.done > 100_000 && controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await filesIn(join(dir, 'lama'))).toEqual([]);
  });

  it('ignores and cleans up a stray partial file, and replaces a corrupt cached file', async () => {
    const manifest = manifestFor(`${base}/lama/good.onnx`);
    const folder = join(dir, 'lama');
    await mkdir(folder, { recursive: true });
    // A partial from a process that no longer exists, and a same-size file with the wrong content.
    await writeFile(join(folder, 'lama_fp32.onnx.999999999-deadbeef.partial'), PAYLOAD.subarray(0, 1000));
    await writeFile(join(folder, 'lama_fp32.onnx'), Buffer.alloc(PAYLOAD.length));
    expect(await verifyModel('lama', { modelsDir: dir, manifest })).toMatchObject({ ok: false, files: [{ status: 'sha256-mismatch' }] });
    await pullModel('lama', { modelsDir: dir, manifest });
    expect(await filesIn(folder)).toEqual(['lama_fp32.onnx', 'lama_fp32.onnx.verified.json']);
    expect((await verifyModel('lama', { modelsDir: dir, manifest })).ok).toBe(true);
  });
});

describe('resolveModel', () => {
  it('names the command to run when the model is missing', async () => {
    const error = await resolveModel('lama', { modelsDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_NOT_FOUND', message: expect.stringContaining('glossa models pull lama') });
    expect(modelPath('lama', { modelsDir: dir })).toBe(join(dir, 'lama', 'lama_fp32.onnx'));
  });

  it('reports a wrong-size file as MODEL_INVALID, and an unknown id as INVALID_INPUT', async () => {
    const manifest = manifestFor(`${base}/lama/good.onnx`);
    await mkdir(join(dir, 'lama'), { recursive: true });
    await writeFile(join(dir, 'lama', 'lama_fp32.onnx'), 'short');
    await expect(resolveModel('lama', { modelsDir: dir, manifest })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(resolveModel('nope', { modelsDir: dir })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('lama') });
  });
});
