export { inferBlockStyles, type InferStyleOptions } from './infer-style.js';
export { contrastRatio, relativeLuminance, rgbToHex, hexToRgb, type Rgb } from './color.js';
