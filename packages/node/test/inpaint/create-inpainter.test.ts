import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImage, createMask, type RgbaImage } from '@glossa/core';
import { bundledModelManifest, createNodeInpainter, type ModelManifest } from '@glossa/node';
import { tinyLamaModel } from '../helpers/tiny-onnx.js';

// createNodeInpainter on a real onnxruntime-node backend, with a generated
// stand-in for the LaMa file placed in a temporary model cache.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-inpaint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Puts the stand-in in the cache and returns a manifest whose `lama` entry pins it. */
async function cacheTinyLama(): Promise<ModelManifest> {
  const bytes = tinyLamaModel({ mode: 'fill' });
  await mkdir(join(dir, 'lama'), { recursive: true });
  await writeFile(join(dir, 'lama', 'lama_fp32.onnx'), bytes);
  const manifest = structuredClone(bundledModelManifest());
  const lama = manifest.models.find((m) => m.id === 'lama')!;
  lama.files[0] = { ...lama.files[0], bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  return manifest;
}

function texture(width: number, height: number): RgbaImage {
  const img = createImage(width, height);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = (i - x) / width;
    const v = Math.imul((x >> 2) * 73856093 ^ (y >> 2) * 19349663, 2654435761) >>> 0;
    img.data.set([40 + (v % 180), 40 + ((v >> 8) % 180), 40 + ((v >> 16) % 180), 255], i * 4);
  }
  return img;
}

describe('createNodeInpainter', () => {
  it('auto picks LaMa when the model is in the cache and composites inside the mask only', async () => {
    const manifest = await cacheTinyLama();
    const inpainter = await createNodeInpainter({ inpainter: 'auto', device: 'cpu', modelsDir: dir, manifest });
    try {
      expect(inpainter.kind).toBe('lama');
      expect(inpainter.modelPath).toBe(join(dir, 'lama', 'lama_fp32.onnx'));
      const image = texture(400, 300);
      const mask = createMask(400, 300);
      for (let y = 100; y < 130; y++) mask.data.fill(255, y * 400 + 50, y * 400 + 350);
      const out = await inpainter.inpaint(image, mask);
      let outside = 0;
      let inside = 0;
      for (let i = 0; i < mask.data.length; i++) {
        const same = out.data[i * 4] === image.data[i * 4] && out.data[i * 4 + 1] === image.data[i * 4 + 1];
        if (!mask.data[i] && !same) outside++;
        // The stand-in paints holes 0.5 grey, answering in 0..255 like the real export.
        if (mask.data[i] && Math.abs(out.data[i * 4] - 127.5) > 1) inside++;
      }
      expect(outside).toBe(0);
      expect(inside).toBe(0);
    } finally {
      await inpainter.dispose();
      await inpainter.dispose();
    }
  });

  it('auto falls back to the classical inpainter when the model is missing', async () => {
    const inpainter = await createNodeInpainter({ modelsDir: dir });
    expect(inpainter.kind).toBe('classical');
    const image = texture(120, 80);
    const mask = createMask(120, 80);
    for (let y = 30; y < 40; y++) mask.data.fill(255, y * 120 + 20, y * 120 + 100);
    const out = await inpainter.inpaint(image, mask);
    expect(out.width).toBe(120);
    await inpainter.dispose();
  });

  it("'lama' without the model fails with MODEL_NOT_FOUND naming the pull command", async () => {
    await expect(createNodeInpainter({ inpainter: 'lama', modelsDir: dir })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('glossa models pull lama'),
    });
  });

  it('rejects an unknown inpainter with INVALID_INPUT', async () => {
    await expect(createNodeInpainter({ inpainter: 'magic' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'inpainter' },
    });
  });
});
