/**
 * Glossa for Node: decode with sharp, infer with onnxruntime-node (CUDA or
 * CPU), render with @napi-rs/canvas.
 *
 * @packageDocumentation
 */
export * from './io/image-io.js';
export * from './ort/session-factory.js';
export * from './canvas/fonts.js';
export { createCanvasMeasurer, type CanvasMeasurerOptions } from './canvas/measurer.js';
export { createCanvasRenderer, type CanvasRenderer } from './canvas/renderer.js';
export * from './export/index.js';
export * from './models/index.js';
export * from './inpaint/index.js';
export * from './ocr/index.js';
export * from './translate/index.js';
