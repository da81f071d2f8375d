#!/usr/bin/env node
// Glossa with your own translator: the chat-completions plugin in
// chat-translator.mjs, passed to translateImage as `translator`.
//
//   OPENAI_API_KEY=... node examples/custom-translator/index.mjs [out-dir] [--image file] [--to ko]
//
// OPENAI_BASE_URL points it at any OpenAI-compatible server (default
// https://api.openai.com/v1), OPENAI_MODEL picks the model (default gpt-4o-mini).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { translateImage } from '@glossa/node';
import { createChatTranslator } from './chat-translator.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    image: { type: 'string', default: fileURLToPath(new URL('../images/skincare-card.png', import.meta.url)) },
    to: { type: 'string', default: 'ko' },
  },
});
const outDir = positionals[0] ?? (await mkdtemp(join(tmpdir(), 'glossa-custom-translator-')));
await mkdir(outDir, { recursive: true });

let translator;
let result;
try {
  translator = createChatTranslator();
  result = await translateImage(values.image, { to: values.to, translator, format: ['png', 'json'] });
} catch (error) {
  // GlossaErrors carry a stable code: TRANSLATOR_FAILED, UNSUPPORTED_FORMAT...
  console.error(`${error.code ?? 'ERROR'}: ${error.message}`);
  process.exit(1);
}

const stem = join(outDir, `${basename(values.image, extname(values.image))}.${values.to}`);
await writeFile(`${stem}.png`, result.outputs.png);
await writeFile(`${stem}.json`, result.outputs.json);
for (const block of result.page.blocks) console.log(`${JSON.stringify(block.sourceText)} → ${JSON.stringify(block.translation)}`);
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
console.log(`wrote ${stem}.png and ${stem}.json (${translator.id}, translate ${Math.round(result.timings.translate ?? 0)} ms)`);
