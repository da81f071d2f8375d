// Runs in Chromium: loads the PP-OCR detection model through createWebBackend
// and runs it on a deterministic input, so the test can compare the output
// with onnxruntime-node's for the same input.
import { createWebBackend, type ModelProgress, type WebExecutionDevice } from '@glossa/browser';

export function detInput(size: number): Float32Array {
  const data = new Float32Array(3 * size * size);
  let a = 12345;
  for (let i = 0; i < data.length; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    data[i] = (a / 4294967296) * 2 - 1;
  }
  return data;
}

async function runDet(device: WebExecutionDevice | 'auto', size: number) {
  const progress: ModelProgress[] = [];
  const backend = createWebBackend({ device, wasmPaths: '/ort/', onProgress: (p) => progress.push(p) });
  try {
    const session = await backend.createSession('/models/ch_PP-OCRv4_det_infer.onnx');
    const input = new backend.Tensor('float32', detInput(size), [1, 3, size, size]);
    const out = await session.run({ [session.inputNames[0]]: input });
    const tensor = out[session.outputNames[0]];
    return {
      device: backend.device,
      dims: tensor.dims,
      data: Array.from(tensor.data as Float32Array),
      progress: { events: progress.length, last: progress.at(-1) },
    };
  } finally {
    await backend.dispose();
  }
}

async function badDevice(): Promise<{ code?: string; message?: string }> {
  try {
    createWebBackend({ device: 'gpu' as never });
    return {};
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
}

async function missingModel(): Promise<{ code?: string; message?: string }> {
  const backend = createWebBackend({ device: 'wasm', wasmPaths: '/ort/' });
  try {
    await backend.createSession('/models/nope.onnx');
    return {};
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  } finally {
    await backend.dispose();
  }
}

Object.assign(globalThis, { glossaTest: { runDet, badDevice, missingModel } });
