export { maskFromPolygons, fillPolygon, dilateMask, erodeMask, closeMask, maskArea, maskBounds, unionMasks } from './mask-ops.js';
