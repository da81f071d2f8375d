export { pageToSvg, escapeXml, type SvgOptions, type EmbeddedImage } from './svg.js';
export { pageToPsd, type PsdOptions } from './psd.js';
export {
  OUTPUT_FORMATS,
  RASTER_OUTPUT_FORMATS,
  FORMAT_EXTENSIONS,
  FORMAT_MIME_TYPES,
  encodePage,
  outputFormats,
  type OutputFormat,
  type RasterOutputFormat,
  type FinishedPage,
  type PageEncoderIo,
  type EncodePageOptions,
} from './encode-page.js';
