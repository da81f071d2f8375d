#!/usr/bin/env node
// Erasure evaluation: `npm run eval:erase -- <data-dir> [--json] [--out <dir>]
// [--masks gt,detected] [--stress N] [--residue] [--sheets <dir>]`.
// Needs the built packages (`npm run build`). For every image with a
// `<stem>.erased.*` ground truth: PSNR and SSIM of Glossa's erasure, of
// OpenCV's Telea (radius 3) and of the unchanged input, whole-image, inside
// the mask used and inside the ground-truth mask (with the worst image), with
// ground-truth masks and with detected masks (OCR + buildTextMask, as
// `glossa erase`). --stress N adds N generated stylised titles (group
// `stress`); --residue reads each ground-truth text element back with an
// independent OCR (input = control); --sheets writes contact sheets; --only
// keeps the images whose stem matches the regular expression (quick checks).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, runEraseEval } from './lib/erase-eval.mjs';

const usage = 'usage: npm run eval:erase -- <data-dir> [--json] [--out <dir>] [--masks gt,detected] [--stress N] [--stress-seed S] [--residue] [--sheets <dir>] [--only <regex>]';
const args = process.argv.slice(2);
let dataDir;
let json = false;
let outDir;
let masks = ['gt', 'detected'];
let stress = 0;
let stressSeed = 1;
let residue = false;
let sheetsDir;
let only;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--json') json = true;
  else if (a === '--out') outDir = args[++i];
  else if (a === '--masks') masks = String(args[++i]).split(',');
  else if (a === '--stress') stress = Number(args[++i]);
  else if (a === '--stress-seed') stressSeed = Number(args[++i]);
  else if (a === '--residue') residue = true;
  else if (a === '--sheets') sheetsDir = args[++i];
  else if (a === '--only') only = new RegExp(String(args[++i]));
  else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
  else if (!dataDir && !a.startsWith('-')) dataDir = a;
  else { console.error(`unknown argument ${a}\n${usage}`); process.exit(2); }
}
if (!dataDir) { console.error(usage); process.exit(2); }
if (masks.some((m) => m !== 'gt' && m !== 'detected')) { console.error(`--masks takes gt and/or detected\n${usage}`); process.exit(2); }
if (!Number.isInteger(stress) || stress < 0 || !Number.isInteger(stressSeed)) { console.error(`--stress and --stress-seed take whole numbers\n${usage}`); process.exit(2); }
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [flag, dir] of [['--out', outDir], ['--sheets', sheetsDir]]) {
  if (dir && !path.relative(repoRoot, path.resolve(dir)).startsWith('..')) {
    // The fixtures' licences forbid committing derived images; keep them out of the checkout.
    console.error(`${flag} must be outside the repository (${repoRoot}); the fixtures may not be copied into it`);
    process.exit(2);
  }
}
const core = await import('@glossa/core');
const node = await import('@glossa/node');
const result = await runEraseEval({ core, node, dataDir: path.resolve(dataDir), outDir, sheetsDir, masks, stress, stressSeed, residue, only, log: json ? () => {} : (m) => console.error(m) });
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`inpainter: ${result.inpainter}`);
  console.log(formatTable(result.summary));
}
