// Limits from environment variables, checked once at start-up: a value that is
// not a positive integer stops the server with a message naming the variable,
// instead of silently disabling a limit (`Number('two')` is NaN, and every
// comparison with NaN is false) or breaking every upload (`20MB`).

/** The environment variables read, the limit each sets and its meaning. */
export const LIMIT_VARIABLES = Object.freeze({
  GLOSSA_MAX_FILE_BYTES: ['fileBytes', 'bytes per uploaded image'],
  GLOSSA_MAX_FILES: ['files', 'images per request'],
  GLOSSA_MAX_PIXELS: ['pixels', 'pixels (width x height) per image'],
  GLOSSA_MAX_REQUESTS: ['requests', 'translate requests served at once'],
  GLOSSA_MAX_CONNECTIONS: ['connections', 'open connections'],
  GLOSSA_BODY_TIMEOUT_MS: ['bodyMs', 'milliseconds to receive a whole request'],
  GLOSSA_HEADERS_TIMEOUT_MS: ['headersMs', 'milliseconds to receive the request headers'],
});

/**
 * Reads PORT and the GLOSSA_MAX_* / GLOSSA_*_TIMEOUT_MS variables. Unset
 * variables are left out (the server's defaults apply).
 *
 * @param {Record<string, string | undefined>} env - usually `process.env`
 * @returns {{ port: number | undefined, limits: Record<string, number> }}
 * @throws {RangeError} naming the first malformed variable, what it expects and what it got
 */
export function limitsFromEnv(env) {
  const limits = {};
  for (const [name, [key, meaning]] of Object.entries(LIMIT_VARIABLES)) {
    const value = readInteger(env, name, meaning, 1);
    if (value !== undefined) limits[key] = value;
  }
  return { port: readInteger(env, 'PORT', 'the port to listen on (0 picks a free one)', 0), limits };
}

/**
 * Checks limits given in code the way the variables are checked.
 *
 * @param {Record<string, unknown>} limits
 * @throws {RangeError} for a limit that is not a positive integer
 */
export function checkLimits(limits) {
  for (const [key, value] of Object.entries(limits)) {
    if (key === 'formats') continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`Expected a positive integer for limits.${key} but received ${String(value)}`);
    }
  }
}

function readInteger(env, name, meaning, min) {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    const kind = min === 0 ? 'a whole number' : 'a positive integer';
    throw new RangeError(`${name} must be ${kind} (${meaning}, no units), but it is "${raw}"`);
  }
  return value;
}
