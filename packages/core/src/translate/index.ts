export { createTranslationMapTranslator, normaliseForMatch, type TranslationMap, type TranslationMapOptions, type TranslationMapTranslator } from './translation-map.js';
export { assertLanguageTag, isLanguageTag } from './language-tag.js';
