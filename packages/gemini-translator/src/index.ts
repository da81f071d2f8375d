/**
 * Gemini translator plugin for Glossa, on the official `@google/genai` SDK.
 * Works in Node and in browsers (through a proxy `baseUrl` that holds the key).
 *
 * @packageDocumentation
 */
export { createGeminiTranslator } from './gemini-translator.js';
export { DEFAULT_GEMINI_MODEL, type GeminiTranslatorOptions } from './options.js';
export { MAX_CONTEXT_IMAGE_SIDE } from './image/page-image.js';
