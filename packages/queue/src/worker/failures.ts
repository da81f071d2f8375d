import type { GlossaError } from '@glossa/core';

/**
 * Whether a failed page is worth another try: a translator that was
 * rate-limited (429), unavailable (5xx) or unreachable, and timeouts. Bad
 * inputs (`INVALID_INPUT`, `UNSUPPORTED_FORMAT`, `IMAGE_TOO_LARGE`), a
 * cancellation and everything else fail the same way again, so they fail at once.
 * @internal
 */
export function isTransient(error: GlossaError): boolean {
  if (error.code === 'TIMEOUT' || error.code === 'DOWNLOAD_FAILED') return true;
  if (error.code !== 'TRANSLATOR_FAILED') return false;
  const status = error.details.status;
  // No status: the request never got an answer (network), which is transient too.
  return typeof status !== 'number' || status === 408 || status === 429 || status >= 500;
}
