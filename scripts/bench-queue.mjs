#!/usr/bin/env node
// Queue benchmark: the same generated product-style pages through
// `translateImages` in one process, then through @glossa/queue with 1 and then
// 2 worker processes, in one run, against a redis-server this script starts.
//
//   npm run bench:queue [-- --count 23] [--flat 230] [--size 480x300] [--json]
//
// Reported: wall time and time to the first result of each run (from the
// call; every engine has translated one other page before, so models and fonts
// are loaded alike), throughput, the queue's overhead per page (the
// client's wall time minus the time the worker spent translating, per page),
// and the RSS of one worker after --count pages and after --flat pages.
// Translator: a translation script (no network). Device: CPU; inpainting:
// classical. Needs the built packages (`npx turbo run build`) and redis-server.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { productPage, productScript } from './lib/product-pages.mjs';

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    inprocess: { type: 'boolean', default: false },
    count: { type: 'string', default: '23' },
    flat: { type: 'string', default: '230' },
    size: { type: 'string', default: '480x300' },
    json: { type: 'boolean', default: false },
  },
});
const [width, height] = values.size.split('x').map(Number);
const pages = (n, from = 0) => Array.from({ length: n }, (_, i) => productPage(from + i, { width, height }));
const engineOptions = { device: 'cpu', inpainter: 'classical', onWarning: () => undefined };

if (values.worker) await workerProcess(values.worker);
else if (values.inprocess) await inProcess(Number(values.count));
else await main();

async function main() {
  const count = Number(values.count);
  const flat = Number(values.flat);
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error('bench:queue needs redis-server (apt-get install redis-server)');
    process.exit(2);
  }
  const log = (line) => process.stderr.write(`${line}\n`);
  log(`${count} product-style pages of ${width}x${height}, to 'en' with a translation script, CPU, classical inpainting.`);

  log('in-process translateImages...');
  const local = await child(['--inprocess', '--count', String(count)]);
  log(`  ${count} pages in ${s(local.totalMs)}, first after ${s(local.firstMs)}`);

  const redis = await startRedis();
  const { createTranslationQueue } = await import('@glossa/queue');
  const queue = createTranslationQueue({ connection: redis.url });
  try {
    const w1 = await startWorkerProcess(redis.url, 'w1');
    log('queue, 1 worker...');
    const one = await runBatch(queue, pages(count));
    log(`  ${count} pages in ${s(one.totalMs)}, first after ${s(one.firstMs)}, worker busy ${s(one.busyMs)}`);
    const rssAtCount = w1.rss;
    log(`queue, 1 worker, ${flat - count} more pages (RSS)...`);
    const more = await runBatch(queue, pages(flat - count, count));
    const rssAtFlat = w1.rss;
    log(`  ${flat - count} pages in ${s(more.totalMs)}; worker RSS ${mb(rssAtCount)} after ${count} pages, ${mb(rssAtFlat)} after ${flat} (peak ${mb(w1.peakRss)})`);
    const w2 = await startWorkerProcess(redis.url, 'w2');
    log('queue, 2 workers...');
    const two = await runBatch(queue, pages(count));
    log(`  ${count} pages in ${s(two.totalMs)}, first after ${s(two.firstMs)}`);
    for (const w of [w1, w2]) w.child.kill('SIGTERM');

    const report = {
      pages: count,
      size: `${width}x${height}`,
      inProcess: { totalMs: local.totalMs, firstMs: local.firstMs, pagesPerS: (count * 1000) / local.totalMs },
      queue1: { totalMs: one.totalMs, firstMs: one.firstMs, pagesPerS: (count * 1000) / one.totalMs, overheadMsPerPage: (one.totalMs - one.busyMs) / count },
      queue2: { totalMs: two.totalMs, firstMs: two.firstMs, pagesPerS: (count * 1000) / two.totalMs },
      vsInProcessMsPerPage: (one.totalMs - local.totalMs) / count,
      workerRss: { [count]: rssAtCount, [flat]: rssAtFlat, peak: w1.peakRss, growthPct: (100 * (rssAtFlat - rssAtCount)) / rssAtCount },
    };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`| run | ${count} pages | pages/s | first result |`);
      console.log('|---|---|---|---|');
      console.log(`| translateImages in-process | ${s(local.totalMs)} | ${report.inProcess.pagesPerS.toFixed(2)} | ${s(local.firstMs)} |`);
      console.log(`| queue, 1 worker | ${s(one.totalMs)} | ${report.queue1.pagesPerS.toFixed(2)} | ${s(one.firstMs)} |`);
      console.log(`| queue, 2 workers | ${s(two.totalMs)} | ${report.queue2.pagesPerS.toFixed(2)} | ${s(two.firstMs)} |`);
      console.log(`queue overhead per page (1 worker: client wall time minus worker translating time): ${report.queue1.overheadMsPerPage.toFixed(0)} ms`);
      console.log(`queue, 1 worker vs in-process, per page: ${report.vsInProcessMsPerPage >= 0 ? '+' : ''}${report.vsInProcessMsPerPage.toFixed(0)} ms`);
      console.log(`worker RSS: ${mb(rssAtCount)} after ${count} pages, ${mb(rssAtFlat)} after ${flat} (${report.workerRss.growthPct.toFixed(1)}%), peak ${mb(w1.peakRss)}`);
    }
  } finally {
    await queue.close();
    await redis.stop();
  }
}

