#!/usr/bin/env node
// End-to-end benchmark: images → OCR → translate → erase → typeset → PNG,
// through Glossa's pipelined engine (`createGlossa().translateImages`), and in
// the same run the same work as a plain sequential loop over the same engine
// parts, one image after another.
//
//   npm run bench:e2e -- <data-dir> [--count 23] [--flat] [--latency 1500] [--to en] [--json]
//
// <data-dir>: a folder of .jpg/.png images, or a folder with an `a_product/`
// subfolder of them (e.g. the evaluation fixtures); the images are cycled
// through until there are --count of them.
//
// The translator is SIMULATED: every request answers after a fixed --latency
// ms (default 1500) with a made-up English text per block. It stands in for the
// network latency of a real translation API; nothing leaves the machine.
// Device: CPU; inpainting: classical (no LaMa).
//
// Each run is its own child process, one after the other, so each one's peak
// RSS, model loading and caches are its own. Reported per run: total wall time
// and time to the first result, both from the call (model loading included),
// the median per page of each stage, translator requests, and peak RSS, both
// sampled every 50 ms and the kernel's maxRSS. Then the speed-up of the
// pipeline over the loop. --flat adds a pipelined run of 10 × --count images
// (230 by default) to check that RSS stays flat.
// Needs the built packages (`npx turbo run build`).
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const IMAGE = /\.(jpe?g|png)$/i;
// Derived files beside the fixtures (erased ground truth, masks) are not inputs.
const DERIVED = /\.(erased|mask)\.[a-z]+$/i;
const STAGES = ['decode', 'ocr', 'translate', 'inpaint', 'layout', 'render', 'encode'];
const TARGETS = { totalS: 25, firstS: 3, speedup: 2, peakMb: 1536, flatPct: 20 };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    worker: { type: 'string' },
    count: { type: 'string', default: '23' },
    latency: { type: 'string', default: '1500' },
    to: { type: 'string', default: 'en' },
    flat: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.worker) await worker(values.worker);
else await main();

// ------------------------------------------------------------------ parent

async function main() {
  if (values.help || positionals.length !== 1) {
    console.error('usage: npm run bench:e2e -- <data-dir> [--count 23] [--flat] [--latency 1500] [--to en] [--json]');
    process.exit(values.help ? 0 : 2);
  }
  const count = positiveInt('--count', values.count);
  const latency = positiveInt('--latency', values.latency, 0);
  const images = await findImages(path.resolve(positionals[0]));
  const log = (line) => process.stderr.write(`${line}\n`);
  log(`Simulated translator: every request answers after a fixed ${latency} ms; it stands in for network latency (no network is used).`);
  log(`${count} images cycling through ${images.length} in ${path.dirname(images[0])}, to '${values.to}', CPU, classical inpainting.`);

  const runs = {};
  for (const [name, mode, n] of [
    ['pipelined', 'pipelined', count],
    ['sequential', 'sequential', count],
    ...(values.flat ? [[`pipelined-${count * 10}`, 'pipelined', count * 10]] : []),
  ]) {
    log(`running ${name} (${n} images)...`);
    runs[name] = await runChild(mode, images, n, latency);
    const r = runs[name];
    for (const error of r.errors) log(`  failed: ${error}`);
    log(`  ${name}: ${r.ok}/${r.pages} ok in ${s(r.totalMs)}, first result after ${s(r.firstMs)}, peak RSS ${mb(r.peakRss)} (maxRSS ${mb(r.maxRss)})`);
  }

  const p = runs.pipelined;
  const q = runs.sequential;
  const speedup = q.totalMs / p.totalMs;
  const flat = values.flat ? runs[`pipelined-${count * 10}`] : undefined;
  const growth = flat ? (flat.peakRss / p.peakRss - 1) * 100 : undefined;
  const growthMax = flat ? (flat.maxRss / p.maxRss - 1) * 100 : undefined;

  if (values.json) {
    console.log(JSON.stringify({ count, latencyMs: latency, images: images.length, runs, speedup, rssGrowthPct: growth, maxRssGrowthPct: growthMax }, null, 2));
    return;
  }
  const out = [];
  const row = (label, ...cells) => out.push(`${label.padEnd(28)}${cells.map((c) => String(c).padStart(14)).join('')}`);
  out.push('');
  out.push(`Glossa end to end: ${count} images, CPU, classical inpainting, to '${values.to}'`);
  out.push(`Translator: SIMULATED, a fixed ${latency} ms per request (it stands in for network latency).`);
  out.push('');
  const names = Object.keys(runs);
  row('', ...names);
  row('pages ok / failed', ...names.map((n) => `${runs[n].ok} / ${runs[n].pages - runs[n].ok}`));
  row('total wall time', ...names.map((n) => s(runs[n].totalMs)));
  row('first result', ...names.map((n) => s(runs[n].firstMs)));
  row('  of which model loading', ...names.map((n) => s(runs[n].loadMs)));
  row('  first page\'s own stages', ...names.map((n) => s(runs[n].firstTimings?.total)));
  row('translator requests', ...names.map((n) => runs[n].requests));
  for (const stage of STAGES) row(`median ${stage} per page`, ...names.map((n) => ms(runs[n].stageMedians[stage])));
  for (const stage of STAGES) row(`first page's ${stage}`, ...names.map((n) => ms(runs[n].firstTimings?.[stage])));
  row('peak RSS (50 ms samples)', ...names.map((n) => mb(runs[n].peakRss)));
  row('maxRSS (kernel)', ...names.map((n) => mb(runs[n].maxRss)));
  row('RSS at the end', ...names.map((n) => mb(runs[n].endRss)));
  out.push('');
  out.push('Per-stage times exclude waiting for a free slot; `translate` includes the simulated latency and the batching linger.');
  out.push('Both modes share a translation cache by text (the pipeline\'s LRU; a Map in the loop), so repeated images need no request.');
  out.push('');
  out.push(`pipelined is ${speedup.toFixed(2)}x faster than the sequential loop`);
  out.push('');
  out.push('targets:');
  const check = (ok, text) => out.push(`  [${ok ? 'met' : 'MISSED'}] ${text}`);
  check(p.totalMs <= TARGETS.totalS * 1000, `${count} images in <= ${TARGETS.totalS} s: ${s(p.totalMs)}${count === 23 ? '' : ' (target is for 23)'}`);
  check(p.firstMs <= TARGETS.firstS * 1000, `first result <= ${TARGETS.firstS} s: ${s(p.firstMs)}`);
  check(speedup >= TARGETS.speedup, `pipelined >= ${TARGETS.speedup}x the sequential loop: ${speedup.toFixed(2)}x`);
  const peak = Math.max(...names.map((n) => runs[n].maxRss));
  check(peak < TARGETS.peakMb * 1024 * 1024, `peak RSS < ${TARGETS.peakMb / 1024} GB: ${mb(peak)} (largest maxRSS)`);
  if (flat) {
    check(
      Math.abs(growth) <= TARGETS.flatPct && Math.abs(growthMax) <= TARGETS.flatPct,
      `RSS within ${TARGETS.flatPct}% from ${count} to ${count * 10} images: sampled peak ${signed(growth)}, maxRSS ${signed(growthMax)}`,
    );
  } else {
    out.push(`  [ -- ] RSS flat from ${count} to ${count * 10} images: run with --flat`);
  }
  console.log(out.join('\n'));
}

