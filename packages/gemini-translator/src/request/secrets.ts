/**
 * Removes an API key from text that may end up in an error, a log line or a
 * `cause`: the literal key, `key=` query parameters and `x-goog-api-key`
 * header echoes (a proxy or a server may repeat them in an error body).
 * @internal
 */
export function scrubSecrets(text: string, key: string | undefined): string {
  let out = text;
  if (key && key.length >= 4) out = out.split(key).join('[REDACTED]');
  out = out.replace(/([?&](?:key|api_key|apiKey)=)[^&\s"'#]+/g, '$1[REDACTED]');
  out = out.replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1[REDACTED]');
  return out;
}
