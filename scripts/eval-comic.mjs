#!/usr/bin/env node
// Comic evaluation: `npm run eval:comic -- <data-dir> [--json] [--out <dir>] [--details]`.
// Needs the built packages (`npx turbo run build`). For every `<stem>.jpg|png`
// with an OpenMantra-style `<stem>.gt.json` (bubble boxes x,y,w,h with
// text_ja and text_en), the comic path (PP-OCR detection, bubble finder,
// Tesseract jpn_vert/jpn, bubble masks, balloon typesetting) is measured
// against the baseline (the default path: PP-OCR lines, paragraph blocks, text
// masks) in the same run:
//   recall / CER  the read bubbles against the ground-truth boxes, one to one where
//                 they overlap by at least half of the smaller one (OpenMantra's boxes
//                 hold the text with a margin of a glyph or two, so IoU depends on how
//                 loosely each page was annotated), CER over matched boxes; `IoU recall`
//                 is the same at IoU >= 0.5, as eval:ocr counts (scripts/lib/ocr-metrics.mjs)
//   ink left      dark pixels (luma < 110) in the central 70% of every ground-truth
//                 box that survive erase-everything, over those in the input
//   translated    bubbles translated from the page's published English used as the
//                 translation script (text_ja -> text_en); read+transl.: matched bubbles
//                 translated; right: those given their own bubble's English; overflow: blocks flagged
//   s/page        wall time per page of each path (OCR, erase, layout, render); CPU s/page:
//                 the process's CPU time (all threads: ONNX, tesseract workers) per page,
//                 which a busy machine inflates less than the wall time
// --out writes contact sheets (input with bubbles | erased | typeset) outside the repo.
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addCounts, area, editDistance, emptyCounts, evaluateImage, intersectPolygons, normalizeText, summarize } from './lib/ocr-metrics.mjs';

const IMAGE = /\.(jpe?g|png|webp)$/i;
const usage = 'usage: npm run eval:comic -- <data-dir> [--json] [--details] [--out <dir>] [--no-baseline]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    details: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length !== 1) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const root = path.resolve(positionals[0]);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (values.out && !path.relative(repoRoot, path.resolve(values.out)).startsWith('..')) {
  // The fixtures' licences forbid committing derived images; keep them out of the checkout.
  console.error(`--out must be outside the repository (${repoRoot})`);
  process.exit(2);
}
const core = await import('@glossa/core');
const node = await import('@glossa/node');
const log = values.json ? () => {} : (m) => process.stderr.write(m);

const cases = (await readdir(root))
  .filter((f) => IMAGE.test(f))
  .map((f) => ({ image: path.join(root, f), gt: path.join(root, f.replace(IMAGE, '.gt.json')), stem: f.replace(IMAGE, '') }))
  .sort((a, b) => a.stem.localeCompare(b.stem));
const withTruth = [];
for (const c of cases) {
  try {
    withTruth.push({ ...c, truth: JSON.parse(await readFile(c.gt, 'utf8')) });
  } catch {
    // no ground truth beside this image
  }
}
if (!withTruth.length) {
  console.error(`No image with a <stem>.gt.json found in ${root}`);
  process.exit(1);
}

const paddle = await node.createNodeOcr({ device: 'cpu' });
const reader = node.createTesseractReader();
const comicOcr = core.createComicOcr({ detector: paddle, reader });
const inpainter = await node.createNodeInpainter({ inpainter: 'classical' });
const renderer = node.createCanvasRenderer();
const measurer = node.createCanvasMeasurer();
await paddle.warmUp();
// Tesseract's workers start on first use; one read of a blank crop starts one per direction.
await Promise.all(['vertical', 'horizontal'].map((direction) => reader.read(core.createImage(32, 32, new Uint8ClampedArray(32 * 32 * 4).fill(255)), { direction })));

// Each path as the engine wires it: the default stages, or the comic preset's.
const pipelineFor = (translator, path_) =>
  core.createPipeline({
    ocr: path_ === 'comic' ? comicOcr : paddle,
    translator,
    inpainter,
    renderer,
    ...(path_ === 'comic' ? core.comicStages({ measurer }) : core.defaultStages({ measurer })),
  });

