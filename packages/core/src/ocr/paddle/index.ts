export { createPaddleOcr, sortLines, type PaddleOcr, type PaddleOcrModels, type PaddleOcrOptions } from './paddle-ocr.js';
export { dbPostprocess, type DbPostprocessOptions, type DetectedBox, type ProbabilityMap } from './db-postprocess.js';
export { ctcGreedyDecode, parseRecDictionary, type DecodedText } from './ctc.js';
export { detInputSize } from './det-preprocess.js';
export { cropGeometry, type CropGeometry } from './rec-crop.js';
export { planDetSlices, type DetSlice } from './det-slices.js';
export { convexIou } from './geometry.js';
