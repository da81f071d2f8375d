import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBackend } from '@glossa/node';
import { encodeOnnxModel } from '../helpers/tiny-onnx.js';

// A generated model: y = x + 1 on a [1, 4] float tensor.
const addOne = () =>
  encodeOnnxModel({
    inputs: [{ name: 'x', dims: [1, 4] }],
    outputs: [{ name: 'y', dims: [1, 4] }],
    initializers: [{ name: 'one', dims: [1], values: [1] }],
    nodes: [{ op: 'Add', inputs: ['x', 'one'], outputs: ['y'] }],
  });

let dir: string;
let modelPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-ort-'));
  modelPath = join(dir, 'add-one.onnx');
  await writeFile(modelPath, addOne());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createNodeBackend', () => {
  it('runs a model on the CPU and caches sessions per model', async () => {
    const backend = createNodeBackend({ device: 'cpu' });
    const a = await backend.createSession(modelPath);
    const b = await backend.createSession(modelPath);
    expect(a).toBe(b);
    expect(backend.device).toBe('cpu');
    const out = await a.run({ x: new backend.Tensor('float32', new Float32Array([1, 2, 3, 4]), [1, 4]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([2, 3, 4, 5]);
    await backend.dispose();
    await backend.dispose(); // idempotent
    await expect(backend.createSession(modelPath)).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('loads a model from bytes', async () => {
    const backend = createNodeBackend({ device: 'cpu' });
    const session = await backend.createSession(addOne());
    expect(session.inputNames).toEqual(['x']);
    await backend.dispose();
  });

  it("with 'auto' falls back to CPU with exactly one warning when CUDA cannot be used", async () => {
    const warnings: string[] = [];
    const backend = createNodeBackend({ device: 'auto', onWarning: (m) => warnings.push(m) });
    // Two models loading at once must not both try CUDA.
    const other = join(dir, 'other.onnx');
    await writeFile(other, addOne());
    await Promise.all([backend.createSession(modelPath), backend.createSession(other)]);
    if (backend.device === 'cuda') {
      expect(warnings).toEqual([]); // a machine with CUDA installed
    } else {
      expect(backend.device).toBe('cpu');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/CUDA is not available.*running on CPU/);
    }
    await backend.dispose();
  });

  it("with 'cuda' fails with UNSUPPORTED instead of falling back when CUDA cannot be used", async () => {
    const backend = createNodeBackend({ device: 'cuda' });
    try {
      await backend.createSession(modelPath);
      expect(backend.device).toBe('cuda'); // only on a machine with CUDA
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNSUPPORTED', details: { field: 'device' } });
    }
    await backend.dispose();
  });

  it('rejects an unknown device and a file that is not a model', async () => {
    expect(() => createNodeBackend({ device: 'tpu' as never })).toThrowError(/one of auto, cpu, cuda for device/);
    const bad = join(dir, 'bad.onnx');
    await writeFile(bad, 'not a model');
    const backend = createNodeBackend({ device: 'cpu' });
    await expect(backend.createSession(bad)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(backend.createSession(join(dir, 'missing.onnx'))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await backend.dispose();
  });
});
