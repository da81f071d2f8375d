export { drawTextBlock, drawTextBlocks, type TextCanvasContext } from './draw-block.js';
