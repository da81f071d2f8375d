import { afterEach } from 'vitest';
import { createGeminiTranslatorWithTuning } from '../../src/translate-impl.js';
import type { GeminiTranslatorOptions, GeminiTranslatorTuning } from '../../src/options.js';
import { startFakeGemini, type FakeGemini, type Responder } from './fake-gemini.js';

export const TEST_KEY = 'AIzaSyTEST-secret-key-0123456789abcdef';

/** Fast timings: tests must take milliseconds, not the production seconds. */
export const FAST: GeminiTranslatorTuning = { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 };

const servers: FakeGemini[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Starts a fake server (closed after the test) and a translator pointed at it with the real SDK. */
export async function setup(
  responder: Responder,
  options: GeminiTranslatorOptions = {},
  tuning: GeminiTranslatorTuning = {},
) {
  const server = await startFakeGemini(responder);
  servers.push(server);
  const translator = createGeminiTranslatorWithTuning(
    { apiKey: TEST_KEY, baseUrl: server.baseUrl, ...options },
    { ...FAST, ...tuning },
  );
  return { server, translator };
}

/** Zh items with known Korean translations. */
export function zhItems(...texts: string[]) {
  return texts.map((text, i) => ({ id: `b${i + 1}`, text }));
}
