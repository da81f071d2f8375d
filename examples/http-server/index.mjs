#!/usr/bin/env node
// Starts the Glossa HTTP service.
//
//   PORT=8080 HOST=127.0.0.1 node examples/http-server/index.mjs
//
// Environment: PORT (8080), HOST (127.0.0.1; 0.0.0.0 to listen on every
// interface), GLOSSA_DEVICE (auto | cpu | cuda), GEMINI_API_KEY (translate
// with Gemini when a request brings no translations), and the limits, each a
// positive integer (see README.md and docs/limits.md): GLOSSA_MAX_FILE_BYTES,
// GLOSSA_MAX_FILES, GLOSSA_MAX_PIXELS, GLOSSA_MAX_REQUESTS,
// GLOSSA_MAX_CONNECTIONS, GLOSSA_BODY_TIMEOUT_MS, GLOSSA_HEADERS_TIMEOUT_MS.
// GLOSSA_REDIS_URL (queue mode): pages go to `glossa worker` processes on that
// Redis instead of models loaded here (src/queue-mode.mjs, docs/scale-out.md).
import { limitsFromEnv } from './src/config.mjs';
import { createGlossaServer } from './src/server.mjs';

let config;
try {
  config = limitsFromEnv(process.env);
} catch (error) {
  console.error(`glossa http-server: ${error.message}`);
  process.exit(2);
}
const { server, close } = createGlossaServer({ device: process.env.GLOSSA_DEVICE, redisUrl: process.env.GLOSSA_REDIS_URL, limits: config.limits });
const host = process.env.HOST ?? '127.0.0.1';
server.listen(config.port ?? 8080, host, () => {
  const { port: bound } = server.address();
  console.log(`glossa http-server on http://${host}:${bound}  (POST /translate?to=ko, GET /metrics, GET /healthz)`);
});

// Finish the requests in progress, then free the models.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.log(`${signal}: closing`);
    close().then(() => process.exit(0));
  });
}
