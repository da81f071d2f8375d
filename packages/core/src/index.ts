/**
 * Runtime-neutral core of Glossa: the page model, plugin interfaces, the
 * pipeline scheduler and every image algorithm. No Node or DOM APIs here.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export { invalidParameter, is, assertIntegerInRange, assertOneOf } from './validate.js';
export * from './image/index.js';
export * from './page/index.js';
export * from './plugins.js';
export * from './layout/index.js';
export * from './style/index.js';
export * from './export/index.js';
export * from './fonts/index.js';
export * from './inference/index.js';
export * from './ocr/index.js';
export * from './mask/index.js';
export * from './inpaint/index.js';
export { createLamaInpainter, type LamaInpainter, type LamaInpainterOptions } from './inpaint/lama.js';
export * from './pipeline/index.js';
export * from './translate/index.js';
export * from './render/index.js';
export * from './classify/index.js';
export * from './comic/index.js';
export { eventLoopTurns } from './event-loop.js';
