export { groupLines, createBlocks, DEFAULT_GROUP_OPTIONS, GROUPING_POLICIES } from './group.js';
export type { GroupOptions, GroupingPolicy, LineGroup } from './group.js';
export * from './paddle/index.js';
export * from './tesseract/index.js';
