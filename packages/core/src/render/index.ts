export { drawTextBlock, type TextCanvasContext } from './draw-block.js';
