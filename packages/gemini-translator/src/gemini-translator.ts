import type { Translator } from '@glossa/core';
import type { GeminiTranslatorOptions } from './options.js';
import { createGeminiTranslatorWithTuning } from './translate-impl.js';

/**
 * Creates a `Translator` (from `@glossa/core`) backed by Google's Gemini API through the
 * official `@google/genai` SDK. Runs in Node and in browsers.
 *
 * Each `translate()` call sends its batch as one structured-output request
 * (an array of `{id, text}`, exactly one per input), with a system instruction
 * written for image text, the glossary, earlier pages and optionally the page
 * image as context. The reply is used only when every id comes back exactly
 * once and each text passes checks (right language, no self-repetition,
 * glossary terms used); otherwise the batch is retried, then split in halves
 * down to single items. Item texts are sent as JSON data, so text in an image
 * that reads like an instruction is translated, not obeyed.
 *
 * Transport failures (429, 5xx, timeouts, dropped connections) are retried
 * with exponential backoff and jitter, honouring `Retry-After`; `concurrency`
 * and `requestsPerMinute` bound the load; every wait honours the request's
 * `signal`.
 *
 * The translator's `id` is `gemini:<model>`, for the translation cache key.
 *
 * @param options - see {@link GeminiTranslatorOptions}; every field is optional
 * @returns a `Translator` to hand to the pipeline
 * @throws `GlossaError('INVALID_INPUT')` for a malformed option, or when no API key is
 *   given, neither `GEMINI_API_KEY` nor `GOOGLE_API_KEY` is set and no proxy `baseUrl` is given.
 *   `translate()` rejects with `GlossaError('TRANSLATOR_FAILED')` (`details.status` holds the
 *   HTTP status, if any) or `GlossaError('ABORTED')`; the API key never appears in either.
 *
 * @example Node, key from GEMINI_API_KEY
 * ```ts
 * import { createGeminiTranslator } from '@glossa/gemini-translator';
 *
 * const translator = createGeminiTranslator({ concurrency: 2, requestsPerMinute: 30 });
 * const out = await translator.translate({
 *   items: [{ id: 'b1', text: '限时优惠' }, { id: 'b2', text: '¥199' }],
 *   sourceLang: 'zh',
 *   targetLang: 'ko',
 *   context: { glossary: { 优惠: '특가' } },
 * });
 * // [{ id: 'b1', text: '기간 한정 특가' }, { id: 'b2', text: '¥199' }]
 * ```
 *
 * @example Browser, through your own proxy that adds the key
 * ```ts
 * const translator = createGeminiTranslator({ baseUrl: 'https://example.com/api/gemini' });
 * ```
 */
export function createGeminiTranslator(options: GeminiTranslatorOptions = {}): Translator {
  return createGeminiTranslatorWithTuning(options);
}
