// A small Glossa HTTP service on node:http:
//   POST /translate?to=ko  multipart images (+ a `translations` JSON field) →
//                          server-sent events, one per page as it finishes
//   GET  /metrics          Prometheus metrics
//   GET  /healthz          liveness
import { createServer } from 'node:http';
import { createGlossa, readImageInfo } from '@glossa/node';
import { checkLimits } from './config.mjs';
import { HttpError } from './http-error.mjs';
import { createMetrics } from './metrics.mjs';
import { createQueueModeEngine } from './queue-mode.mjs';
import { openEventStream } from './sse.mjs';
import { DEFAULT_LIMITS, readUpload } from './upload.mjs';

/** Image formats a client may ask the translated pages in (`?format=`). */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'];
const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
// BCP 47, loosely: a 2-3 letter language, then subtags (zh-Hant, pt-BR).
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Creates the service (not listening yet: call `server.listen(port)`).
 *
 * @param {object} [options]
 * @param {import('@glossa/node').GlossaEngine} [options.engine] - loaded models to share; default `createGlossa({ device })`, disposed by `close()`
 * @param {'auto'|'cpu'|'cuda'} [options.device] - for the default engine
 * @param {string} [options.redisUrl] - queue mode: pages go to @glossa/queue workers on this Redis instead of a local engine (see src/queue-mode.mjs)
 * @param {Partial<typeof DEFAULT_LIMITS>} [options.limits] - upload, pixel, concurrency and time limits; defaults in DEFAULT_LIMITS
 * @throws {RangeError} when a limit is not a positive integer
 * @param {import('@glossa/node').TranslatorChoice} [options.translator] - used when a request has no `translations` field and no `translator=none`; default Gemini when `GEMINI_API_KEY` is set
 * @param {boolean} [options.defaultMetrics] - also export prom-client's process metrics (default true)
 * @returns {{ server: import('node:http').Server, metrics: ReturnType<typeof createMetrics>, close(): Promise<void> }}
 */
