/**
 * Glossa for Node: decode with sharp, infer with onnxruntime-node (CUDA or
 * CPU), render with @napi-rs/canvas.
 *
 * @packageDocumentation
 */
export * from './io/image-io.js';
export * from './ort/session-factory.js';
export * from './canvas/fonts.js';
export * from './models/index.js';
export * from './ocr/index.js';
