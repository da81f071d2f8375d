// Smoke test of examples/custom-translator: a local HTTP server on 127.0.0.1
// plays an OpenAI-compatible chat-completions API; the example runs as a child
// process against it (it imports the built @glossa/node: `npx turbo run build`
// first) and must write a page whose blocks carry exactly the server's answers.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage } from '@glossa/core';
import { createChatTranslator } from '../chat-translator.mjs';

const EXAMPLE = fileURLToPath(new URL('../index.mjs', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));

interface ChatRequest {
  headers: IncomingMessage['headers'];
  url: string;
  body: { model: string; messages: { role: string; content: string }[] };
}

const normalise = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** A chat-completions stand-in: answers from the shipped Korean script, else a numbered placeholder. */
function startFakeApi(script: Record<string, string>, mode: { status?: number; content?: string } = {}): Promise<{ server: Server; base: string; requests: ChatRequest[]; answers: Map<string, string> }> {
  // Source text sent → translation answered.
  const requests: ChatRequest[] = [];
  const answers = new Map<string, string>();
  const byText = new Map(Object.entries(script).map(([k, v]) => [normalise(k), v]));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as ChatRequest['body'];
      requests.push({ headers: req.headers, url: req.url ?? '', body });
      if (mode.status) {
        res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid api key"}}');
        return;
      }
      const items = JSON.parse(body.messages.at(-1)!.content) as { id: string; text: string }[];
      const reply = items.map(({ id, text }, i) => ({ id, text: byText.get(normalise(text)) ?? `번역 ${i + 1}` }));
      for (const [i, r] of reply.entries()) answers.set(items[i].text, r.text);
      // Fenced, as chat models often answer.
      const content = mode.content ?? `\`\`\`json\n${JSON.stringify(reply)}\n\`\`\``;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}/v1`, requests, answers });
    });
  });
}

function runExample(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Async execFile: the fake API lives in this process and must keep serving.
    execFile(process.execPath, [EXAMPLE, ...args], { timeout: 120_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('examples/custom-translator', () => {
  let dir: string;
  let script: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'glossa-example-chat-'));
    script = JSON.parse(await readFile(path.join(IMAGES, 'skincare-card.ko.json'), 'utf8')) as Record<string, string>;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('translates the example image through the chat-completions API', async () => {
    const api = await startFakeApi(script);
    try {
      const run = await runExample([dir], { OPENAI_BASE_URL: `${api.base}/`, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'tiny-model' });
      expect(run.code, run.stderr).toBe(0);
      expect(api.requests.length).toBeGreaterThan(0);
      const [first] = api.requests;
      expect(first.url).toBe('/v1/chat/completions');
      expect(first.headers.authorization).toBe('Bearer sk-test');
      expect(first.body.model).toBe('tiny-model');
      expect(first.body.messages[0].content).toContain('into ko');
      const sent = api.requests.flatMap((r) => JSON.parse(r.body.messages.at(-1)!.content) as { id: string; text: string }[]);
      expect(sent.map((i) => normalise(i.text))).toContain(normalise('天然保湿面霜'));

      const page = parsePage(await readFile(path.join(dir, 'skincare-card.ko.json'), 'utf8'));
      expect(page.blocks.length).toBe(sent.length);
      // The batcher renames ids across pages, so answers are matched by source text.
      for (const block of page.blocks) expect(block.translation, block.sourceText).toBe(api.answers.get(block.sourceText));
      // The headline came back from the script's entry and was laid out.
      const headline = page.blocks.find((b) => normalise(b.sourceText) === normalise('天然保湿面霜'));
      expect(headline?.translation).toBe(script['天然保湿面霜']);
      expect(headline?.layout?.lines.length).toBeGreaterThan(0);
      expect((await stat(path.join(dir, 'skincare-card.ko.png'))).size).toBeGreaterThan(1000);
      expect(run.stdout).toContain('chat-completions:tiny-model');
    } finally {
      api.server.close();
    }
  }, 150_000);

  it('fails with TRANSLATOR_FAILED naming the HTTP status when the API refuses', async () => {
    const api = await startFakeApi(script, { status: 401 });
    try {
      const run = await runExample([dir], { OPENAI_BASE_URL: api.base, OPENAI_API_KEY: 'sk-wrong' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('TRANSLATOR_FAILED');
      expect(run.stderr).toContain('401');
    } finally {
      api.server.close();
    }
  }, 150_000);

  it('the plugin rejects a reply that is not a JSON array, and needs a key', async () => {
    const api = await startFakeApi(script, { content: 'Sure! Here you go.' });
    try {
      const translator = createChatTranslator({ baseUrl: api.base, apiKey: 'sk-test' });
      await expect(translator.translate({ items: [{ id: 'a', text: '买一送一' }], targetLang: 'ko' })).rejects.toThrow(SyntaxError);
    } finally {
      api.server.close();
    }
    expect(() => createChatTranslator({ apiKey: '' })).toThrow(/OPENAI_API_KEY/);
  });
});
