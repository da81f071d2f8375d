// Network use is opt-in: a Gemini key in the environment alone must not send
// an image's text to Gemini. A fake Gemini on 127.0.0.1 (the SDK's
// GOOGLE_GEMINI_BASE_URL points the plugin at it) counts the requests.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendItems, startFakeGemini, type FakeGemini } from '../../../gemini-translator/test/helpers/fake-gemini.js';
import { runGlossa } from '../helpers/run-cli.js';

const examples = new URL('../../../../examples/images/', import.meta.url).pathname;
let dir: string;
let gemini: FakeGemini;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-opt-in-'));
  // The image alone, without the translation scripts that sit beside it in examples/.
  await copyFile(join(examples, 'sale-poster.png'), join(dir, 'sale-poster.png'));
  gemini = await startFakeGemini((request, res) => sendItems(res, request.payload.items.map(({ id }) => ({ id, text: 'Sale' }))));
});
afterAll(async () => {
  await gemini.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, GEMINI_API_KEY: 'test-key-not-secret', GOOGLE_GEMINI_BASE_URL: gemini.baseUrl });

describe('network use is opt-in', () => {
  it('with a key set but no --translator, sends nothing to Gemini and says how to opt in', async () => {
    const run = await runGlossa(['translate', join(dir, 'sale-poster.png'), '--to', 'en', '-o', join(dir, 'out'), '--device', 'cpu'], { env: env() });
    expect(run.code).toBe(0);
    expect(gemini.requests).toHaveLength(0);
    const log = run.stdout + run.stderr;
    expect(log).toMatch(/blocks have no translation/);
    expect(log).toContain('--translator gemini');
    expect(log).toContain("translator: 'gemini'");
  });

  it('with --translator gemini, does call Gemini (the fake is reachable)', async () => {
    const run = await runGlossa(['translate', join(dir, 'sale-poster.png'), '--to', 'en', '-o', join(dir, 'out2'), '--device', 'cpu', '--translator', 'gemini'], {
      env: env(),
    });
    expect(run.stdout + run.stderr).not.toMatch(/blocks have no translation/);
    expect(run.code).toBe(0);
    expect(gemini.requests.length).toBeGreaterThan(0);
  });
});
