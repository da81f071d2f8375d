/** What came back for one request, before any quality check. @internal */
export type ParsedReply =
  | { kind: 'ok'; texts: Map<string, string> }
  | { kind: 'malformed'; reason: string }
  | { kind: 'mismatch'; reason: string; missing: string[]; duplicated: string[]; unknown: string[] };

/**
 * Parses the model's JSON and checks that every expected id comes back exactly
 * once. Anything else (missing, duplicated or unknown ids, a wrong count) is a
 * mismatch: the caller must not guess which text belongs where.
 * @internal
 */
export function parseReply(text: string | undefined, expectedIds: readonly string[]): ParsedReply {
  if (text === undefined || text.trim() === '') return { kind: 'malformed', reason: 'the reply has no text' };
  let value: unknown;
  try {
    // Structured output is plain JSON; a fenced block is tolerated in case a proxy or model adds one.
    value = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { kind: 'malformed', reason: 'the reply is not valid JSON' };
  }
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { translations?: unknown }).translations)
      ? (value as { translations: unknown[] }).translations
      : undefined;
  if (!list) return { kind: 'malformed', reason: 'the reply is not an array of {id, text}' };

  const expected = new Set(expectedIds);
  const texts = new Map<string, string>();
  const duplicated: string[] = [];
  const unknown: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) return { kind: 'malformed', reason: 'an entry is not an object' };
    const { id, text: translated } = entry as { id?: unknown; text?: unknown };
    const key = typeof id === 'number' ? String(id) : id;
    if (typeof key !== 'string' || typeof translated !== 'string') {
      return { kind: 'malformed', reason: 'an entry lacks a string id or text' };
    }
    if (!expected.has(key)) unknown.push(key);
    else if (texts.has(key)) duplicated.push(key);
    else texts.set(key, translated);
  }
  const missing = expectedIds.filter((id) => !texts.has(id));
  if (missing.length || duplicated.length || unknown.length) {
    const parts = [
      missing.length ? `${missing.length} missing` : '',
      duplicated.length ? `${duplicated.length} duplicated` : '',
      unknown.length ? `${unknown.length} unknown` : '',
    ].filter(Boolean);
    return {
      kind: 'mismatch',
      reason: `expected ${expectedIds.length} items, got ${list.length} (${parts.join(', ')})`,
      missing,
      duplicated,
      unknown,
    };
  }
  return { kind: 'ok', texts };
}
