// The HTTP example under bad and hostile requests: truncated multipart bodies,
// clients that send slowly or never finish, uploads whose pixel count would
// take the machine's memory, bad limit settings. After each, the service must
// still answer /healthz with no request left holding a slot.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createGlossa } from '@glossa/node';
import { createGlossaServer } from '../src/server.mjs';
import { limitsFromEnv } from '../src/config.mjs';

const ENTRY = fileURLToPath(new URL('../index.mjs', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));
const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';

/** Sends raw bytes as one HTTP request and resolves with everything the server sent back before it closed. */
function rawRequest(port: number, head: string, body: Buffer | string, { end = true } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => resolve(answer)); // a reset after the answer still counts as answered
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body);
      if (end) socket.end();
    });
    setTimeout(() => reject(new Error(`no close within 20 s; got: ${answer.slice(0, 200)}`)), 20_000).unref();
  });
}

function multipartHead(port: number, path: string, length?: number): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=XX\r\n` +
    (length === undefined ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
    'Connection: close\r\n\r\n'
  );
}

/** A multipart body that stops inside a part, before its closing boundary. */
function truncatedPart(field: string, filename: string, content: string): Buffer {
  return Buffer.from(`--XX\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n\r\n${content}`, 'latin1');
}

describe('examples/http-server under hostile input', () => {
  let service: ReturnType<typeof createGlossaServer>;
  let port: number;
  let base: string;

  beforeAll(async () => {
    service = createGlossaServer({
      engine: createGlossa({ device: 'cpu' }),
      limits: { bodyMs: 1500, headersMs: 1000, pixels: 4_000_000, connections: 8 },
      defaultMetrics: false,
    });
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    port = (service.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await service?.close();
  });

  async function healthy(): Promise<void> {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', activeRequests: 0 });
  }

  it('answers a truncated image part with 400 and keeps serving', async () => {
    // Content-Length covers the bytes sent: the body ends where the client meant it to, before the closing boundary.
    const body = truncatedPart('images', 'a.png', `${PNG_SIGNATURE}abc`);
    const answer = await rawRequest(port, multipartHead(port, '/translate?to=en&translator=none', body.length), body);
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    expect(answer).toContain('INVALID_INPUT');
    await healthy();
  });

  it('answers a truncated translations part with 400 and keeps serving', async () => {
    const body = truncatedPart('translations', 'script.json', '{"限时": "Limited');
    const answer = await rawRequest(port, multipartHead(port, '/translate?to=en', body.length), body);
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    await healthy();
  });

  it('frees the slot of a client that goes away mid-upload', async () => {
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(multipartHead(port, '/translate?to=en&translator=none', 100_000));
    socket.write(truncatedPart('images', 'a.png', PNG_SIGNATURE));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(((await (await fetch(`${base}/healthz`)).json()) as { activeRequests: number }).activeRequests).toBe(1);
    socket.destroy();
    await expect.poll(async () => ((await (await fetch(`${base}/healthz`)).json()) as { activeRequests: number }).activeRequests).toBe(0);
  });

  it('cuts off a body that arrives too slowly, and refuses new uploads while the slots are taken, before reading them', async () => {
    const slow: Socket[] = [];
    const answers: Promise<string>[] = [];
    // Two slow uploads take both request slots (limits.requests is 2 by default).
    for (let i = 0; i < 2; i++) {
      answers.push(
        new Promise((resolve) => {
          const socket = connect(port, '127.0.0.1');
          slow.push(socket);
          let answer = '';
          socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
          socket.on('close', () => resolve(answer));
          socket.on('error', () => resolve(answer));
          socket.on('connect', () => {
            socket.write(multipartHead(port, '/translate?to=en&translator=none', 1_000_000));
            socket.write(truncatedPart('images', 'slow.png', PNG_SIGNATURE));
            // A byte every 100 ms: never idle long enough for an idle timeout, never finished.
            const drip = setInterval(() => (socket.writable ? socket.write('x') : clearInterval(drip)), 100);
            socket.on('close', () => clearInterval(drip));
          });
        }),
      );
    }
    await expect.poll(async () => ((await (await fetch(`${base}/healthz`)).json()) as { activeRequests: number }).activeRequests).toBe(2);
    // A third upload is refused at once, even though its body never comes.
    const busy = await rawRequest(port, multipartHead(port, '/translate?to=en&translator=none', 10_000_000), '', { end: false }).catch((e) => String(e));
    expect(busy).toMatch(/^HTTP\/1.1 503/);
    expect(busy).toContain('BUSY');
    // The body timeout (1.5 s here) ends both slow uploads with 408.
    for (const answer of await Promise.all(answers)) expect(answer).toMatch(/^HTTP\/1.1 408/);
    await healthy();
  });

  it('refuses an image over the pixel budget from its header, before decoding it', async () => {
    // 3000x3000 = 9 MP, over this server's 4 MP budget; a flat PNG of a few KB.
    const png = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('images', new Blob([png]), 'huge.png');
    form.append('translator', 'none');
    const response = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: form });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'IMAGE_TOO_LARGE', field: 'images', filename: 'huge.png', width: 3000, height: 3000, limit: 4_000_000 } });
    await healthy();
  });

  it('counts the pages of a client that went away as failed, never ok', async () => {
    const controller = new AbortController();
    const form = new FormData();
    form.append('images', new Blob([await readFile(path.join(IMAGES, 'sale-poster.png'))]), 'sale-poster.png');
    form.append('translator', 'none');
    const response = await fetch(`${base}/translate?to=en`, { method: 'POST', body: form, signal: controller.signal });
    // The start event arrives, then the client disconnects while its page runs.
    await response.body!.getReader().read();
    controller.abort();
    await expect.poll(async () => ((await (await fetch(`${base}/healthz`)).json()) as { activeRequests: number }).activeRequests, { timeout: 60_000 }).toBe(0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^glossa_pages_total\{status="ok"\} 0$/m);
    expect(metrics).toMatch(/^glossa_pages_total\{status="failed"\} 1$/m);
    expect(metrics).toMatch(/^glossa_pages_in_flight 0$/m);
  });

  it('answers HEAD /healthz', async () => {
    const response = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
  });

  it('refuses limit variables that are not positive integers, naming the variable', () => {
    expect(() => limitsFromEnv({ GLOSSA_MAX_REQUESTS: 'two' })).toThrow(/GLOSSA_MAX_REQUESTS.*positive integer.*"two"/);
    expect(() => limitsFromEnv({ GLOSSA_MAX_FILE_BYTES: '20MB' })).toThrow(/GLOSSA_MAX_FILE_BYTES.*"20MB"/);
    expect(() => limitsFromEnv({ GLOSSA_MAX_PIXELS: '0' })).toThrow(/GLOSSA_MAX_PIXELS/);
    expect(() => limitsFromEnv({ PORT: '-1' })).toThrow(/PORT/);
    expect(limitsFromEnv({ GLOSSA_MAX_REQUESTS: '3', GLOSSA_MAX_FILE_BYTES: '1048576' }).limits).toMatchObject({ requests: 3, fileBytes: 1048576 });
    expect(() => createGlossaServer({ engine: createGlossa({ device: 'cpu' }), limits: { requests: Number.NaN } })).toThrow(/requests/);
  });

  it('exits with the message at start-up when a limit variable is malformed', async () => {
    const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, PORT: '0', GLOSSA_MAX_REQUESTS: 'two' } });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/GLOSSA_MAX_REQUESTS must be a positive integer/);
  });
});
