export { createTranslationMapTranslator, normaliseForMatch, type TranslationMap, type TranslationMapTranslator } from './translation-map.js';
