import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createImage, createMask, createLamaInpainter, type InferenceBackend, type Mask, type RgbaImage } from '@glossa/core';
import { encodeOnnxModel, tinyLamaModel, type TinyLamaOptions } from '../../../node/test/helpers/tiny-onnx.js';
import { mirror, planLamaCrop } from '../../src/inpaint/lama-crops.js';

// The LaMa path with real ONNX Runtime sessions on generated stand-ins that
// have LaMa's signature and a predictable answer: `fill` paints holes a flat
// 0.5 grey, `identity` returns the image, so a wrong crop, scale or paste
// shows up as pixels far from what the graph must give.

interface Recorded {
  backend: InferenceBackend;
  runs: Array<Record<string, readonly number[]>>;
  sessions: number;
}

function recordingBackend(): Recorded {
  const rec: Recorded = { backend: undefined as never, runs: [], sessions: 0 };
  rec.backend = {
    Tensor: ort.Tensor,
    async createSession(model) {
      rec.sessions++;
      const session = await ort.InferenceSession.create(model as Uint8Array);
      const run = session.run.bind(session);
      (session as { run: unknown }).run = (feeds: Record<string, ort.Tensor>) => {
        rec.runs.push(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.dims])));
        return run(feeds);
      };
      return session;
    },
  };
  return rec;
}

/** Blocky colour texture (4x4 cells of seeded random colours): no plane fits it, so the fast path never takes it. */
function texture(width: number, height: number, seed = 7): RgbaImage {
  const img = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let h = Math.imul((x >> 2) * 73856093 ^ (y >> 2) * 19349663 ^ seed, 2654435761) >>> 0;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
        img.data[o + c] = 30 + (h % 200);
      }
      img.data[o + 3] = 255;
    }
  }
  return img;
}

/** Smooth but steep waves: a misplaced paste is off by tens of levels. */
function waves(width: number, height: number): RgbaImage {
  const img = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      img.data[o] = 128 + 100 * Math.sin(x / 40);
      img.data[o + 1] = 128 + 100 * Math.cos(y / 25);
      img.data[o + 2] = 128 + 80 * Math.sin((x + y) / 60);
      img.data[o + 3] = 255;
    }
  }
  return img;
}

function rectMask(width: number, height: number, rects: Array<[number, number, number, number]>, value = 255): Mask {
  const mask = createMask(width, height);
  for (const [x0, y0, w, h] of rects) for (let y = y0; y < y0 + h; y++) mask.data.fill(value, y * width + x0, y * width + x0 + w);
  return mask;
}

function assertUnchangedOutsideMask(before: RgbaImage, after: RgbaImage, mask: Mask): void {
  let changed = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] !== 0) continue;
    for (let c = 0; c < 4; c++) if (before.data[i * 4 + c] !== after.data[i * 4 + c]) changed++;
  }
  expect(changed).toBe(0);
}

/** Mean absolute error over the mask's pixels at least `inset` pixels inside its edge (RGB). */
function insideError(after: RgbaImage, mask: Mask, expected: (x: number, y: number, c: number) => number, inset = 0): { mean: number; max: number; n: number } {
  let sum = 0;
  let max = 0;
  let n = 0;
  const { width: w, height: h } = mask;
  for (let y = inset; y < h - inset; y++) {
    for (let x = inset; x < w - inset; x++) {
      let deep = true;
      for (let d = -inset; d <= inset && deep; d++) {
        if (!mask.data[(y + d) * w + x] || !mask.data[y * w + x + d]) deep = false;
      }
      if (!deep || !mask.data[y * w + x]) continue;
      for (let c = 0; c < 3; c++) {
        const e = Math.abs(after.data[(y * w + x) * 4 + c] - expected(x, y, c));
        sum += e;
        if (e > max) max = e;
      }
      n++;
    }
  }
  return { mean: sum / (3 * n), max, n };
}

const model = (o: TinyLamaOptions) => tinyLamaModel(o);

