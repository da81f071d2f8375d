import { GoogleGenAI, type GenerateContentResponse, type Part } from '@google/genai';
import { parseRetryAfter, parseRetryInfo } from '../limits/backoff.js';
import { scrubSecrets } from './secrets.js';

/**
 * The SDK needs an API key to build its client; behind a proxy there is none.
 * This placeholder is given instead and stripped from every request by
 * {@link createGeminiCaller}'s fetch, so nothing fake reaches the proxy.
 */
const NO_KEY = 'glossa-no-api-key';

/** One `generateContent` call, as the translator describes it. @internal */
export interface GeminiCall {
  systemInstruction: string;
  parts: Part[];
  schema: Record<string, unknown>;
  signal?: AbortSignal;
}

/** The useful part of a reply. @internal */
export interface GeminiReply {
  /** Concatenated text parts of the first candidate (thoughts excluded), if any. */
  text: string | undefined;
  finishReason?: string;
  blockReason?: string;
}

/** Why one HTTP attempt failed, already scrubbed of secrets. @internal */
export class AttemptError extends Error {
  constructor(
    readonly kind: 'http' | 'timeout' | 'network' | 'aborted' | 'other',
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AttemptError';
  }

  /** 408, 429, 5xx, timeouts and dropped connections are worth another try. */
  get retryable(): boolean {
    if (this.kind === 'timeout' || this.kind === 'network') return true;
    return this.kind === 'http' && (this.status === 408 || this.status === 429 || (this.status ?? 0) >= 500);
  }
}

/** Settings of {@link createGeminiCaller}. @internal */
export interface CallerSettings {
  apiKey: string | undefined;
  model: string;
  baseUrl: string | undefined;
  timeoutMs: number;
  temperature: number | undefined;
}

/** Makes single attempts (no retries) against the Gemini API through the real SDK. @internal */
export type GeminiCaller = (call: GeminiCall) => Promise<GeminiReply>;

/**
 * Builds the SDK client once and returns a function that performs exactly one
 * HTTP attempt per call: the SDK's own retries stay off (no `retryOptions`),
 * because the translator schedules retries itself, honouring `Retry-After`,
 * which the SDK's `ApiError` does not expose. A per-call `fetch` wrapper reads
 * that header off the response.
 * @internal
 */
export function createGeminiCaller(settings: CallerSettings): GeminiCaller {
  const key = settings.apiKey;
  const client = new GoogleGenAI({
    apiKey: key ?? NO_KEY,
    vertexai: false,
    httpOptions: settings.baseUrl ? { baseUrl: settings.baseUrl } : undefined,
  });

  return async (call) => {
    let headers: Headers | undefined;
    const fetchOnce = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      let sent = init;
      if (!key && init?.headers) {
        const stripped = new Headers(init.headers);
        stripped.delete('x-goog-api-key');
        sent = { ...init, headers: stripped };
      }
      const response = await globalThis.fetch(input, sent);
      headers = response.headers;
      return response;
    };

    // Our own deadline, so that a timeout can be told apart from the caller's abort.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.timeoutMs);
    const onAbort = (): void => controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    if (call.signal?.aborted) controller.abort();

    try {
      const response = await client.models.generateContent({
        model: settings.model,
        contents: [{ role: 'user', parts: call.parts }],
        config: {
          systemInstruction: call.systemInstruction,
          responseMimeType: 'application/json',
          responseJsonSchema: call.schema,
          ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
          abortSignal: controller.signal,
          // `timeout` also sends X-Server-Timeout, so the server gives up when we do.
          httpOptions: { fetch: fetchOnce, timeout: settings.timeoutMs },
        },
      });
      return readReply(response);
    } catch (error) {
      if (call.signal?.aborted) throw new AttemptError('aborted', 'The translation was aborted');
      throw classify(error, timedOut || isAbort(error), headers, key, settings.timeoutMs);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  };
}

function readReply(response: GenerateContentResponse): GeminiReply {
  const candidate = response.candidates?.[0];
  let text: string | undefined;
  for (const part of candidate?.content?.parts ?? []) {
    if (typeof part.text === 'string' && !part.thought) text = (text ?? '') + part.text;
  }
  return {
    text,
    finishReason: candidate?.finishReason,
    blockReason: response.promptFeedback?.blockReason,
  };
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function classify(
  error: unknown,
  timedOut: boolean,
  headers: Headers | undefined,
  key: string | undefined,
  timeoutMs: number,
): AttemptError {
  if (timedOut) return new AttemptError('timeout', `no reply within ${timeoutMs} ms`);
  const raw = error instanceof Error ? error.message : String(error);
  const message = scrubSecrets(raw, key).slice(0, 500);
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    const retryAfterMs = parseRetryAfter(headers?.get('retry-after')) ?? parseRetryInfo(raw);
    return new AttemptError('http', message, status, retryAfterMs);
  }
  // fetch() rejects with a TypeError when the connection fails or drops; a body cut
  // short fails to parse (SyntaxError). Both are worth another try.
  if (error instanceof TypeError || error instanceof SyntaxError) return new AttemptError('network', message);
  return new AttemptError('other', message);
}
