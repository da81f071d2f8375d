export { groupLines, createBlocks, DEFAULT_GROUP_OPTIONS } from './group.js';
export type { GroupOptions, LineGroup } from './group.js';
export * from './paddle/index.js';
