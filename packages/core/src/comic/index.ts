export type { TextDetector, BlockReader, BlockReading, ReadBlockOptions, Bubble, BubbleKind } from './bubble.js';
export { findBubbles, type FindBubblesOptions } from './find-bubbles.js';
export { findPanels, orderBubbles } from './reading-order.js';
export { createComicOcr, type BubbleLine, type ComicOcrOptions } from './comic-ocr.js';
export { createBubbleBlocks, type BubbleBlockOptions } from './bubble-blocks.js';
export { buildBubbleMask, type BubbleMaskOptions } from './bubble-mask.js';
export { comicStages, comicFontFamily, COMIC_SCRIPT_SIMILARITY, COMIC_SCRIPT_OPTIONS, presetFor, PRESETS, type Preset, type ComicStageOptions } from './comic-stages.js';
