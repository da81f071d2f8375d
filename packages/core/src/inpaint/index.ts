export { findMaskRegions, fillIfUniform } from './regions.js';
export type { MaskRegionOptions, UniformFillOptions } from './regions.js';
export { createClassicalInpainter } from './classical.js';
export type { ClassicalInpainterOptions } from './classical.js';
