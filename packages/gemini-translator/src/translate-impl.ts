import {
  assertRgbaImage,
  GlossaError,
  invalidParameter,
  is,
  toGlossaError,
  type TranslationItem,
  type TranslationRequest,
  type Translator,
} from '@glossa/core';
import { prepareContextImage, type InlineImage } from './image/page-image.js';
import { abortedError, raceAbort, sleep } from './limits/abortable.js';
import { backoffDelay } from './limits/backoff.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { Semaphore } from './limits/semaphore.js';
import { assertGlossary, resolveOptions, type GeminiTranslatorOptions, type GeminiTranslatorTuning } from './options.js';
import { parseReply } from './reply/parse.js';
import { checkItems, normalizeForCompare, type ItemProblem, type QualityContext } from './reply/quality.js';
import { AttemptError, createGeminiCaller, type GeminiReply } from './request/gemini-call.js';
import { relevantGlossary, replySchema, systemInstruction, userPayload } from './request/prompt.js';
import type { Part } from '@google/genai';

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const HAS_LETTER = /\p{L}/u;

/** One batch outcome before quality checks. */
type BatchReply = { kind: 'ok'; texts: Map<string, string> } | { kind: 'failed'; reason: string };

/**
 * {@link createGeminiTranslator} with test-only timing knobs.
 * @internal
 */
export function createGeminiTranslatorWithTuning(
  options: GeminiTranslatorOptions = {},
  tuning: GeminiTranslatorTuning = {},
): Translator {
  const settings = resolveOptions(options, tuning);
  const { tuning: knobs } = settings;
  const call = createGeminiCaller(settings);
  const slots = new Semaphore(settings.concurrency);
  const rate = new RateLimiter(settings.requestsPerMinute, knobs.rateWindowMs);

  /** Sends one request, retrying transport failures; the reply is parsed, not yet checked. */
  async function send(parts: Part[], instruction: string, ids: string[], signal?: AbortSignal): Promise<GeminiReply> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortedError(signal);
      let wait: number;
      const release = await slots.acquire(signal);
      try {
        await rate.take(signal);
        return await call({ systemInstruction: instruction, parts, schema: replySchema(ids), signal });
      } catch (error) {
        if (!(error instanceof AttemptError)) throw error;
        if (error.kind === 'aborted') throw abortedError(signal ?? AbortSignal.abort());
        if (!error.retryable || attempt >= settings.maxRetries) throw transportFailure(error, attempt + 1);
        if (error.retryAfterMs !== undefined && error.retryAfterMs > knobs.maxRetryAfterMs) {
          throw transportFailure(error, attempt + 1);
        }
        wait =
          error.retryAfterMs !== undefined
            ? // Honour the server's wait, plus a little jitter so parallel requests do not return in lockstep.
              error.retryAfterMs + knobs.random() * Math.min(1000, error.retryAfterMs * 0.1)
            : backoffDelay(attempt, knobs.baseDelayMs, knobs.maxDelayMs, knobs.random);
      } finally {
        release();
      }
      // The concurrency slot is free while we back off.
      await sleep(wait, signal);
    }
  }

  function transportFailure(error: AttemptError, attempts: number): GlossaError {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    let message: string;
    if (error.kind === 'timeout') {
      message = `Gemini did not reply within ${settings.timeoutMs} ms (${tries}); raise timeoutMs or send smaller batches`;
    } else if (error.kind === 'http') {
      const hint =
        error.status === 401 || error.status === 403
          ? '; check the API key and that the Generative Language API is enabled for it'
          : error.status === 429
            ? '; lower concurrency or requestsPerMinute, or check the quota'
            : error.status === 404
              ? `; check the model name '${settings.model}'`
              : '';
      message = `Gemini request failed with HTTP ${error.status} after ${tries}${hint}: ${error.message}`;
    } else {
      message = `Gemini request failed after ${tries}: ${error.message}`;
    }
    return new GlossaError('TRANSLATOR_FAILED', message, {
      cause: error,
      details: {
        status: error.status,
        reason: error.kind,
        attempts,
        model: settings.model,
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      },
    });
  }

  return {
    id: `gemini:${settings.model}`,

    async translate(request: TranslationRequest): Promise<TranslationItem[]> {
      try {
        return await translateBatch(request);
      } catch (error) {
        // Everything leaves as a GlossaError; our own errors already are, and carry no secrets.
        throw toGlossaError(error, 'TRANSLATOR_FAILED', 'Gemini translation failed');
      }
    },
  };

  async function translateBatch(request: TranslationRequest): Promise<TranslationItem[]> {
    validateRequest(request);
    const { items, sourceLang, targetLang, context, signal } = request;
    if (signal?.aborted) throw abortedError(signal);

    const results = new Map<string, string>();
    // Texts without a single letter (numbers, prices, punctuation) stay as they are; no need to ask.
    const toSend = items.filter((item) => {
      if (HAS_LETTER.test(item.text)) return true;
      results.set(item.id, item.text);
      return false;
    });
    if (toSend.length === 0) return items.map(({ id }) => ({ id, text: results.get(id)! }));

    const glossary = { ...settings.glossary, ...(context?.glossary ?? {}) };
    const image: InlineImage | undefined =
      settings.sendImage && context?.image ? await raceAbort(prepareContextImage(context.image), signal) : undefined;
    const instruction = systemInstruction(sourceLang, targetLang);

    const requestBatch = async (batch: readonly TranslationItem[], entries: Array<[string, string]>): Promise<BatchReply> => {
      // Positional ids ("1", "2", ...) are short, collision-free and carry nothing from the caller into the prompt.
      const local = batch.map((item, i) => ({ id: String(i + 1), text: item.text }));
      const ids = local.map((item) => item.id);
      const parts: Part[] = [];
      if (image) parts.push({ inlineData: { mimeType: image.mimeType, data: image.data } });
      parts.push({ text: userPayload(local, sourceLang, targetLang, entries, context?.previous) });
      const reply = await send(parts, instruction, ids, signal);
      if (reply.blockReason) return { kind: 'failed', reason: `the prompt was blocked (${reply.blockReason})` };
      const parsed = parseReply(reply.text, ids);
      if (parsed.kind !== 'ok') {
        const finish = reply.finishReason && reply.finishReason !== 'STOP' ? ` (finish reason ${reply.finishReason})` : '';
        return { kind: 'failed', reason: parsed.reason + finish };
      }
      const texts = new Map<string, string>();
      batch.forEach((item, i) => texts.set(item.id, parsed.texts.get(String(i + 1))!));
      return { kind: 'ok', texts };
    };

    /**
     * Never drift: a reply is used only when every id came back exactly once.
     * Unusable replies are retried, then the batch is split in halves down to
     * single items; items that fail the quality checks are sent again on their own.
     */
    const solve = async (batch: readonly TranslationItem[]): Promise<void> => {
      let pending = batch;
      let reason = '';
      let problem: ItemProblem | undefined;
      for (let attempt = 0; attempt <= settings.tuning.replyRetries && pending.length > 0; attempt++) {
        const entries = relevantGlossary(glossary, pending, normalizeForCompare);
        const outcome = await requestBatch(pending, entries);
        if (outcome.kind === 'failed') {
          reason = outcome.reason;
          problem = undefined;
          continue;
        }
        const quality: QualityContext = { sourceLang, targetLang, glossary: entries };
        const problems = checkItems(pending, outcome.texts, quality);
        for (const item of pending) if (!problems.has(item.id)) results.set(item.id, outcome.texts.get(item.id)!);
        pending = pending.filter((item) => problems.has(item.id));
        if (pending.length) {
          problem = problems.get(pending[0].id);
          reason = `${pending.length} item(s) rejected (${[...new Set(problems.values())].join(', ')})`;
        }
      }
      if (pending.length === 0) return;
      if (pending.length === 1) {
        throw new GlossaError(
          'TRANSLATOR_FAILED',
          `Gemini gave no usable translation for item '${pending[0].id}': ${reason}`,
          { details: { id: pending[0].id, reason: problem ?? 'unusable-reply', model: settings.model } },
        );
      }
      const half = Math.ceil(pending.length / 2);
      await solve(pending.slice(0, half));
      await solve(pending.slice(half));
    };

    await solve(toSend);
    return items.map(({ id }) => ({ id, text: results.get(id)! }));
  }
}

