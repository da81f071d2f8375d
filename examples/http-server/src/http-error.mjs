/**
 * An error the service answers with a status and a JSON body
 * `{ error: { code, message, field, ...details } }`. Codes are Glossa's stable
 * error codes (INVALID_INPUT, IMAGE_TOO_LARGE, UNSUPPORTED_FORMAT...), so
 * clients handle upload refusals and page failures the same way.
 */
export class HttpError extends Error {
  constructor(status, code, message, field, details = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }

  /** The response body. */
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...this.details } };
  }
}
