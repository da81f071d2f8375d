export { pageToSvg, escapeXml, type SvgOptions, type EmbeddedImage } from './svg.js';
export { pageToPsd, type PsdOptions } from './psd.js';
