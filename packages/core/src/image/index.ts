export * from './rgba-image.js';
