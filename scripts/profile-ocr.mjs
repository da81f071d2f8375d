#!/usr/bin/env node
// Where does Glossa's OCR spend its time? Usage:
//   node scripts/profile-ocr.mjs <data-dir> [--runs 3] [--no-peer] [--limit-side 960] [--threads 2]
// Runs Glossa's PP-OCR (the built packages: `npx turbo run build` first) on every
// image under <data-dir> (recursively, skipping *.erased.* and *.mask.*), warm,
// and prints per image: median total ms, ONNX time of det / rec / cls runs, and
// the rest (decode, pre- and post-processing, crops). With the peer enabled it
// also times @gutenye/ocr-node (same model files) on the same images.
// When an image has a `<stem>.gt.txt`, a quick accuracy check is printed too
// (one-to-one IoU >= 0.5 matching, CER over matched lines); the reference
// numbers come from `npm run eval:ocr`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { convexIou } from '@glossa/core';
import { createNodeBackend, createNodeOcr, decodeImage } from '@glossa/node';
import { editDistance } from './lib/ocr-metrics.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    'no-peer': { type: 'boolean', default: false },
    'limit-side': { type: 'string' },
    'box-threshold': { type: 'string' },
    'det-threshold': { type: 'string' },
    unclip: { type: 'string' },
    threads: { type: 'string', default: '2' },
    filter: { type: 'string' },
    'no-spin': { type: 'boolean', default: false },
  },
});
const dataDir = positionals[0];
if (!dataDir) {
  console.error('usage: node scripts/profile-ocr.mjs <data-dir> [--runs N] [--no-peer] [--limit-side N] [--threads N]');
  process.exit(2);
}
const runs = Number(values.runs);

async function listImages(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listImages(full)));
    else if (/\.(png|jpe?g|webp)$/i.test(entry.name) && !/\.(erased|mask)\./.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// A backend whose sessions record how long each run() takes, per model file.
// --no-spin: sessions with ONNX Runtime's intra-op spin-waiting off (an
// experiment for the session factory: on a busy 2-core machine idle threads
// that spin steal the CPU the other session needs).
const base = values['no-spin'] ? await noSpinBackend(Number(values.threads)) : createNodeBackend({ device: 'cpu', threads: Number(values.threads) });
const runTime = new Map();
const timed = {
  Tensor: base.Tensor,
  get device() {
    return base.device;
  },
  async createSession(model, options) {
    const session = await base.createSession(model, options);
    const name = path.basename(String(model)).replace(/_infer\.onnx$|\.onnx$/, '');
    return new Proxy(session, {
      get(target, key) {
        if (key !== 'run') return Reflect.get(target, key);
        return async (...args) => {
          const t = performance.now();
          try {
            return await target.run(...args);
          } finally {
            runTime.set(name, (runTime.get(name) ?? 0) + performance.now() - t);
          }
        };
      },
    });
  },
};

const tuning = {};
if (values['limit-side']) tuning.limitSideLen = Number(values['limit-side']);
if (values['box-threshold']) tuning.boxThreshold = Number(values['box-threshold']);
if (values['det-threshold']) tuning.detThreshold = Number(values['det-threshold']);
if (values.unclip) tuning.unclipRatio = Number(values.unclip);
const ocr = await createNodeOcr({ backend: timed, ...tuning });

let images = await listImages(dataDir);
if (values.filter) images = images.filter((f) => new RegExp(values.filter).test(f));
const rows = [];
const accuracy = new Map();
for (const file of images) {
  const bytes = await readFile(file);
  let lines;
  const totals = [];
  const parts = [];
  for (let i = 0; i < runs + 1; i++) {
    runTime.clear();
    const t = performance.now();
    const { image } = await decodeImage(bytes);
    const decoded = performance.now();
    lines = await ocr.recognize(image);
    const total = performance.now() - t;
    if (i === 0) continue; // warm-up
    totals.push(total);
    parts.push({ decode: decoded - t, ...Object.fromEntries(runTime) });
  }
  const pick = (key) => median(parts.map((p) => p[key] ?? 0));
  const det = pick('ch_PP-OCRv4_det');
  const rec = pick('ch_PP-OCRv4_rec');
  const cls = pick('ch_ppocr_mobile_v2.0_cls');
  const decode = pick('decode');
  const total = median(totals);
  rows.push({ file: path.relative(dataDir, file), total, decode, det, rec, cls, rest: total - det - rec - cls - decode, lines: lines.length });
  const gt = await readGroundTruth(file);
  if (gt) {
    const group = path.relative(dataDir, file).split(path.sep)[0];
    const acc = accuracy.get(group) ?? { gt: 0, found: 0, matched: 0, exact: 0, edits: 0, chars: 0 };
    scoreImage(acc, gt, lines);
    accuracy.set(group, acc);
  }
}

let peer;
if (!values['no-peer']) {
  const { default: Peer } = await import('@gutenye/ocr-node');
  const gutenye = await Peer.create();
  peer = new Map();
  for (const file of images) {
    const times = [];
    for (let i = 0; i < runs + 1; i++) {
      const t = performance.now();
      await gutenye.detect(file);
      if (i > 0) times.push(performance.now() - t);
    }
    peer.set(path.relative(dataDir, file), median(times));
  }
}

const f = (v) => v.toFixed(0).padStart(6);
console.log(`${'image'.padEnd(40)} ${'total'.padStart(6)} ${'decode'.padStart(6)} ${'det'.padStart(6)} ${'rec'.padStart(6)} ${'cls'.padStart(6)} ${'rest'.padStart(6)} lines${peer ? '   peer  ratio' : ''}`);
for (const r of rows) {
  const p = peer?.get(r.file);
  console.log(
    `${r.file.padEnd(40)} ${f(r.total)} ${f(r.decode)} ${f(r.det)} ${f(r.rec)} ${f(r.cls)} ${f(r.rest)} ${String(r.lines).padStart(5)}${p ? `${f(p)} ${(p / r.total).toFixed(2).padStart(6)}` : ''}`,
  );
}
const groups = [...new Set(rows.map((r) => r.file.split(path.sep)[0]))];
for (const g of groups) {
  const rs = rows.filter((r) => r.file.split(path.sep)[0] === g);
  const ours = median(rs.map((r) => r.total));
  const theirs = peer ? median(rs.map((r) => peer.get(r.file))) : undefined;
  console.log(
    `${g}: median ${ours.toFixed(0)} ms/image (det ${median(rs.map((r) => r.det)).toFixed(0)}, rec ${median(rs.map((r) => r.rec)).toFixed(0)}, rest ${median(rs.map((r) => r.rest)).toFixed(0)})` +
      (theirs ? `; @gutenye/ocr-node ${theirs.toFixed(0)} ms/image; speed-up ${(theirs / ours).toFixed(2)}x` : ''),
  );
}
for (const [g, a] of accuracy) {
  const precision = a.found ? a.matched / a.found : 0;
  const recall = a.gt ? a.matched / a.gt : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const ep = a.found ? a.exact / a.found : 0;
  const er = a.gt ? a.exact / a.gt : 0;
  const e2e = ep + er ? (2 * ep * er) / (ep + er) : 0;
  console.log(
    `${g}: quick check: det P ${precision.toFixed(3)} R ${recall.toFixed(3)} F1 ${f1.toFixed(3)}; CER ${(a.chars ? a.edits / a.chars : 0).toFixed(3)}; end-to-end F1 ${e2e.toFixed(3)}`,
  );
}
await ocr.dispose();
await base.dispose();

async function readGroundTruth(file) {
  const stem = file.replace(/\.(png|jpe?g|webp)$/i, '');
  let text;
  try {
    text = await readFile(`${stem}.gt.txt`, 'utf8');
  } catch {
    return undefined;
  }
  const out = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim()) continue;
    const parts = raw.split(',');
    const n = parts.slice(0, 8).map(Number);
    const label = parts.slice(8).join(',');
    out.push({ polygon: [[n[0], n[1]], [n[2], n[3]], [n[4], n[5]], [n[6], n[7]]], text: label, ignore: label === '###' });
  }
  return out;
}