function validateRequest(request: TranslationRequest): void {
  if (!is.object(request)) throw invalidParameter('request', 'an object', request);
  const { items, sourceLang, targetLang, context, signal } = request;
  if (!Array.isArray(items)) throw invalidParameter('items', 'an array of {id, text}', items);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!is.object(item)) throw invalidParameter(`items[${i}]`, 'an object {id, text}', item);
    if (!is.string(item.id) || item.id === '') throw invalidParameter(`items[${i}].id`, 'a non-empty string', item.id);
    if (!is.string(item.text)) throw invalidParameter(`items[${i}].text`, 'a string', item.text);
    if (seen.has(item.id)) throw invalidParameter(`items[${i}].id`, 'an id unique within the request', item.id);
    seen.add(item.id);
  });
  if (!is.string(targetLang) || !LANGUAGE_TAG.test(targetLang)) {
    throw invalidParameter('targetLang', 'a BCP 47 language tag such as ko or en', targetLang);
  }
  if (sourceLang !== undefined && (!is.string(sourceLang) || !LANGUAGE_TAG.test(sourceLang))) {
    throw invalidParameter('sourceLang', 'a BCP 47 language tag such as zh or ja', sourceLang);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalidParameter('signal', 'an AbortSignal', signal);
  if (context !== undefined) {
    if (!is.object(context)) throw invalidParameter('context', 'an object', context);
    if (context.image !== undefined) assertRgbaImage(context.image, 'context.image');
    if (context.glossary !== undefined) assertGlossary('context.glossary', context.glossary);
    if (context.previous !== undefined) {
      if (!Array.isArray(context.previous)) throw invalidParameter('context.previous', 'an array of {source, translation}', context.previous);
      context.previous.forEach((pair, i) => {
        if (!is.object(pair) || !is.string(pair.source) || !is.string(pair.translation)) {
          throw invalidParameter(`context.previous[${i}]`, 'an object {source, translation} of strings', pair);
        }
      });
    }
  }
}
