/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept,
 * the other half is random, so retries of many clients spread out without any
 * of them retrying immediately.
 * @internal
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** attempt);
  return exponential / 2 + random() * (exponential / 2);
}

/**
 * Parses an HTTP `Retry-After` value: delay-seconds or an HTTP date. Returns
 * milliseconds from `now`, or undefined when absent or unparseable.
 * @internal
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The Gemini API often states the wait in the error body instead of a header:
 * `{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}`.
 * Returns milliseconds, or undefined.
 * @internal
 */
export function parseRetryInfo(body: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}
