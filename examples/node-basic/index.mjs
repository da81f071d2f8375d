#!/usr/bin/env node
// Glossa in Node, the shortest way: translate the text of one image with
// translateImage and write the translated PNG and the page JSON.
//
//   node examples/node-basic/index.mjs [out-dir]     (default: a new temp dir)
//
// It runs offline: the translations come from the image's translation script
// (source text → English), so no API key or network is needed.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translateImage } from '@glossa/node';

const images = fileURLToPath(new URL('../images/', import.meta.url));
const input = join(images, 'sale-poster.png');
const outDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'glossa-node-basic-')));
await mkdir(outDir, { recursive: true });

const result = await translateImage(input, {
  to: 'en',
  // A translation script: a JSON object of source text → translation. Leave
  // `translator` out to use Gemini (with GEMINI_API_KEY set) instead.
  translator: join(images, 'sale-poster.en.json'),
  format: ['png', 'json'],
});

const png = join(outDir, 'sale-poster.en.png');
const json = join(outDir, 'sale-poster.en.json');
await writeFile(png, result.outputs.png);
await writeFile(json, result.outputs.json);

for (const block of result.page.blocks) {
  console.log(`${JSON.stringify(block.sourceText)} → ${block.translation === undefined ? '(kept: no entry in the script)' : JSON.stringify(block.translation)}`);
}
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
console.log(`wrote ${png} and ${json} in ${Math.round(result.timings.total)} ms`);