function runChild(mode, images, count, latency) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--worker', mode, '--count', String(count), '--latency', String(latency), '--to', values.to], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (message) => {
      if (message.type === 'ready') child.send({ images });
      else if (message.type === 'result') result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the ${mode} run exited with ${code} without a result`))));
  });
}

async function findImages(dir) {
  const folder = existsSync(path.join(dir, 'a_product')) ? path.join(dir, 'a_product') : dir;
  let names;
  try {
    names = await readdir(folder);
  } catch (error) {
    console.error(`Cannot read ${folder}: ${error.message}`);
    process.exit(2);
  }
  const images = names.filter((n) => IMAGE.test(n) && !DERIVED.test(n)).sort().map((n) => path.join(folder, n));
  if (images.length === 0) {
    console.error(`No .jpg or .png images in ${folder}`);
    process.exit(2);
  }
  return images;
}

function positiveInt(flag, text, min = 1) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${flag} must be an integer >= ${min}, got ${text}`);
    process.exit(2);
  }
  return n;
}

function s(msValue) {
  return msValue === undefined ? '-' : `${(msValue / 1000).toFixed(2)} s`;
}
function ms(msValue) {
  return msValue === undefined ? '-' : `${Math.round(msValue)} ms`;
}
function mb(bytes) {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
function signed(pct) {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

// ------------------------------------------------------------------ child

async function worker(mode) {
  const { images } = await new Promise((resolve) => {
    process.once('message', resolve);
    process.send({ type: 'ready' });
  });
  const count = Number(values.count);
  const latency = Number(values.latency);
  const to = values.to;
  const inputs = Array.from({ length: count }, (_, i) => images[i % images.length]);

  // RSS: sampled every 50 ms (the event loop can be busy longer, so the kernel's maxRSS is reported too).
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  const translator = simulatedTranslator(latency);
  const t0 = performance.now();
  const run = mode === 'pipelined' ? await pipelined(inputs, translator, to, t0) : await sequential(inputs, translator, to, t0);
  const totalMs = performance.now() - t0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const stageMedians = {};
  for (const stage of STAGES) {
    const times = run.timings.map((t) => t[stage]).filter((v) => v !== undefined);
    stageMedians[stage] = median(times);
  }
  const result = {
    mode,
    pages: count,
    ok: run.ok,
    errors: run.errors.slice(0, 5),
    totalMs,
    firstMs: run.firstMs,
    loadMs: run.loadMs,
    firstTimings: run.firstTimings,
    requests: translator.requests,
    stageMedians,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    endRss: process.memoryUsage().rss,
  };
  process.send({ type: 'result', result }, () => process.exit(0));
}

/** The full engine: `createGlossa().translateImages`, stages overlapping across pages. */
async function pipelined(inputs, translator, to, t0) {
  const { createGlossa } = await import('@glossa/node');
  const engine = createGlossa({ device: 'cpu', inpainter: 'classical' });
  let firstMs;
  let loadMs;
  let firstTimings;
  let ok = 0;
  const errors = [];
  const timings = [];
  for await (const outcome of engine.translateImages(inputs, {
    to,
    translator,
    format: 'png',
    // The models load inside the first call; the first decode start marks the end of loading.
    onProgress: (e) => (loadMs ??= e.stage === 'decode' && e.state === 'start' ? performance.now() - t0 : undefined),
  })) {
    firstMs ??= performance.now() - t0;
    if (outcome.ok) {
      ok++;
      firstTimings ??= outcome.timings;
      timings.push(outcome.timings);
    } else errors.push(`${outcome.input}: ${outcome.error.code} ${outcome.error.message}`);
  }
  await engine.dispose();
  return { ok, errors, timings, firstMs, loadMs, firstTimings };
}

/** The same work as a plain loop: decode, OCR, translate, erase, lay out, render, encode, one image after another. */
async function sequential(inputs, translator, to, t0) {
  const core = await import('@glossa/core');
  const node = await import('@glossa/node');
  const backend = node.createNodeBackend({ device: 'cpu' });
  const ocr = await node.createNodeOcr({ backend });
  const inpainter = await node.createNodeInpainter({ inpainter: 'classical', backend });
  const renderer = node.createCanvasRenderer();
  const measurer = node.createCanvasMeasurer();
  const loadMs = performance.now() - t0;
  // The pipeline caches translations by text; so does the loop, so both send the same texts.
  const cache = new Map();
  let firstMs;
  let ok = 0;
  const errors = [];
  const timings = [];
  for (const input of inputs) {
    const t = {};
    const time = async (stage, work) => {
      const start = performance.now();
      try {
        return await work();
      } finally {
        t[stage] = performance.now() - start;
      }
    };
    const pageStart = performance.now();
    try {
      const image = await time('decode', async () => {
        const { image: decoded } = await node.decodeImage(input);
        core.flattenAlpha(decoded);
        return decoded;
      });
      let blocks = await time('ocr', async () => core.createBlocks(await ocr.recognize(image)));
      blocks = await time('translate', async () => {
        const wanted = blocks.filter((b) => !b.flags.keep && b.sourceText.trim() !== '' && !cache.has(b.sourceText));
        const texts = [...new Set(wanted.map((b) => b.sourceText))];
        if (texts.length > 0) {
          const answers = await translator.translate({ items: texts.map((text, i) => ({ id: String(i), text })), targetLang: to });
          for (const a of answers) cache.set(texts[Number(a.id)], a.text);
        }
        return blocks.map((b) => (b.flags.keep || b.sourceText.trim() === '' ? b : { ...b, translation: cache.get(b.sourceText) }));
      });
      const page = { version: core.PAGE_VERSION, width: image.width, height: image.height, targetLang: to, blocks };
      const background = await time('inpaint', async () => {
        const toErase = blocks.filter((b) => !b.flags.keep && !b.flags.untranslated);
        const mask = core.buildTextMask(image, toErase.flatMap((b) => b.lines));
        return inpainter.inpaint(image, mask);
      });
      const layout = core.createDefaultLayout({ measurer });
      const laidOut = await time('layout', async () => layout(page, { image, background }));
      const rendered = await time('render', () => renderer.render(background, laidOut));
      await time('encode', () => node.encodeImage(rendered, 'png'));
      t.total = performance.now() - pageStart;
      timings.push(t);
      ok++;
    } catch (error) {
      errors.push(`${input}: ${error.code ?? ''} ${error.message}`);
    }
    firstMs ??= performance.now() - t0;
  }
  await ocr.dispose();
  await inpainter.dispose?.();
  await backend.dispose();
  return { ok, errors, timings, firstMs, loadMs, firstTimings: timings[0] };
}

/**
 * Stands in for a translation API: each request answers after a fixed delay
 * with a made-up English text of about the source's length (so layout has
 * real work), and counts requests.
 */
function simulatedTranslator(latencyMs) {
  const words = ['fresh', 'sale', 'new', 'quality', 'offer', 'today', 'only', 'best', 'price', 'gift', 'free', 'style'];
  const translator = {
    id: `simulated-${latencyMs}ms`,
    requests: 0,
    async translate({ items, signal }) {
      translator.requests++;
      await new Promise((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, latencyMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      return items.map(({ id, text }) => {
        const n = Math.max(1, Math.round([...text].length / 2));
        let h = 0;
        for (const ch of text) h = (h * 31 + ch.codePointAt(0)) >>> 0;
        return { id, text: Array.from({ length: n }, (_, i) => words[(h + i * 7) % words.length]).join(' ') };
      });
    },
  };
  return translator;
}

function median(list) {
  if (list.length === 0) return undefined;
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