/** One batch through the queue; returns wall time from submit, first result, and the workers' translating time. */
async function runBatch(queue, inputs) {
  const started = performance.now();
  const batch = await queue.submit(inputs, { to: 'en', translator: productScript });
  let firstMs;
  let busyMs = 0;
  let failed = 0;
  for await (const outcome of queue.results(batch)) {
    firstMs ??= performance.now() - started;
    if (outcome.ok) busyMs += outcome.timings.total;
    else failed++;
  }
  if (failed) throw new Error(`${failed} pages failed`);
  const totalMs = performance.now() - started;
  // Let the workers' last RSS samples arrive.
  await new Promise((r) => setTimeout(r, 200));
  return { totalMs, firstMs, busyMs };
}

async function startWorkerProcess(url, id) {
  const c = fork(fileURLToPath(import.meta.url), ['--worker', url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_WORKER_ID: id } });
  const handle = { child: c, rss: 0, peakRss: 0 };
  await new Promise((resolve, reject) => {
    c.on('message', (m) => {
      if (m.type === 'ready') resolve();
      if (m.rss) {
        handle.rss = m.rss;
        handle.peakRss = Math.max(handle.peakRss, m.rss);
      }
    });
    c.once('exit', (code) => reject(new Error(`worker ${id} exited with ${code}`)));
  });
  return handle;
}

async function workerProcess(url) {
  const { startWorker } = await import('@glossa/queue');
  await startWorker({
    connection: url,
    id: process.env.BENCH_WORKER_ID,
    engine: await warmEngine(),
    onPage: (e) => e.state !== 'start' && process.send({ type: 'page', rss: process.memoryUsage().rss }),
  });
  process.send({ type: 'ready', rss: process.memoryUsage().rss });
}

async function inProcess(count) {
  const engine = await warmEngine();
  const inputs = pages(count);
  const started = performance.now();
  let firstMs;
  for await (const outcome of engine.translateImages(inputs, { to: 'en', translator: productScript })) {
    firstMs ??= performance.now() - started;
    if (!outcome.ok) throw outcome.error;
  }
  process.send({ totalMs: performance.now() - started, firstMs });
  await engine.dispose();
}

/** An engine that has translated one page (not one of the measured ones): models, fonts and code paths loaded, in every run alike. */
async function warmEngine() {
  const { createGlossa } = await import('@glossa/node');
  const engine = createGlossa(engineOptions);
  await engine.translateImage(productPage(59, { width, height }), { to: 'en', translator: productScript });
  return engine;
}

function child(args) {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    c.once('message', resolve);
    c.once('exit', (code) => code !== 0 && reject(new Error(`child exited with ${code}`)));
  });
}

async function startRedis() {
  const dir = await mkdtemp(path.join(tmpdir(), 'glossa-bench-redis-'));
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function s(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(bytes) {
  return `${Math.round(bytes / 1048576)} MB`;
}
