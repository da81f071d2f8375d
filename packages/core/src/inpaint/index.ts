export { findMaskRegions, fillIfUniform } from './regions.js';
export type { MaskRegionOptions, UniformFillOptions } from './regions.js';
export { createClassicalInpainter, TEXTURED_FILLS } from './classical.js';
export type { ClassicalInpainterOptions } from './classical.js';