export function createGlossaServer(options = {}) {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  checkLimits(limits);
  const metrics = createMetrics({ defaults: options.defaultMetrics ?? true });
  const engine =
    options.engine ??
    (options.redisUrl
      ? createQueueModeEngine(options.redisUrl, metrics.registry)
      : createGlossa({ device: options.device, limits: { maxPixels: limits.pixels, maxBytes: limits.fileBytes } }));
  const fallbackTranslator = options.translator ?? (process.env.GEMINI_API_KEY || process.env.GOOGLE_API_KEY ? 'gemini' : undefined);
  let active = 0;

  const server = createServer(
    {
      // A client that sends its headers or its body too slowly is answered 408
      // and disconnected, so it cannot hold a request slot or a connection.
      headersTimeout: Math.min(limits.headersMs, limits.bodyMs),
      requestTimeout: limits.bodyMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersMs),
    },
    handle,
  );
  // Connections over the cap are closed as they arrive.
  server.maxConnections = limits.connections;

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/translate') {
        if (req.method !== 'POST') throw new HttpError(405, 'INVALID_INPUT', 'Use POST /translate?to=<lang> with multipart/form-data images');
        await translate(req, res, url);
      } else if (url.pathname === '/metrics' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      } else if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        sendJson(res, 200, { status: 'ok', device: engine.device ?? 'not loaded yet', activeRequests: active });
      } else {
        throw new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${url.pathname}; try POST /translate, GET /metrics or GET /healthz`);
      }
    } catch (error) {
      if (res.headersSent) return; // inside an event stream: reported there
      if (error instanceof HttpError) sendJson(res, error.status, error.toJSON());
      else sendJson(res, 500, { error: { code: 'INTERNAL', message: String(error?.message ?? error) } });
    }
  }

  async function translate(req, res, url) {
    // Busy is decided before the body is read: a refused upload costs no memory.
    if (active >= limits.requests) {
      res.setHeader('retry-after', '5');
      res.setHeader('connection', 'close');
      throw new HttpError(503, 'BUSY', `Already serving ${active} requests; retry in a few seconds`);
    }
    // The slot is held from the first byte of the upload to the end of the event stream.
    active++;
    try {
      await serve(req, res, url);
    } finally {
      active--;
    }
  }

  async function serve(req, res, url) {
    // The body is read first, within the limits, so that a refusal reaches the client as a response.
    const { files, fields } = await readUpload(req, limits);
    const to = url.searchParams.get('to') ?? fields.to;
    if (!to || !LANGUAGE.test(to)) throw new HttpError(400, 'INVALID_INPUT', `Expected a target language such as ?to=ko but received ${to ?? 'none'}`, 'to');
    const from = url.searchParams.get('from') ?? fields.from ?? undefined;
    if (from !== undefined && !LANGUAGE.test(from)) throw new HttpError(400, 'INVALID_INPUT', `Expected a source language such as ?from=zh but received ${from}`, 'from');
    const format = url.searchParams.get('format') ?? 'png';
    if (!IMAGE_FORMATS.includes(format)) throw new HttpError(400, 'INVALID_INPUT', `Expected one of ${IMAGE_FORMATS.join(', ')} for format but received ${format}`, 'format');
    if (files.length === 0) throw new HttpError(400, 'INVALID_INPUT', 'Upload one or more images as multipart/form-data file fields', 'images');
    const translator = chooseTranslator(fields.translations, url.searchParams.get('translator') ?? fields.translator);
    await checkPixels(files);

    metrics.inFlight.inc(files.length);
    let reported = 0;
    const stream = openEventStream(res);
    // A client that goes away cancels its pages.
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const started = new Map();
    const t0 = performance.now();
    let ok = 0;
    try {
      stream.send('start', { to, files: files.map((f, index) => ({ index, filename: f.filename, bytes: f.bytes.length, format: f.format })) });
      const outcomes = engine.translateImages(
        files.map((f) => f.bytes),
        {
          to,
          from,
          translator,
          format: [format, 'json'],
          signal: abort.signal,
          onProgress: (e) => e.stage === 'decode' && e.state === 'start' && started.set(e.page, performance.now()),
        },
      );
      for await (const outcome of outcomes) {
        // A page finished for a client that went away was not delivered: it failed.
        const status = outcome.ok && !abort.signal.aborted ? 'ok' : 'failed';
        const seconds = (performance.now() - (started.get(outcome.index) ?? t0)) / 1000;
        metrics.pageDuration.observe({ status }, seconds);
        metrics.pages.inc({ status });
        metrics.inFlight.dec();
        reported++;
        const filename = files[outcome.index].filename;
        files[outcome.index].bytes = undefined; // done with the upload: let it go
        if (outcome.ok) {
          ok++;
          stream.send('page', {
            index: outcome.index,
            filename,
            ok: true,
            page: JSON.parse(outcome.outputs.json.toString('utf8')),
            image: { mimeType: MIME[format], base64: outcome.outputs[format].toString('base64') },
            timings: outcome.timings,
            warnings: outcome.warnings,
          });
        } else {
          stream.send('page', { index: outcome.index, filename, ok: false, error: { code: outcome.error.code, message: outcome.error.message }, stage: outcome.stage });
        }
      }
      stream.send('done', { pages: files.length, ok, failed: files.length - ok, ms: Math.round(performance.now() - t0) });
    } catch (error) {
      // The whole run failed (bad translator, aborted): say so on the stream.
      stream.send('error', { code: error?.code ?? 'INTERNAL', message: String(error?.message ?? error) });
    } finally {
      // Pages never reported (the run failed or the client went away) did not succeed.
      metrics.inFlight.dec(files.length - reported);
      if (files.length > reported) metrics.pages.inc({ status: 'failed' }, files.length - reported);
      stream.close();
    }
  }

  // Width and height come from the image header, before any pixel is decoded:
  // a 60 KB PNG can declare 7000x7000 pixels, 196 MB once decoded.
  async function checkPixels(files) {
    for (const { filename, bytes } of files) {
      // An unreadable header is left to the pipeline, which reports that page as failed.
      const info = await readImageInfo(bytes).catch(() => undefined);
      if (info && info.width * info.height > limits.pixels) {
        const mp = (n) => (n / 1e6).toFixed(1);
        throw new HttpError(
          413,
          'IMAGE_TOO_LARGE',
          `${filename} is ${info.width}x${info.height} (${mp(info.width * info.height)} MP), over the ${mp(limits.pixels)} MP limit per image; downscale it`,
          'images',
          { filename, width: info.width, height: info.height, limit: limits.pixels },
        );
      }
    }
  }

  function chooseTranslator(translations, choice) {
    if (translations !== undefined) {
      let map;
      try {
        map = JSON.parse(translations);
      } catch (error) {
        throw new HttpError(400, 'INVALID_INPUT', `The translations field is not valid JSON: ${error.message}`, 'translations');
      }
      if (typeof map !== 'object' || map === null || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string')) {
        throw new HttpError(400, 'INVALID_INPUT', 'The translations field must be a JSON object of source text → translation strings', 'translations');
      }
      return map;
    }
    if (choice === 'none') return 'none';
    if (choice !== undefined && choice !== null) throw new HttpError(400, 'INVALID_INPUT', `Expected translator=none (or a translations field) but received ${choice}`, 'translator');
    if (fallbackTranslator) return fallbackTranslator;
    throw new HttpError(400, 'INVALID_INPUT', 'Send a translations field (JSON: source text → translation) or translator=none to only erase; or start the server with GEMINI_API_KEY set', 'translations');
  }

  return {
    server,
    metrics,
    async close() {
      await new Promise((resolve) => server.close(() => resolve()));
      if (!options.engine) await engine.dispose();
    },
  };
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(`${JSON.stringify(body)}\n`);
}
