// Runs in Chromium: decodes a served PNG with createImageBitmap and reads it
// with createWebOcr (core's PP-OCR on onnxruntime-web).
import { createWebOcr, decodeImage, type WebExecutionDevice } from '@glossa/browser';

async function runOcr(imageUrl: string, device: WebExecutionDevice) {
  const image = await decodeImage(await (await fetch(imageUrl)).blob());
  const ocr = await createWebOcr({
    device,
    wasmPaths: '/ort/',
    models: {
      det: '/models/ch_PP-OCRv4_det_infer.onnx',
      rec: '/models/ch_PP-OCRv4_rec_infer.onnx',
      dictionary: '/models/ppocr_keys_v1.txt',
    },
  });
  try {
    const lines = await ocr.recognize(image);
    return { width: image.width, height: image.height, lines };
  } finally {
    await ocr.dispose();
  }
}

Object.assign(globalThis, { glossaTest: { runOcr } });
