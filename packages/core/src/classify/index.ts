export { classifyBlocks } from './product-text.js';
