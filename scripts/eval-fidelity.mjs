#!/usr/bin/env node
// Design fidelity on the PosterErase posters (alimama_poster_*): does each
// block hold one design element, is every element translated, does the
// translation keep the source's hierarchy and alignment, and is the Chinese gone?
//
//   npx turbo run build
//   npm run eval:fidelity -- <data-dir> [--out dir] [--to en] [--reuse] [--json] [-- <extra translate args>]
//
// Each line of `<stem>.gt.txt` is one design element; `<stem>.orig_annotation.json`
// gives its size. Every poster is translated by the built CLI (`glossa translate
// <image> --translations <stem>.<to>.json --format png,json`), then scored
// (scripts/lib/fidelity-metrics.mjs):
//   purity     blocks whose lines all lie on one element (a line belongs to the
//              element covering 50% or more of its box)
//   split      read elements whose lines fall into more than one block
//   covered    read elements the script translates whose every line is in a
//              translated block (elements kept on purpose as product text,
//              flags.keep, are counted apart as `kept`)
//   hierarchy  pairs of translated elements with source sizes 1.5x apart where
//              the larger is in a different block with a larger fitted fontSize
//   residue    translated elements of which the independent OCR (@gutenye/ocr-node)
//              still reads 30% or more of the Han characters on the output
//   alignment  translated elements whose rendered lines keep the source's anchor
//              (left edge, centre or right edge, from the GT boxes)
// A contact sheet per page (source with block outlines | translation) goes to
// <out>/sheets/. Outputs go to --out (default: a new temp folder OUTSIDE the
// repository): the fixtures and anything derived from them must never be committed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { parseElements, scorePage } from './lib/fidelity-metrics.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'packages/node/dist/cli.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    to: { type: 'string', default: 'en' },
    reuse: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    details: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length < 1) {
  console.error('usage: npm run eval:fidelity -- <data-dir> [--out dir] [--to en] [--reuse] [--details] [--json] [-- <extra glossa translate args>]');
  process.exit(values.help ? 0 : 2);
}
const [dataArg, ...extra] = positionals;
const dir = existsSync(path.join(dataArg, 'a_product')) ? path.join(dataArg, 'a_product') : dataArg;
if (!existsSync(cli)) {
  console.error(`Cannot find ${cli}; build first: npx turbo run build`);
  process.exit(1);
}
const out = path.resolve(values.out ?? (await mkdtemp(path.join(tmpdir(), 'glossa-fidelity-'))));
const runDir = path.join(out, 'run');
const sheetDir = path.join(out, 'sheets');
await mkdir(runDir, { recursive: true });
await mkdir(sheetDir, { recursive: true });

const stems = (await readdir(dir))
  .filter((f) => /^alimama_poster_.*\.gt\.txt$/.test(f))
  .map((f) => f.slice(0, -'.gt.txt'.length))
  .filter((s) => ['.png', `.${values.to}.json`, '.orig_annotation.json'].every((ext) => existsSync(path.join(dir, s + ext))))
  .sort();
if (!stems.length) {
  console.error(`No alimama_poster_* image with gt.txt, orig_annotation.json and .${values.to}.json under ${dir}`);
  process.exit(1);
}

const { default: PeerOcr } = await import('@gutenye/ocr-node');
const peer = await PeerOcr.create({});

const rows = [];
for (const stem of stems) {
  const image = path.join(dir, `${stem}.png`);
  const pageFile = path.join(runDir, `${stem}.json`);
  const rendered = path.join(runDir, `${stem}.png`);
  if (!values.reuse || !existsSync(pageFile)) {
    const args = [cli, 'translate', image, '--to', values.to, '--translations', path.join(dir, `${stem}.${values.to}.json`), '--format', 'png,json', '-o', runDir, '--no-progress', ...extra];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) {
      console.error(`glossa translate failed on ${stem} (exit ${run.status}):\n${run.stderr}`);
      process.exit(1);
    }
  }
  const elements = parseElements(await readFile(path.join(dir, `${stem}.gt.txt`), 'utf8'), JSON.parse(await readFile(path.join(dir, `${stem}.orig_annotation.json`), 'utf8')));
  const page = JSON.parse(await readFile(pageFile, 'utf8'));
  const peerLines = await peer.detect(rendered);
  const script = JSON.parse(await readFile(path.join(dir, `${stem}.${values.to}.json`), 'utf8'));
  const score = scorePage(elements, page, peerLines, script);
  rows.push({ stem, ...score });
  await contactSheet(image, rendered, page, path.join(sheetDir, `${stem}.png`));
}

