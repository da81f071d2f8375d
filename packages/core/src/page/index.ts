export * from './page.js';
export * from './geometry.js';