const paths = values['no-baseline'] ? ['comic'] : ['baseline', 'comic'];
const totals = Object.fromEntries(paths.map((p) => [p, { counts: emptyCounts(), iouHits: 0, rightTranslated: 0, inkIn: 0, inkLeft: 0, bubbles: 0, read: 0, translated: 0, readTranslated: 0, overflow: 0, ms: 0, cpuMs: 0, pages: 0 }]));
const pages = [];
try {
  for (const c of withTruth) {
    const { image } = await node.decodeImage(c.image);
    core.flattenAlpha(image);
    const truth = c.truth.text.map((t) => ({ polygon: core.rectToPolygon({ x: t.x, y: t.y, width: t.w, height: t.h }), text: t.text_ja, ignore: false, en: t.text_en }));
    const script = Object.fromEntries(c.truth.text.map((t) => [t.text_ja, t.text_en]));
    const perPage = { file: path.basename(c.image) };
    for (const p of paths) {
      // Each path matches the script as the engine does: the comic preset more loosely.
      const translator = core.createTranslationMapTranslator(script, p === 'comic' ? core.COMIC_SCRIPT_OPTIONS : {});
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await pipelineFor(translator, p).run(image, { targetLang: 'en', sourceLang: 'ja' });
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const blocks = result.page.blocks;
      const predictions = blocks.map((b) => ({ polygon: b.polygon, text: b.sourceText }));
      const scored = evaluateBubbles(predictions, truth);
      const strict = evaluateImage(predictions, truth);
      // Erase everything the path found (the translated run erases only what was translated).
      const toErase = p === 'comic' ? blocks.filter((b) => !b.flags.keep) : blocks;
      const mask = p === 'comic' ? core.buildBubbleMask(image, toErase) : core.buildTextMask(image, toErase.flatMap((b) => b.lines));
      const erased = await inpainter.inpaint(image, mask);
      const ink = inkLeft(image, erased, c.truth.text);
      const matchedBlocks = new Set(scored.lines.map((l) => l.pred));
      const translatedBlocks = blocks.filter((b) => b.translation && !b.flags.untranslated && !b.flags.keep);
      const t = totals[p];
      t.counts = addCounts(t.counts, scored.counts);
      t.iouHits += strict.counts.truePositives;
      t.inkIn += ink.before;
      t.inkLeft += ink.after;
      t.bubbles += truth.length;
      t.read += matchedBlocks.size;
      t.translated += translatedBlocks.length;
      t.readTranslated += blocks.filter((b, i) => matchedBlocks.has(i) && translatedBlocks.includes(b)).length;
      // Translated with the English of the bubble it was matched to (not a neighbour's entry).
      t.rightTranslated += scored.lines.filter((l) => translatedBlocks.includes(blocks[l.pred]) && blocks[l.pred].translation === truth[l.gt].en).length;
      t.overflow += blocks.filter((b) => b.flags.overflow).length;
      t.ms += ms;
      t.cpuMs += cpuMs;
      t.pages++;
      perPage[p] = {
        ...summarize(scored.counts),
        inkLeft: ink.before ? ink.after / ink.before : 0,
        translated: translatedBlocks.length,
        overflow: blocks.filter((b) => b.flags.overflow).length,
        ms,
        misread: scored.lines.filter((l) => l.edits > 0).map(({ expected, actual, edits }) => ({ expected, actual, edits })),
        missed: scored.unmatchedTruth.map((j) => truth[j].text),
      };
      if (values.out && p === 'comic') await contactSheet(path.resolve(values.out), c.stem, image, result, erased);
      log('.');
    }
    pages.push(perPage);
  }
} finally {
  await reader.dispose();
  await paddle.dispose();
  await inpainter.dispose?.();
}
log('\n');

