export { createNodeOcr, defaultOcrModelPaths, type NodeOcrModelPaths, type NodeOcrOptions } from './create-node-ocr.js';
