// Smoke test of examples/http-server: the service runs in this process on
// 127.0.0.1 (real models, real HTTP through fetch), then index.mjs is started
// as a child process the way a user starts it (that part imports the built
// @glossa/node: `npx turbo run build` first).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, polygonBounds, type Page, type RgbaImage } from '@glossa/core';
import { createGlossa, decodeImage } from '@glossa/node';
import { createGlossaServer } from '../src/server.mjs';

const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));
const ENTRY = fileURLToPath(new URL('../index.mjs', import.meta.url));

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

/** Reads a text/event-stream response to its end, stamping each event with its arrival time. */
async function readEvents(response: Response, onEvent?: (e: SseEvent) => void | Promise<void>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    // Events get the time their chunk arrived, so events sent together share it.
    const arrived = performance.now();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue; // a heartbeat comment
      const e = { event, data: JSON.parse(data) as Record<string, unknown>, at: arrived };
      events.push(e);
      await onEvent?.(e);
    }
  }
  return events;
}

async function image(name: string): Promise<Blob> {
  return new Blob([await readFile(path.join(IMAGES, name))], { type: 'image/png' });
}

function meanDiff(a: RgbaImage, b: RgbaImage, page: Page): number {
  let sum = 0;
  let n = 0;
  for (const block of page.blocks) {
    const r = polygonBounds(block.polygon);
    for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(a.height, r.y + r.height); y++) {
      for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(a.width, r.x + r.width); x++) {
        const i = (y * a.width + x) * 4;
        sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
        n += 3;
      }
    }
  }
  return sum / Math.max(1, n);
}

