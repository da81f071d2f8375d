#!/usr/bin/env node
// OCR accuracy on a folder of images with ICDAR-style ground truth.
//
//   npm run eval:ocr -- <data-dir> [--json] [--details] [--device auto|cpu|cuda] [--cls]
//
// Every image `<stem>.(jpg|jpeg|png|webp|bmp)` that has a `<stem>.gt.txt` beside
// it is read with Glossa's OCR (the built @glossa/node: run `npx turbo run build`
// first) and scored: detection precision/recall/F1 (one-to-one matching at
// IoU >= 0.5, `###` regions ignored), CER over matched lines and end-to-end F1
// (see scripts/lib/ocr-metrics.mjs). Results are grouped by subfolder.
// --details lists, per image, the ground-truth lines that were missed and the
// matched lines that were misread. --json prints one JSON document instead of tables.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addCounts, emptyCounts, evaluateImage, parseGroundTruth, summarize } from './lib/ocr-metrics.mjs';

const IMAGE = /\.(jpe?g|png|webp|bmp)$/i;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    details: { type: 'boolean', default: false },
    device: { type: 'string', default: 'auto' },
    cls: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length !== 1) {
  console.error('usage: npm run eval:ocr -- <data-dir> [--json] [--details] [--device auto|cpu|cuda] [--cls]');
  process.exit(values.help ? 0 : 2);
}
const root = path.resolve(positionals[0]);

let glossa;
try {
  glossa = await import('@glossa/node');
} catch (error) {
  console.error(`Cannot load @glossa/node (${error.message}); build it first: npx turbo run build`);
  process.exit(1);
}

const cases = await findCases(root);
if (!cases.length) {
  console.error(`No image with a <stem>.gt.txt found under ${root}`);
  process.exit(1);
}

const ocr = await glossa.createNodeOcr({ device: values.device, useAngleClassifier: values.cls });
const images = [];
try {
  for (const item of cases) {
    const truth = parseGroundTruth(await readFile(item.gt, 'utf8'));
    const started = performance.now();
    let lines = [];
    let error;
    try {
      const { image } = await glossa.decodeImage(item.image);
      lines = await ocr.recognize(image);
    } catch (cause) {
      // A failing image scores as finding nothing; it is reported, the others go on.
      error = `${cause?.code ?? 'ERROR'}: ${cause?.message ?? cause}`;
      process.stderr.write(`\n${item.image}: ${error}\n`);
    }
    const ms = performance.now() - started;
    const result = evaluateImage(lines, truth);
    images.push({
      folder: item.folder,
      file: path.relative(root, item.image),
      ms,
      ...(error ? { error } : {}),
      counts: result.counts,
      missed: result.unmatchedTruth.map((j) => truth[j].text),
      extra: result.unmatchedPredictions.map((i) => lines[i].text),
      misread: result.lines.filter((l) => l.edits > 0).map(({ expected, actual, edits, iou }) => ({ expected, actual, edits, iou })),
    });
    if (!values.json) process.stderr.write('.');
  }
} finally {
  await ocr.dispose();
}
if (!values.json) process.stderr.write('\n');

const folders = new Map();
let overall = emptyCounts();
for (const image of images) {
  folders.set(image.folder, addCounts(folders.get(image.folder) ?? emptyCounts(), image.counts));
  overall = addCounts(overall, image.counts);
}
const rows = [...[...folders].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => ({ name, ...summarize(c) })), { name: 'overall', ...summarize(overall) }];

if (values.json) {
  const perImage = images.map((i) => ({ ...i, ...summarize(i.counts), counts: undefined }));
  console.log(JSON.stringify({ dataDir: root, device: values.device, folders: rows.slice(0, -1), overall: rows.at(-1), images: perImage }, null, 2));
} else {
  printTable(rows);
  if (values.details) printDetails(images);
}

async function findCases(dir) {
  const out = [];
  const walk = async (folder) => {
    const entries = await readdir(path.join(dir, folder), { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) await walk(path.join(folder, entry.name));
      else if (IMAGE.test(entry.name)) {
        const stem = entry.name.replace(IMAGE, '');
        if (names.has(`${stem}.gt.txt`)) {
          out.push({ folder: folder || '.', image: path.join(dir, folder, entry.name), gt: path.join(dir, folder, `${stem}.gt.txt`) });
        }
      }
    }
  };
  await walk('');
  return out;
}

function printTable(list) {
  const header = ['folder', 'images', 'gt', 'pred', 'matched', 'precision', 'recall', 'F1', 'CER', 'e2e F1'];
  const fmt = (v) => (v === null ? '-' : v.toFixed(3));
  const body = list.map((r) => [r.name, r.images, r.groundTruth, r.predictions, r.truePositives, fmt(r.precision), fmt(r.recall), fmt(r.f1), fmt(r.cer), fmt(r.e2eF1)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  body.forEach((row, i) => {
    if (i === body.length - 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    console.log(line(row));
  });
}

function printDetails(list) {
  for (const image of list) {
    const s = summarize(image.counts);
    console.log(`\n${image.file}: P ${s.precision.toFixed(2)} R ${s.recall.toFixed(2)} CER ${s.cer === null ? '-' : s.cer.toFixed(3)} (${image.ms.toFixed(0)} ms)`);
    for (const text of image.missed) console.log(`  missed   ${JSON.stringify(text)}`);
    for (const m of image.misread) console.log(`  misread  ${JSON.stringify(m.expected)} -> ${JSON.stringify(m.actual)} (${m.edits} edits, IoU ${m.iou.toFixed(2)})`);
    for (const text of image.extra) console.log(`  extra    ${JSON.stringify(text)}`);
  }
}