const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
const ratio = (a, b) => (b ? a / b : 1);
const totals = {
  images: rows.length,
  blocks: sum('blocks'),
  elements: sum('elements'),
  read: sum('read'),
  purity: ratio(sum('pure'), sum('blocks')),
  split: ratio(sum('split'), sum('read')),
  covered: ratio(sum('covered'), sum('scripted')),
  hierarchy: ratio(sum('kept'), sum('pairs')),
  hierarchyPairs: sum('pairs'),
  productKept: sum('productKept'),
  residue: sum('residue'),
  alignment: ratio(sum('alignKept'), sum('alignCounted')),
};
if (values.json) {
  console.log(JSON.stringify({ totals, rows, out }, null, 2));
} else {
  const pad = (s, n) => String(s).padStart(n);
  console.log(`eval-fidelity: ${dir} -> ${values.to}; outputs and sheets in ${out}\n`);
  console.log(`${'image'.padEnd(24)} ${pad('blocks', 6)} ${pad('pure', 5)} ${pad('elems', 5)} ${pad('read', 4)} ${pad('split', 5)} ${pad('cover', 7)} ${pad('kept', 4)} ${pad('hier', 7)} ${pad('align', 7)} ${pad('resid', 5)}`);
  for (const r of rows) {
    console.log(
      `${r.stem.replace('alimama_poster_', '').padEnd(24)} ${pad(r.blocks, 6)} ${pad(r.pure, 5)} ${pad(r.elements, 5)} ${pad(r.read, 4)} ${pad(r.split, 5)} ${pad(`${r.covered}/${r.scripted}`, 7)} ${pad(r.productKept, 4)} ${pad(`${r.kept}/${r.pairs}`, 7)} ${pad(`${r.alignKept}/${r.alignCounted}`, 7)} ${pad(r.residue, 5)}`,
    );
    if (values.details) {
      for (const [k, list] of Object.entries(r.notes)) for (const item of list) console.log(`    ${k}: ${item}`);
    }
  }
  const f = (x) => x.toFixed(3);
  console.log('');
  console.log(`purity ${f(totals.purity)} (>= 0.97)  split ${f(totals.split)} (<= 0.05)  covered ${f(totals.covered)} (>= 0.97)  hierarchy ${f(totals.hierarchy)} over ${totals.hierarchyPairs} pairs (>= 0.97)  residue ${totals.residue} (0)  alignment ${f(totals.alignment)}  (${totals.productKept} elements kept as product text)`);
  const met = totals.purity >= 0.97 && totals.split <= 0.05 && totals.covered >= 0.97 && totals.hierarchy >= 0.97 && totals.residue === 0;
  console.log(`targets ${met ? 'MET' : 'NOT MET'} (${totals.images} images, ${totals.blocks} blocks, ${totals.read}/${totals.elements} elements read)`);
}

/** Source with each block's lines outlined in its own colour | the translation. */
async function contactSheet(sourceFile, renderedFile, page, target) {
  const [src, dst] = await Promise.all([loadImage(sourceFile), loadImage(renderedFile)]);
  const gap = 12;
  const canvas = createCanvas(src.width + dst.width + gap, Math.max(src.height, dst.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(src, 0, 0);
  ctx.drawImage(dst, src.width + gap, 0);
  ctx.lineWidth = 2;
  page.blocks.forEach((block, i) => {
    ctx.strokeStyle = `hsl(${(i * 67) % 360} 90% 45%)`;
    ctx.setLineDash(block.translation ? [] : [4, 3]);
    for (const line of block.lines) {
      ctx.beginPath();
      line.polygon.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.closePath();
      ctx.stroke();
    }
  });
  await writeFile(target, await canvas.encode('png'));
}
