import { GlossaError, invalidParameter, is } from '@glossa/core';

/**
 * The default model: Gemini 3.5 Flash, the generally available Flash model of
 * the Gemini API and Google's named replacement for `gemini-2.5-flash` (which
 * is scheduled to shut down on 2026-10-16). Pin another with `model`.
 *
 * @example
 * ```ts
 * const translator = createGeminiTranslator({ model: DEFAULT_GEMINI_MODEL });
 * translator.id; // 'gemini:gemini-3.5-flash'
 * ```
 */
export const DEFAULT_GEMINI_MODEL = 'gemini-3.5-flash';

/**
 * Options of {@link createGeminiTranslator}. The names are a stable contract.
 *
 * @example
 * ```ts
 * const options: GeminiTranslatorOptions = { model: 'gemini-3.5-flash', concurrency: 2, requestsPerMinute: 15 };
 * ```
 */
export interface GeminiTranslatorOptions {
  /**
   * Gemini API key. Defaults to the `GEMINI_API_KEY`, then `GOOGLE_API_KEY`
   * environment variable (Node). May be omitted when `baseUrl` points at a
   * proxy that adds the key itself (the browser setup). Never logged.
   */
  apiKey?: string;
  /** Model name. @defaultValue {@link DEFAULT_GEMINI_MODEL} */
  model?: string;
  /**
   * Base URL of the API, e.g. `https://your.server/gemini-proxy` so a browser app
   * never holds the key. Requests go to `${baseUrl}/v1beta/models/${model}:generateContent`.
   * @defaultValue `https://generativelanguage.googleapis.com`
   */
  baseUrl?: string;
  /** Deadline of one HTTP attempt in milliseconds, 1 to 600000. @defaultValue 60000 */
  timeoutMs?: number;
  /** Retries of one request after 429, 5xx, timeouts and dropped connections, 0 to 10. @defaultValue 4 */
  maxRetries?: number;
  /** Requests in flight at once, 1 to 64. @defaultValue 4 */
  concurrency?: number;
  /** Requests started in any 60-second window, 1 to 100000; unlimited when omitted. */
  requestsPerMinute?: number;
  /**
   * Terms that must always be translated a fixed way (source term → required
   * translation). Merged with, and overridden by, a request's `context.glossary`.
   */
  glossary?: Readonly<Record<string, string>>;
  /** Send `context.image` (downscaled to at most 1024 px) with each request. @defaultValue true */
  sendImage?: boolean;
  /**
   * Sampling temperature, 0 to 2. Omitted by default, so the model's own default
   * applies: Google advises keeping Gemini 3 models at 1.0, as lower values can
   * make them loop.
   */
  temperature?: number;
}

/**
 * Timing knobs for tests; production code has no reason to touch them.
 * @internal
 */
export interface GeminiTranslatorTuning {
  /** First backoff delay; doubles per retry. @defaultValue 1000 */
  baseDelayMs?: number;
  /** Largest backoff delay. @defaultValue 30000 */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this fails at once instead of waiting. @defaultValue 120000 */
  maxRetryAfterMs?: number;
  /** Window of `requestsPerMinute`. @defaultValue 60000 */
  rateWindowMs?: number;
  /** Extra attempts of one batch whose reply is unusable before it is split. @defaultValue 1 */
  replyRetries?: number;
  /** Source of jitter. @defaultValue Math.random */
  random?: () => number;
}

/** Options after validation and defaults. @internal */
export interface ResolvedOptions {
  apiKey: string | undefined;
  model: string;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  requestsPerMinute: number;
  glossary: Readonly<Record<string, string>>;
  sendImage: boolean;
  temperature: number | undefined;
  tuning: Required<GeminiTranslatorTuning>;
}

function readEnv(name: string): string | undefined {
  // `process` exists in Node only; browsers simply have no environment.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

function integerOption(name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!is.integer(value) || !is.inRange(value as number, min, max)) {
    throw invalidParameter(name, `integer between ${min} and ${max}`, value);
  }
  return value as number;
}

/** Validates the options at the boundary, with messages naming the option. @internal */
export function resolveOptions(options: GeminiTranslatorOptions, tuning: GeminiTranslatorTuning = {}): ResolvedOptions {
  if (!is.object(options)) throw invalidParameter('options', 'an object', options);
  const { apiKey, model, baseUrl, glossary, sendImage, temperature } = options;
  if (apiKey !== undefined && (!is.string(apiKey) || apiKey.trim() === '')) {
    // The value itself is never echoed: it is (meant to be) a secret.
    throw new GlossaError('INVALID_INPUT', 'Expected a non-empty string for apiKey', { details: { field: 'apiKey' } });
  }
  if (model !== undefined && (!is.string(model) || !/^[\w.\-/]+$/.test(model))) {
    throw invalidParameter('model', 'a model name such as gemini-3.5-flash', model);
  }
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = is.string(baseUrl) ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalidParameter('baseUrl', 'an absolute http(s) URL', baseUrl);
    }
  }
  if (glossary !== undefined) assertGlossary('glossary', glossary);
  if (sendImage !== undefined && typeof sendImage !== 'boolean') throw invalidParameter('sendImage', 'a boolean', sendImage);
  if (temperature !== undefined && (!is.number(temperature) || temperature < 0 || temperature > 2)) {
    throw invalidParameter('temperature', 'number between 0 and 2', temperature);
  }

  const key = apiKey?.trim() ?? readEnv('GEMINI_API_KEY') ?? readEnv('GOOGLE_API_KEY');
  if (!key && baseUrl === undefined) {
    throw new GlossaError(
      'INVALID_INPUT',
      'No Gemini API key: pass apiKey to createGeminiTranslator or set the GEMINI_API_KEY (or GOOGLE_API_KEY) ' +
        'environment variable. In a browser, pass baseUrl of a server-side proxy that adds the key instead.',
      { details: { field: 'apiKey' } },
    );
  }

  return {
    apiKey: key,
    model: model ?? DEFAULT_GEMINI_MODEL,
    baseUrl: baseUrl === undefined ? undefined : String(baseUrl).replace(/\/+$/, ''),
    timeoutMs: integerOption('timeoutMs', options.timeoutMs, 1, 600_000, 60_000),
    maxRetries: integerOption('maxRetries', options.maxRetries, 0, 10, 4),
    concurrency: integerOption('concurrency', options.concurrency, 1, 64, 4),
    requestsPerMinute: integerOption('requestsPerMinute', options.requestsPerMinute, 1, 100_000, Number.POSITIVE_INFINITY),
    glossary: { ...(glossary ?? {}) },
    sendImage: sendImage ?? true,
    temperature,
    tuning: {
      baseDelayMs: tuning.baseDelayMs ?? 1000,
      maxDelayMs: tuning.maxDelayMs ?? 30_000,
      maxRetryAfterMs: tuning.maxRetryAfterMs ?? 120_000,
      rateWindowMs: tuning.rateWindowMs ?? 60_000,
      replyRetries: tuning.replyRetries ?? 1,
      random: tuning.random ?? Math.random,
    },
  };
}

/** Throws INVALID_INPUT unless `value` maps non-empty strings to strings. @internal */
export function assertGlossary(name: string, value: unknown): asserts value is Record<string, string> {
  if (!is.object(value)) throw invalidParameter(name, 'an object of term → translation strings', value);
  for (const [term, translation] of Object.entries(value)) {
    if (term.trim() === '' || !is.string(translation)) {
      throw invalidParameter(`${name}[${JSON.stringify(term)}]`, 'a string translation of a non-empty term', translation);
    }
  }
}
