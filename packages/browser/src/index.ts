// @glossa/browser: the runtime pieces that differ in the browser (onnxruntime-web,
// OffscreenCanvas, Cache Storage, a Web Worker); every algorithm comes from @glossa/core.
export * from './cache.js';
export * from './ort.js';
export * from './canvas.js';
export * from './ocr.js';
export * from './tesseract.js';
export * from './worker/index.js';
