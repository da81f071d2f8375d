// OpenCV's Telea inpainting (cv.inpaint, INPAINT_TELEA) through
// @techstark/opencv-js, the baseline of the erasure evaluation.
import { createRequire } from 'node:module';

let ready;

/**
 * Loads OpenCV.js once and resolves to `{ cv }`. The module object is an
 * Emscripten thenable whose `then` hands back the module itself, so it must
 * never be awaited or passed to `resolve()` directly: promise adoption would
 * call `then` forever and starve the event loop. Wait for
 * `onRuntimeInitialized` and wrap it instead.
 */
export function loadOpenCv() {
  ready ??= new Promise((resolve, reject) => {
    const require = createRequire(import.meta.url);
    let cv;
    try {
      cv = require('@techstark/opencv-js');
    } catch (error) {
      reject(new Error(`@techstark/opencv-js is not installed (a root devDependency): ${error.message}`));
      return;
    }
    if (typeof cv.Mat === 'function') resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return ready;
}

/** Telea inpainting of `image` (RgbaImage) where `mask` (255 = fill) is set, with the given radius; returns a new RgbaImage. */
export async function teleaInpaint(image, mask, radius = 3) {
  const { cv } = await loadOpenCv();
  const { width, height } = image;
  const rgba = cv.matFromArray(height, width, cv.CV_8UC4, image.data);
  const rgb = new cv.Mat();
  cv.cvtColor(rgba, rgb, cv.COLOR_RGBA2RGB);
  const m = cv.matFromArray(height, width, cv.CV_8UC1, mask.data.map((v) => (v > 0 ? 255 : 0)));
  const dst = new cv.Mat();
  try {
    cv.inpaint(rgb, m, dst, radius, cv.INPAINT_TELEA);
    const outRgba = new cv.Mat();
    cv.cvtColor(dst, outRgba, cv.COLOR_RGB2RGBA);
    const data = new Uint8ClampedArray(outRgba.data);
    outRgba.delete();
    return { width, height, data };
  } finally {
    rgba.delete();
    rgb.delete();
    m.delete();
    dst.delete();
  }
}
