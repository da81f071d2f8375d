export { createTranslationMapTranslator, normaliseForMatch, type TranslationMap, type TranslationMapTranslator } from './translation-map.js';
export { assertLanguageTag, isLanguageTag } from './language-tag.js';