/** True when `text` is made of script translations only: a block of several matched lines joins their translations. */
function fromScript(text: string, script: Record<string, string>): boolean {
  let rest = text;
  for (const value of Object.values(script).sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  return rest.trim() === '';
}

/** The value of one sample in Prometheus text format, e.g. `glossa_pages_total{status="ok"}`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

describe('examples/http-server', () => {
  let service: ReturnType<typeof createGlossaServer>;
  let base: string;
  let script: Record<string, string>;

  beforeAll(async () => {
    service = createGlossaServer({
      engine: createGlossa({ device: 'cpu' }),
      // tea-banner.png (597 KB) is over this limit; the others are under it.
      limits: { fileBytes: 400_000, files: 3 },
      defaultMetrics: false,
    });
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    const scripts = await Promise.all(['sale-poster.en.json', 'skincare-card.en.json'].map((f) => readFile(path.join(IMAGES, f), 'utf8')));
    script = Object.assign({}, ...scripts.map((s) => JSON.parse(s) as Record<string, string>));
  });

  afterAll(async () => {
    await service?.close();
  });

  it('streams one event per uploaded image as each page finishes', async () => {
    const form = new FormData();
    form.append('images', await image('sale-poster.png'), 'sale-poster.png');
    form.append('images', await image('skincare-card.png'), 'skincare-card.png');
    // As `curl -F translations=@script.json` sends it: a file part.
    form.append('translations', new Blob([JSON.stringify(script)], { type: 'application/json' }), 'script.en.json');
    const response = await fetch(`${base}/translate?to=en`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    let inFlightDuringRun = -1;
    const events = await readEvents(response, async (e) => {
      if (e.event === 'start') inFlightDuringRun = sample(await (await fetch(`${base}/metrics`)).text(), 'glossa_pages_in_flight');
    });

    expect(events.map((e) => e.event)).toEqual(['start', 'page', 'page', 'done']);
    expect(inFlightDuringRun).toBeGreaterThanOrEqual(1);
    const pages = events.filter((e) => e.event === 'page');
    // Results stream: the first page arrived in its own chunk, before the end of
    // the response (a buffered response delivers every event at the same instant).
    expect(pages[0].at).toBeLessThan(events.at(-1)!.at);
    expect(pages.map((p) => p.data.filename).sort()).toEqual(['sale-poster.png', 'skincare-card.png']);
    for (const { data } of pages) {
      expect(data.ok, JSON.stringify(data.error)).toBe(true);
      const page = parsePage(data.page);
      const translated = page.blocks.filter((b) => b.translation !== undefined);
      for (const block of translated) expect(fromScript(block.translation!, script), block.translation).toBe(true);
      const headline = data.filename === 'sale-poster.png' ? 'Limited Offer' : 'Natural Moisturizing Cream';
      expect(translated.some((b) => b.translation!.includes(headline))).toBe(true);
      const img = data.image as { mimeType: string; base64: string };
      expect(img.mimeType).toBe('image/png');
      const { image: out } = await decodeImage(Buffer.from(img.base64, 'base64'));
      const { image: source } = await decodeImage(path.join(IMAGES, data.filename as string));
      expect([out.width, out.height]).toEqual([source.width, source.height]);
      expect(meanDiff(source, out, { ...page, blocks: translated })).toBeGreaterThan(8);
    }
    expect(events.at(-1)!.data).toMatchObject({ pages: 2, ok: 2, failed: 0 });
  });

  it('erases only with translator=none, and reports a corrupt image as a failed page', async () => {
    const png = await readFile(path.join(IMAGES, 'skincare-card.png'));
    const form = new FormData();
    form.append('images', new Blob([png]), 'skincare-card.png');
    // A PNG signature, then garbage: passes the format check, fails to decode.
    form.append('images', new Blob([Buffer.concat([png.subarray(0, 64), Buffer.alloc(2000, 7)])]), 'broken.png');
    const response = await fetch(`${base}/translate?to=ko&translator=none`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    const pages = events.filter((e) => e.event === 'page').sort((a, b) => (a.data.index as number) - (b.data.index as number));
    expect(pages).toHaveLength(2);
    const erased = pages[0].data;
    expect(erased.ok).toBe(true);
    const page = parsePage(erased.page);
    expect(page.blocks.length).toBeGreaterThan(0);
    expect(page.blocks.every((b) => b.translation === undefined)).toBe(true);
    const { image: out } = await decodeImage(Buffer.from((erased.image as { base64: string }).base64, 'base64'));
    const { image: source } = await decodeImage(png);
    expect(meanDiff(source, out, page)).toBeGreaterThan(8);
    expect(pages[1].data).toMatchObject({ index: 1, filename: 'broken.png', ok: false, stage: 'decode', error: { code: 'UNSUPPORTED_FORMAT' } });
    expect(events.at(-1)!.data).toMatchObject({ pages: 2, ok: 1, failed: 1 });
  });

  it('refuses an oversized image with 413', async () => {
    const form = new FormData();
    form.append('images', await image('sale-poster.png'), 'sale-poster.png');
    form.append('images', await image('tea-banner.png'), 'tea-banner.png');
    form.append('translator', 'none');
    const response = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: form });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'IMAGE_TOO_LARGE', field: 'images', filename: 'tea-banner.png', limit: 400_000 } });
  });

  it('refuses a non-image with 415 UNSUPPORTED_FORMAT, whatever its name says', async () => {
    const form = new FormData();
    form.append('images', new Blob(['name,price\ncream,199\n'], { type: 'image/png' }), 'prices.png');
    form.append('translator', 'none');
    const response = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: form });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(body.error.message).toContain('prices.png is not an image');
  });

  it('refuses too many files, a missing language and a missing translator with clear 4xx errors', async () => {
    const four = new FormData();
    for (let i = 0; i < 4; i++) four.append('images', await image('sale-poster.png'), `p${i}.png`);
    four.append('translator', 'none');
    const tooMany = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: four });
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'images', limit: 3 } });

    const one = async () => {
      const form = new FormData();
      form.append('images', await image('sale-poster.png'), 'sale-poster.png');
      return form;
    };
    const noLang = await fetch(`${base}/translate?translator=none`, { method: 'POST', body: await one() });
    expect(noLang.status).toBe(400);
    expect(await noLang.json()).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'to' } });
    const badScript = await one();
    badScript.append('translations', '{"限时特惠": 42}');
    const badScriptResponse = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: badScript });
    expect(badScriptResponse.status).toBe(400);
    expect(await badScriptResponse.json()).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'translations' } });
    const noTranslator = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: await one() });
    expect(noTranslator.status).toBe(400);
    expect(await noTranslator.json()).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'translations' } });
    const notMultipart = await fetch(`${base}/translate?to=ko`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(notMultipart.status).toBe(415);
    expect((await fetch(`${base}/translate`)).status).toBe(405);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });

  it('exposes page duration, pages by status and pages in flight on /metrics', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('# TYPE glossa_page_duration_seconds histogram');
    expect(text).toContain('# TYPE glossa_pages_total counter');
    expect(text).toContain('# TYPE glossa_pages_in_flight gauge');
    // Three pages translated or erased, one corrupt; refused uploads never became pages.
    expect(sample(text, 'glossa_pages_total{status="ok"}')).toBe(3);
    expect(sample(text, 'glossa_pages_total{status="failed"}')).toBe(1);
    expect(sample(text, 'glossa_page_duration_seconds_count{status="ok"}')).toBe(3);
    expect(sample(text, 'glossa_page_duration_seconds_count{status="failed"}')).toBe(1);
    expect(sample(text, 'glossa_page_duration_seconds_sum{status="ok"}')).toBeGreaterThan(0.1);
    expect(sample(text, 'glossa_pages_in_flight')).toBe(0);
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', device: 'cpu', activeRequests: 0 });
  });

  it('starts from index.mjs, serves /healthz and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', GLOSSA_DEVICE: 'cpu' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /on (http:\/\/\S+)/.exec(out);
          if (found) resolve(found[1]);
        });
        child.on('exit', (code) => reject(new Error(`index.mjs exited with ${code} before listening: ${out}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
