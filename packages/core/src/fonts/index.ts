export * from './bundled-fonts.js';
