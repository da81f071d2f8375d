#!/usr/bin/env node
// Starts the Glossa HTTP service.
//
//   PORT=8080 HOST=127.0.0.1 node examples/http-server/index.mjs
//
// Environment: PORT (8080), HOST (127.0.0.1; 0.0.0.0 to listen on every
// interface), GLOSSA_DEVICE (auto | cpu | cuda), GLOSSA_MAX_FILE_BYTES
// (20 MiB), GLOSSA_MAX_FILES (10), GLOSSA_MAX_REQUESTS (2), GEMINI_API_KEY
// (translate with Gemini when a request brings no translations).
import { createGlossaServer } from './src/server.mjs';

const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const { server, close } = createGlossaServer({
  device: process.env.GLOSSA_DEVICE,
  limits: {
    fileBytes: env('GLOSSA_MAX_FILE_BYTES', 20 * 1024 * 1024),
    files: env('GLOSSA_MAX_FILES', 10),
    requests: env('GLOSSA_MAX_REQUESTS', 2),
  },
});
const port = env('PORT', 8080);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () => {
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
