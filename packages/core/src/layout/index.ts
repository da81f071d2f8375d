export { layoutPage, layoutPageAsync, layoutBlock, defaultMinFontSize, DEFAULT_MAX_LAYOUT_LENGTH, type LayoutOptions } from './layout.js';
export { breakLines, breakScriptFor, type BreakOptions, type BreakScript } from './line-break.js';
export { toVerticalForms, fromVerticalForms } from './vertical.js';
export { backgroundFreeSpace, type BackgroundFreeSpaceOptions, type FreeSpaceTest } from './free-space.js';
export { layoutBalloonPage, type BalloonLayoutOptions } from './balloon.js';
