export { createPipeline } from './pipeline.js';
export type { BatchingOptions } from './translation-batcher.js';
export * from './types.js';
export { defaultGroup, defaultMask, createDefaultLayout, relayoutPage, defaultStages, type DefaultLayoutOptions } from './defaults.js';
export { pageWarnings } from './warnings.js';
export type { Progress, ModelProgress, PullProgress } from './progress.js';