function norm(text) {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

// Greedy one-to-one matching by IoU (highest first); lines matching an ignored
// GT box are left out of the counts.
function scoreImage(acc, gt, lines) {
  const pairs = [];
  gt.forEach((g, i) => lines.forEach((l, j) => {
    const iou = convexIou(g.polygon, l.polygon);
    if (iou >= 0.5) pairs.push({ i, j, iou });
  }));
  pairs.sort((a, b) => b.iou - a.iou);
  const usedG = new Set();
  const usedL = new Set();
  let ignoredFound = 0;
  for (const { i, j } of pairs) {
    if (usedG.has(i) || usedL.has(j)) continue;
    usedG.add(i);
    usedL.add(j);
    if (gt[i].ignore) {
      ignoredFound++;
      continue;
    }
    acc.matched++;
    const truth = norm(gt[i].text);
    const read = norm(lines[j].text);
    acc.edits += editDistance(truth, read);
    acc.chars += [...truth].length;
    if (truth === read) acc.exact++;
  }
  acc.gt += gt.filter((g) => !g.ignore).length;
  acc.found += lines.length - ignoredFound;
}

async function noSpinBackend(threads) {
  const ort = await import('onnxruntime-node');
  const sessions = new Map();
  return {
    Tensor: ort.Tensor,
    device: 'cpu',
    createSession(model) {
      if (!sessions.has(model)) {
        sessions.set(model, ort.InferenceSession.create(model, {
          executionProviders: ['cpu'],
          graphOptimizationLevel: 'all',
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          extra: { session: { intra_op: { allow_spinning: '0' } } },
        }));
      }
      return sessions.get(model);
    },
    async dispose() {
      for (const s of sessions.values()) await (await s).release();
    },
  };
}
