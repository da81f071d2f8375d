export { findMaskRegions, fillIfUniform } from './regions.js';
export type { MaskRegionOptions, UniformFillOptions } from './regions.js';