describe('createLamaInpainter', () => {
  it('fills holes with the model output and leaves every other pixel byte-identical (fixed 512 export)', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    const image = texture(700, 420);
    const mask = rectMask(700, 420, [[60, 50, 180, 30], [400, 300, 220, 40]]);
    const out = await lama.inpaint(image, mask);
    assertUnchangedOutsideMask(image, out, mask);
    // Crops fit at scale 1: every hole pixel is exactly the graph's 0.5 * 255.
    const err = insideError(out, mask, () => 127.5);
    expect(err.n).toBe(180 * 30 + 220 * 40);
    expect(err.max).toBeLessThanOrEqual(1);
    // Each run is exactly LaMa's fixed plane.
    expect(rec.runs.length).toBeGreaterThan(0);
    for (const run of rec.runs) {
      expect(run.image.slice(1)).toEqual([3, 512, 512]);
      expect(run.mask.slice(1)).toEqual([1, 512, 512]);
    }
    lama.dispose();
  });

  it('scales a region larger than 512 down and back into the same place (identity graph)', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'identity' }), uniformFastPath: false, zeroHoles: false });
    const image = waves(1500, 360);
    const mask = rectMask(1500, 360, [[100, 140, 1300, 70]]);
    const plan = planLamaCrop({ x: 60, y: 100, width: 1380, height: 150 }, 1500, 360, { kind: 'fixed', width: 512, height: 512 });
    expect(plan.scale).toBeLessThan(0.5);
    const out = await lama.inpaint(image, mask);
    assertUnchangedOutsideMask(image, out, mask);
    const original = (x: number, y: number, c: number) => image.data[(y * 1500 + x) * 4 + c];
    const err = insideError(out, mask, original, 3);
    // Down- and up-scaling by ~0.35 blurs a little; a misplaced paste would be tens of levels off.
    expect(err.mean).toBeLessThan(3);
    // The same check against a copy shifted by 6 px fails, so the bound above is meaningful.
    const shifted = insideError(out, mask, (x, y, c) => original(Math.min(1499, x + 6), y, c), 3);
    expect(shifted.mean).toBeGreaterThan(4 * err.mean);
  });

  it('keeps holes filled after downscaling (fill graph, scaled crop)', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    const image = texture(1600, 300);
    const mask = rectMask(1600, 300, [[80, 120, 1400, 50]]);
    const out = await lama.inpaint(image, mask);
    assertUnchangedOutsideMask(image, out, mask);
    // Away from the hole's edge the upscaled fill is the flat grey.
    expect(insideError(out, mask, () => 127.5, 4).max).toBeLessThanOrEqual(2);
  });

  it('blends soft mask edges by the mask value', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }), uniformFastPath: false });
    const image = texture(300, 200);
    const mask = rectMask(300, 200, [[100, 80, 60, 20]]);
    for (let x = 100; x < 160; x++) mask.data[79 * 300 + x] = 128; // a soft row above the hole
    const out = await lama.inpaint(image, mask);
    for (const x of [100, 130, 159]) {
      const o = (79 * 300 + x) * 4;
      const expected = image.data[o] * (1 - 128 / 255) + 127.5 * (128 / 255);
      expect(Math.abs(out.data[o] - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('batches crops for a dynamic-shape export, padding each batch to a multiple of 8', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({
      backend: rec.backend,
      model: model({ mode: 'fill', size: 'dynamic' }),
      batchSize: 3,
      regions: { margin: 8, relativeMargin: 0, maxMargin: 8 },
    });
    const image = texture(900, 700);
    const rects: Array<[number, number, number, number]> = [];
    for (let i = 0; i < 7; i++) rects.push([30 + (i % 3) * 290, 40 + Math.floor(i / 3) * 220, 100 + 17 * i, 21 + 3 * i]);
    const mask = rectMask(900, 700, rects);
    const out = await lama.inpaint(image, mask);
    expect(rec.runs.map((r) => r.image[0])).toEqual([3, 3, 1]);
    for (const run of rec.runs) {
      expect(run.image[2] % 8).toBe(0);
      expect(run.image[3] % 8).toBe(0);
      expect(run.image[3]).toBeLessThanOrEqual(512);
    }
    assertUnchangedOutsideMask(image, out, mask);
    expect(insideError(out, mask, () => 127.5).max).toBeLessThanOrEqual(1);
  });

  it('runs one crop at a time when the batch dimension is fixed to 1', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill', batch: 1 }), batchSize: 4 });
    const image = texture(1200, 600);
    const mask = rectMask(1200, 600, [[40, 40, 100, 20], [700, 450, 100, 20]]);
    await lama.inpaint(image, mask);
    expect(rec.runs.length).toBe(2);
    expect(rec.runs.every((r) => r.image[0] === 1)).toBe(true);
  });

  it('honours outputMax for exports that answer in 0..1', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill', outputMax: 1 }), outputMax: 1 });
    const image = texture(200, 200);
    const mask = rectMask(200, 200, [[50, 50, 80, 30]]);
    const out = await lama.inpaint(image, mask);
    expect(insideError(out, mask, () => 127.5).max).toBeLessThanOrEqual(1);
  });

  it('takes the uniform fast path without loading the model on a flat background', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    const image = createImage(300, 200);
    for (let i = 0; i < image.data.length; i += 4) image.data.set([200, 180, 40, 255], i);
    const mask = rectMask(300, 200, [[100, 80, 90, 25]]);
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) image.data.set([0, 0, 0, 255], i * 4); // "text"
    const out = await lama.inpaint(image, mask);
    expect(rec.sessions).toBe(0);
    expect(insideError(out, mask, (_x, _y, c) => [200, 180, 40][c]).max).toBeLessThanOrEqual(2);
  });

  it('returns an unchanged copy for an empty mask', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    const image = texture(64, 64);
    const out = await lama.inpaint(image, createMask(64, 64));
    expect(out).not.toBe(image);
    expect(Buffer.from(out.data).equals(Buffer.from(image.data))).toBe(true);
    expect(rec.sessions).toBe(0);
  });

  it('rejects bad input with INVALID_INPUT naming the parameter', async () => {
    const rec = recordingBackend();
    expect(() => createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }), size: 500 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'size' } }),
    );
    expect(() => createLamaInpainter({ backend: rec.backend, model: '' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'model' } }));
    expect(() => createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }), batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'batchSize' } }),
    );
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    await expect(lama.inpaint(texture(64, 64), createMask(32, 64))).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'mask' } });
  });

  it('stops with ABORTED when the signal is aborted', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    const controller = new AbortController();
    controller.abort();
    await expect(lama.inpaint(texture(64, 64), rectMask(64, 64, [[10, 10, 20, 10]]), { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('rejects a model without LaMa signature with MODEL_INVALID', async () => {
    const rec = recordingBackend();
    const relu = encodeOnnxModel({
      inputs: [{ name: 'x', dims: [1, 3, 512, 512] }],
      outputs: [{ name: 'y', dims: [1, 3, 512, 512] }],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    const lama = createLamaInpainter({ backend: rec.backend, model: relu, uniformFastPath: false });
    await expect(lama.inpaint(texture(64, 64), rectMask(64, 64, [[10, 10, 20, 10]]))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('refuses to run after dispose()', async () => {
    const rec = recordingBackend();
    const lama = createLamaInpainter({ backend: rec.backend, model: model({ mode: 'fill' }) });
    lama.dispose();
    lama.dispose();
    await expect(lama.inpaint(texture(32, 32), createMask(32, 32))).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});

describe('LaMa crop geometry', () => {
  it('grows a small region to the whole 512 plane, inside the image, at scale 1', () => {
    const c = planLamaCrop({ x: 10, y: 950, width: 100, height: 40 }, 2000, 1000, { kind: 'fixed', width: 512, height: 512 });
    expect(c.scale).toBe(1);
    expect(c.crop).toEqual({ x: 0, y: 488, width: 512, height: 512 });
    expect(c.crop.x + c.crop.width).toBeLessThanOrEqual(2000);
  });

  it('keeps the aspect when scaling a wide region down', () => {
    const c = planLamaCrop({ x: 0, y: 400, width: 2048, height: 100 }, 2048, 1000, { kind: 'fixed', width: 512, height: 512 });
    expect(c.scale).toBeCloseTo(0.25, 5);
    expect(c.scaledWidth).toBe(512);
    expect(c.crop.height).toBe(1000); // grown for context as far as the image allows
    expect(c.scaledHeight).toBe(250);
  });

  it('mirrors indices at any distance', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => mirror(i, 3))).toEqual([0, 1, 2, 2, 1, 0, 0, 1]);
    expect(mirror(5, 1)).toBe(0);
  });
});
