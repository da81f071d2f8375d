// Reads a multipart/form-data upload with busboy, enforcing the limits before
// any image reaches Glossa: bytes per file, files per request, allowed formats
// (by the file's first bytes, not by the name or the declared type, which the
// client controls), and the size of the `translations` field.
import busboy from 'busboy';
import { HttpError } from './http-error.mjs';

/**
 * Default limits; override any of them in `createGlossaServer({ limits })`.
 * docs/limits.md lists them with what a client sees when one is hit.
 */
export const DEFAULT_LIMITS = Object.freeze({
  /** Bytes per uploaded image. */
  fileBytes: 20 * 1024 * 1024,
  /** Images per request. */
  files: 10,
  /** Pixels (width x height, from the header) per image: 20 MP decodes to 80 MB of RGBA. */
  pixels: 20_000_000,
  /** Bytes of the `translations` JSON field. */
  fieldBytes: 1024 * 1024,
  /** Translate requests served at once, from the first byte of the upload to the last event; more get 503. */
  requests: 2,
  /** Open connections; more are closed as they arrive. */
  connections: 64,
  /** Milliseconds to receive a whole request (headers and body); slower clients get 408. */
  bodyMs: 60_000,
  /** Milliseconds to receive the request headers. */
  headersMs: 10_000,
  /** Formats accepted, as sniffed from the bytes. */
  formats: ['png', 'jpeg', 'webp'],
});

// Magic numbers of the formats sharp decodes that people upload.
const SIGNATURES = [
  { format: 'png', test: (b) => b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a },
  { format: 'jpeg', test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { format: 'webp', test: (b) => b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
  { format: 'gif', test: (b) => b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6)) },
  { format: 'tiff', test: (b) => b.length >= 4 && ['II*\0', 'MM\0*'].includes(b.toString('latin1', 0, 4)) },
  { format: 'avif', test: (b) => b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && /^avi[fs]$/.test(b.toString('latin1', 8, 12)) },
];

/** The image format of `bytes` from its signature, or undefined. */
export function sniffFormat(bytes) {
  return SIGNATURES.find((s) => s.test(bytes))?.format;
}

/**
 * Parses the request body. Resolves `{ files: [{ filename, bytes }], fields }`
 * once the whole body is read, or rejects with an HttpError (400, 413, 415).
 * After a limit is hit the rest of the body is read and discarded, so the
 * client gets the error response instead of a reset connection; a body larger
 * than every limit together is cut off.
 */
export function readUpload(req, limits) {
  return new Promise((resolve, reject) => {
    let parser;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limits.fileBytes, files: limits.files, fieldSize: limits.fieldBytes, fields: 20, parts: limits.files + 20 },
      });
    } catch {
      reject(new HttpError(415, 'INVALID_INPUT', `Expected a multipart/form-data body with the images but received ${req.headers['content-type'] ?? 'no content-type'}`, 'body'));
      return;
    }
    const files = [];
    const fields = {};
    // 'close' can come before the last file stream's 'end': wait for every file.
    const ended = [];
    let refusal;
    const refuse = (error) => (refusal ??= error);
    // A part cut off by the end of the body fails its stream, then the parser:
    // both are answered as a malformed body (an unhandled stream 'error' would end the process).
    const malformed = (error) => new HttpError(400, 'INVALID_INPUT', `Malformed multipart body: ${error.message}`, 'body');
    // A client that disconnects (or is cut off by the body timeout) never ends the body: give up on it.
    req.on('error', () => undefined);
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'INVALID_INPUT', 'The upload ended before the whole body arrived', 'body'));
    });
    // Whatever happens, never hold more than the limits allow in memory.
    const maxBody = limits.files * limits.fileBytes + 21 * limits.fieldBytes + 1024 * 1024;
    let received = 0;
    req.on('data', (chunk) => {
      received += chunk.length;
      if (received > maxBody) {
        req.unpipe(parser);
        req.destroy();
        reject(new HttpError(413, 'IMAGE_TOO_LARGE', `The request body exceeds ${maxBody} bytes`, 'body'));
      }
    });

    parser.on('file', (field, stream, info) => {
      // `curl -F translations=@script.json` sends the script as a file part: read it as the field.
      if (field === 'translations') {
        const chunks = [];
        let size = 0;
        ended.push(new Promise((done) => stream.on('close', done)));
        stream.on('error', (error) => refuse(malformed(error)));
        stream.on('data', (chunk) => {
          size += chunk.length;
          if (size <= limits.fieldBytes) chunks.push(chunk);
          else refuse(new HttpError(413, 'INVALID_INPUT', `The translations field is larger than ${limits.fieldBytes} bytes`, 'translations'));
        });
        stream.on('end', () => (fields.translations = Buffer.concat(chunks).toString('utf8')));
        return;
      }
      const filename = (info.filename ?? field).split(/[\\/]/).pop() || `image-${files.length + 1}`;
      const chunks = [];
      ended.push(new Promise((done) => stream.on('close', done)));
      stream.on('error', (error) => refuse(malformed(error)));
      stream.on('data', (chunk) => {
        if (!refusal) chunks.push(chunk);
      });
      stream.on('limit', () =>
        refuse(new HttpError(413, 'IMAGE_TOO_LARGE', `${filename} is larger than the ${limits.fileBytes}-byte limit per image`, 'images', { filename, limit: limits.fileBytes })),
      );
      stream.on('end', () => {
        if (refusal) return;
        const bytes = Buffer.concat(chunks);
        const format = sniffFormat(bytes);
        if (bytes.length === 0) {
          refuse(new HttpError(400, 'INVALID_INPUT', `${filename} is empty (0 bytes)`, 'images', { filename }));
        } else if (!format || !limits.formats.includes(format)) {
          const found = format ? `a ${format.toUpperCase()} image` : `not an image (${info.mimeType})`;
          refuse(new HttpError(415, 'UNSUPPORTED_FORMAT', `${filename} is ${found}; allowed formats: ${limits.formats.join(', ')}`, 'images', { filename }));
        } else {
          files.push({ filename, bytes, format });
        }
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) refuse(new HttpError(413, 'INVALID_INPUT', `The ${name} field is larger than ${limits.fieldBytes} bytes`, name));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => refuse(new HttpError(413, 'INVALID_INPUT', `At most ${limits.files} images per request`, 'images', { limit: limits.files })));
    parser.on('partsLimit', () => refuse(new HttpError(413, 'INVALID_INPUT', 'Too many parts in the form', 'body')));
    parser.on('fieldsLimit', () => refuse(new HttpError(413, 'INVALID_INPUT', 'Too many fields in the form', 'body')));
    parser.on('error', (error) => {
      req.unpipe(parser);
      req.resume();
      reject(malformed(error));
    });
    parser.on('close', () => Promise.all(ended).then(() => (refusal ? reject(refusal) : resolve({ files, fields }))));
    req.pipe(parser);
  });
}
