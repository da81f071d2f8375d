export { maskFromPolygons, fillPolygon, dilateMask, erodeMask, closeMask, maskArea, maskBounds, unionMasks } from './mask-ops.js';
export { buildTextMask, buildTextMaskWithMethods } from './text-mask.js';
export type { TextMaskOptions, TextMaskMethod, TextMaskResult } from './text-mask.js';
