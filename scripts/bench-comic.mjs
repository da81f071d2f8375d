#!/usr/bin/env node
// Comic preset speed: seconds per page through the comic path (decode,
// PP-OCR detection, bubble finder, Tesseract jpn_vert/jpn, translation script,
// bubble masks, classical inpainting, balloon typesetting, render, PNG encode),
// as `glossa translate --from ja` runs it.
//
//   npm run bench:comic -- [<data-dir>] [--runs 5] [--json]
//
// Pages: examples/comic/comic-page.png (drawn by scripts/make-comic-example.mjs,
// with its script comic-page.en.json), so the bench runs without fixtures, plus
// every .jpg/.png in <data-dir> (e.g. ../shared/fixtures/c_comic; an
// OpenMantra-style <stem>.gt.json beside a page gives its script, text_ja ->
// text_en). Models and Tesseract workers are loaded and every page is run once
// before timing (warm-up); then each page is run --runs times, one page at a
// time. Reported per page: the median wall time, its stages, and the CPU time
// of the process (all threads: ONNX, Tesseract workers); then the median over
// pages against the 3 s target. The machine's load average is printed with the
// result: other jobs on a shared machine inflate wall time more than CPU time.
// Device: CPU. Needs the built packages (`npx turbo run build`).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TARGET_S = 3;
const IMAGE = /\.(jpe?g|png)$/i;
const STAGES = ['decode', 'ocr', 'translate', 'inpaint', 'layout', 'render', 'encode'];
const usage = 'usage: npm run bench:comic -- [<data-dir>] [--runs 5] [--json]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length > 1) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, got ${values.runs}\n${usage}`);
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = values.json ? () => {} : (line) => process.stderr.write(`${line}\n`);

const pages = [await examplePage(), ...(positionals[0] ? await folderPages(path.resolve(positionals[0])) : [])];
if (positionals[0] && pages.length === 1) {
  console.error(`No .jpg/.png page in ${positionals[0]}`);
  process.exit(1);
}

const core = await import('@glossa/core');
const node = await import('@glossa/node');
const paddle = await node.createNodeOcr({ device: 'cpu' });
const reader = node.createTesseractReader();
const inpainter = await node.createNodeInpainter({ inpainter: 'classical' });
const measurer = node.createCanvasMeasurer();
const renderer = node.createCanvasRenderer();
const codec = {
  decode: async (file) => {
    const { image } = await node.decodeImage(file);
    core.flattenAlpha(image);
    return image;
  },
  encode: async ({ image }) => node.encodeImage(image, 'png'),
};
const pipelineFor = (script) =>
  core.createPipeline({
    ocr: core.createComicOcr({ detector: paddle, reader }),
    translator: core.createTranslationMapTranslator(script, core.COMIC_SCRIPT_OPTIONS),
    inpainter,
    renderer,
    codec,
    ...core.comicStages({ measurer }),
  });

const results = [];
try {
  await paddle.warmUp();
  log(`${pages.length} pages, ${runs} timed runs each after a warm-up run, CPU, ${availableParallelism()} cores, Tesseract workers: ${availableParallelism()}`);
  for (const page of pages) {
    const pipeline = pipelineFor(page.script);
    const run = async () => {
      const cpu0 = process.cpuUsage();
      const { timings, page: out } = await pipeline.run(page.file, { sourceLang: 'ja', targetLang: 'en' });
      const cpu = process.cpuUsage(cpu0);
      return { timings, cpuMs: (cpu.user + cpu.system) / 1000, blocks: out.blocks.length, translated: out.blocks.filter((b) => b.translation && !b.flags.untranslated).length };
    };
    await run();
    const timed = [];
    for (let i = 0; i < runs; i++) timed.push(await run());
    const result = {
      page: page.name,
      blocks: timed[0].blocks,
      translated: timed[0].translated,
      medianS: median(timed.map((t) => t.timings.total)) / 1000,
      cpuS: median(timed.map((t) => t.cpuMs)) / 1000,
      stagesS: Object.fromEntries(STAGES.map((s) => [s, median(timed.map((t) => t.timings[s] ?? 0)) / 1000])),
    };
    results.push(result);
    log(`  ${result.page}: ${result.medianS.toFixed(2)} s (CPU ${result.cpuS.toFixed(2)} s), ${result.blocks} blocks, ${result.translated} translated`);
  }
} finally {
  await reader.dispose();
  await paddle.dispose();
  await inpainter.dispose?.();
}

const overall = median(results.map((r) => r.medianS));
const summary = { pages: results.length, runs, medianSecondsPerPage: overall, medianCpuSecondsPerPage: median(results.map((r) => r.cpuS)), targetSeconds: TARGET_S, met: overall <= TARGET_S, loadAverage: loadavg()[0] };
if (values.json) {
  console.log(JSON.stringify({ summary, pages: results }, null, 2));
} else {
  const header = ['page', 'blocks', 's/page', 'CPU s', ...STAGES];
  const body = results.map((r) => [r.page, String(r.blocks), r.medianS.toFixed(2), r.cpuS.toFixed(2), ...STAGES.map((s) => r.stagesS[s].toFixed(2))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(
    `\nmedian over ${results.length} pages: ${overall.toFixed(2)} s/page (CPU ${summary.medianCpuSecondsPerPage.toFixed(2)} s), target <= ${TARGET_S} s: ${summary.met ? 'met' : 'NOT met'} (load average ${summary.loadAverage.toFixed(1)})`,
  );
}

/** The comic example shipped in the repository, with its translation script. */
async function examplePage() {
  const file = path.join(repoRoot, 'examples/comic/comic-page.png');
  if (!existsSync(file)) throw new Error(`${file} is missing: run node scripts/make-comic-example.mjs`);
  return { name: 'examples/comic/comic-page.png', file, script: JSON.parse(await readFile(file.replace(/\.png$/, '.en.json'), 'utf8')) };
}

/** The pages of a folder, each with the script from its OpenMantra-style ground truth when it has one. */
async function folderPages(dir) {
  const files = (await readdir(dir)).filter((f) => IMAGE.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      let script = {};
      try {
        const truth = JSON.parse(await readFile(path.join(dir, f.replace(IMAGE, '.gt.json')), 'utf8'));
        script = Object.fromEntries(truth.text.map((t) => [t.text_ja, t.text_en]));
      } catch {
        // no ground truth beside this page: nothing is translated, everything else runs
      }
      return { name: f, file: path.join(dir, f), script };
    }),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
