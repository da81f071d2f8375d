export { createNodeOcr, defaultOcrModelPaths, type NodeOcrModelPaths, type NodeOcrOptions } from './create-node-ocr.js';
export * from './tesseract/index.js';