const rows = paths.map((p) => {
  const t = totals[p];
  const s = summarize(t.counts);
  return {
    path: p,
    pages: t.pages,
    bubbles: t.bubbles,
    recall: s.recall,
    iouRecall: t.bubbles ? t.iouHits / t.bubbles : 0,
    precision: s.precision,
    cer: s.cer,
    inkLeft: t.inkIn ? t.inkLeft / t.inkIn : 0,
    translated: t.translated,
    readTranslated: `${t.readTranslated}/${t.read}`,
    rightTranslated: t.rightTranslated,
    overflow: t.overflow,
    secondsPerPage: t.ms / t.pages / 1000,
    cpuSecondsPerPage: t.cpuMs / t.pages / 1000,
  };
});
if (values.json) {
  console.log(JSON.stringify({ dataDir: root, summary: rows, pages }, null, 2));
} else {
  const header = ['path', 'pages', 'bubbles', 'recall', 'IoU recall', 'precision', 'CER', 'ink left', 'translated', 'read+transl.', 'right', 'overflow', 's/page', 'CPU s/page'];
  const fmt = (v) => (v === null ? '-' : v.toFixed(3));
  const body = rows.map((r) => [r.path, r.pages, r.bubbles, fmt(r.recall), fmt(r.iouRecall), fmt(r.precision), fmt(r.cer), `${(100 * r.inkLeft).toFixed(1)}%`, r.translated, r.readTranslated, r.rightTranslated, r.overflow, r.secondsPerPage.toFixed(2), r.cpuSecondsPerPage.toFixed(2)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  if (values.details) {
    for (const page of pages) {
      const c = page.comic;
      console.log(`\n${page.file}: recall ${c.recall.toFixed(2)} CER ${fmt(c.cer)} ink ${(100 * c.inkLeft).toFixed(1)}% translated ${c.translated} overflow ${c.overflow} ${c.ms.toFixed(0)} ms`);
      for (const m of c.missed) console.log(`  missed   ${JSON.stringify(m)}`);
      for (const m of c.misread) console.log(`  misread  ${JSON.stringify(m.expected)} -> ${JSON.stringify(m.actual)} (${m.edits})`);
    }
  }
}

/**
 * One-to-one matching of predicted blocks to ground-truth bubbles: pairs whose
 * intersection is at least half the smaller box, taken greedily from the
 * largest overlap; counts in the shape of ocr-metrics' evaluateImage.
 */
function evaluateBubbles(predictions, truth) {
  const pairs = [];
  predictions.forEach((p, i) => {
    truth.forEach((g, j) => {
      const inter = area(intersectPolygons(p.polygon, g.polygon));
      const overlap = inter / Math.max(1, Math.min(area(p.polygon), area(g.polygon)));
      if (overlap >= 0.5) pairs.push({ pred: i, gt: j, overlap });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap);
  const usedP = new Set();
  const usedG = new Set();
  const lines = [];
  let edits = 0;
  let chars = 0;
  let endToEnd = 0;
  for (const pair of pairs) {
    if (usedP.has(pair.pred) || usedG.has(pair.gt)) continue;
    usedP.add(pair.pred);
    usedG.add(pair.gt);
    const expected = normalizeText(truth[pair.gt].text);
    const actual = normalizeText(predictions[pair.pred].text);
    const d = editDistance(actual, expected);
    edits += d;
    chars += expected.length;
    if (d === 0) endToEnd++;
    lines.push({ pred: pair.pred, gt: pair.gt, expected, actual, edits: d });
  }
  return {
    counts: { images: 1, predictions: predictions.length, groundTruth: truth.length, truePositives: lines.length, edits, chars, endToEnd },
    lines,
    unmatchedTruth: truth.map((_, j) => j).filter((j) => !usedG.has(j)),
  };
}

/** Dark pixels (luma < 110) inside the central 70% of each box, before and after erasing. */
function inkLeft(before, after, boxes) {
  let a = 0;
  let b = 0;
  const luma = (d, i) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
  for (const t of boxes) {
    const x0 = Math.max(0, Math.round(t.x + 0.15 * t.w));
    const x1 = Math.min(before.width, Math.round(t.x + 0.85 * t.w));
    const y0 = Math.max(0, Math.round(t.y + 0.15 * t.h));
    const y1 = Math.min(before.height, Math.round(t.y + 0.85 * t.h));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * before.width + x) * 4;
        if (luma(before.data, i) < 110) b++;
        if (luma(after.data, i) < 110) a++;
      }
    }
  }
  return { before: b, after: a };
}

/** Input with bubble shapes (red) and text areas (blue) | erased | typeset, side by side. */
async function contactSheet(dir, stem, image, result, erased) {
  await mkdir(dir, { recursive: true });
  const { width, height } = image;
  const sheet = core.createImage(width * 3, height);
  const marked = core.cloneImage(image);
  for (const b of result.page.blocks) {
    if (b.balloon) drawPolygon(marked, b.balloon, [230, 30, 30]);
    drawPolygon(marked, b.polygon, b.flags.keep ? [150, 150, 150] : [30, 60, 230]);
  }
  core.pasteImage(sheet, marked, 0, 0);
  core.pasteImage(sheet, erased, width, 0);
  core.pasteImage(sheet, result.image, 2 * width, 0);
  await writeFile(path.join(dir, `${stem}.sheet.png`), await node.encodeImage(sheet, 'png'));
}

function drawPolygon(img, polygon, [r, g, b]) {
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let k = 0; k <= n; k++) {
      const x = Math.round(x0 + ((x1 - x0) * k) / n);
      const y = Math.round(y0 + ((y1 - y0) * k) / n);
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const o = (y * img.width + x) * 4;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
    }
  }
}
