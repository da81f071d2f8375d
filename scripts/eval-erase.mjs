#!/usr/bin/env node
// Erasure evaluation: `npm run eval:erase -- <data-dir> [--json] [--out <dir>] [--masks gt,detected]`.
// Needs the built packages (`npm run build`). For every image with a
// `<stem>.erased.*` ground truth: PSNR and SSIM of Glossa's erasure, of
// OpenCV's Telea (radius 3) and of the unchanged input, whole-image and inside
// the mask, with ground-truth masks and with detected masks (OCR + buildTextMask).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, runEraseEval } from './lib/erase-eval.mjs';

const usage = 'usage: npm run eval:erase -- <data-dir> [--json] [--out <dir>] [--masks gt,detected]';
const args = process.argv.slice(2);
let dataDir;
let json = false;
let outDir;
let masks = ['gt', 'detected'];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--json') json = true;
  else if (a === '--out') outDir = args[++i];
  else if (a === '--masks') masks = String(args[++i]).split(',');
  else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
  else if (!dataDir && !a.startsWith('-')) dataDir = a;
  else { console.error(`unknown argument ${a}\n${usage}`); process.exit(2); }
}
if (!dataDir) { console.error(usage); process.exit(2); }
if (masks.some((m) => m !== 'gt' && m !== 'detected')) { console.error(`--masks takes gt and/or detected\n${usage}`); process.exit(2); }
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (outDir && !path.relative(repoRoot, path.resolve(outDir)).startsWith('..')) {
  // The fixtures' licences forbid committing derived images; keep them out of the checkout.
  console.error(`--out must be outside the repository (${repoRoot}); the fixtures may not be copied into it`);
  process.exit(2);
}
const core = await import('@glossa/core');
const node = await import('@glossa/node');
const result = await runEraseEval({ core, node, dataDir: path.resolve(dataDir), outDir, masks, log: json ? () => {} : (m) => console.error(m) });
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`inpainter: ${result.inpainter}`);
  console.log(formatTable(result.summary));
}
