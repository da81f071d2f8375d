#!/usr/bin/env node
// `node scripts/make-stylised-text.mjs <out-dir> [--count N] [--seed S] [--backdrops <data-dir>]`
// Writes the stylised-text stress set of the erasure evaluation (see
// scripts/lib/erase-stylised.mjs) in the fixtures' layout, so `eval:erase`
// reads it like any other group: `<stem>.png` (the titled image),
// `<stem>.erased.png` (the clean background), `<stem>.mask.png` (BLACK = every
// pixel the text changed) and `<stem>.gt.txt` (one `x1,y1,...,y4,text` line per
// title). With --backdrops, every other sample is drawn over a crop of a clean
// `.erased` image found under that folder (read there, never copied into the
// repository). Needs the built packages (`npm run build`).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStressSet } from './lib/erase-stress.mjs';

const usage = 'usage: node scripts/make-stylised-text.mjs <out-dir> [--count N] [--seed S] [--backdrops <data-dir>]';
const args = process.argv.slice(2);
let outDir;
let count = 64;
let seed = 1;
let backdrops;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--count') count = Number(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--backdrops') backdrops = args[++i];
  else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
  else if (!outDir && !a.startsWith('-')) outDir = a;
  else { console.error(`unknown argument ${a}\n${usage}`); process.exit(2); }
}
if (!outDir || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) { console.error(usage); process.exit(2); }
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (backdrops && !path.relative(repoRoot, path.resolve(outDir)).startsWith('..')) {
  console.error(`with --backdrops the output must be outside the repository (${repoRoot}): the fixtures may not be copied into it`);
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const node = await import('@glossa/node');
const written = await writeStressSet({ node, outDir, count, seed, backdropDir: backdrops, writeFile });
console.log(`wrote ${written} samples to ${outDir}`);
