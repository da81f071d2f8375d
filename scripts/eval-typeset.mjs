#!/usr/bin/env node
// Typesetting evaluation on the a_product fixtures: builds blocks from the GT
// lines, attaches the hand translations (<stem>.<lang>.json), erases, infers
// styles, lays out and renders. Reports per image the laid-out blocks, the
// overflowing ones and the median fitted font size / source text height.
// Targets: zero overflow, median ratio >= 0.6.
//
//   npx turbo run build
//   npm run eval:typeset -- <data-dir> --to en|ko [--out dir] [--fast-erase]
//
// <data-dir> is the fixtures folder or its a_product/ subfolder. Rendered
// images and page JSON go to --out (default: a new temp folder OUTSIDE the
// repository): the fixtures and anything derived from them must never be
// committed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@glossa/core';
import { createCanvasMeasurer, createCanvasRenderer, decodeImage, encodeImage, fontFamilyFor } from '@glossa/node';

const { backgroundFreeSpace, inferBlockStyles, layoutPage, polygonBounds, maskFromPolygons, dilateMask, serializePage } = core;

function parseArgs(argv) {
  const args = { dir: undefined, to: 'en', out: undefined, fastErase: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--to') args.to = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--fast-erase') args.fastErase = true;
    else if (!a.startsWith('-') && !args.dir) args.dir = a;
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!args.dir) throw new Error('usage: eval-typeset <data-dir> --to en|ko [--out dir] [--fast-erase]');
  if (!['en', 'ko'].includes(args.to)) throw new Error(`--to must be en or ko, not ${args.to}`);
  return args;
}

/** ICDAR line: 8 coordinates then the text (which may contain commas). */
function parseGt(text) {
  const lines = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim()) continue;
    const parts = raw.split(',');
    if (parts.length < 9) continue;
    const nums = parts.slice(0, 8).map(Number);
    const t = parts.slice(8).join(',');
    if (nums.some((n) => !Number.isFinite(n)) || t === '###') continue;
    lines.push({ polygon: [[nums[0], nums[1]], [nums[2], nums[3]], [nums[4], nums[5]], [nums[6], nums[7]]], text: t, score: 1 });
  }
  return lines;
}

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Source text height of a block: the median height of its lines (width for vertical columns). */
function sourceHeight(block) {
  return median(block.lines.map((l) => {
    const b = polygonBounds(l.polygon);
    return block.direction === 'vertical' ? b.width : b.height;
  }));
}

function oneBlockPerLine(lines) {
  return lines.map((line, i) => {
    const b = polygonBounds(line.polygon);
    const vertical = b.height > 1.5 * b.width && [...line.text].length > 1;
    return {
      id: `b${i}`, polygon: line.polygon, lines: [line], sourceText: line.text, direction: vertical ? 'vertical' : 'horizontal', flags: {},
      style: { color: '#000000', fontSize: vertical ? b.width : b.height, align: 'center', lineHeight: 1.2 },
    };
  });
}

/** Fallback eraser: fill the mask with the median colour of a ring around each box. */
function ringFill(image, blocks) {
  const out = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
  for (const block of blocks) {
    const b = polygonBounds(block.polygon);
    const pad = Math.max(3, Math.round(Math.min(b.width, b.height) * 0.2));
    const x0 = Math.max(0, Math.floor(b.x) - 2), y0 = Math.max(0, Math.floor(b.y) - 2);
    const x1 = Math.min(image.width, Math.ceil(b.x + b.width) + 2), y1 = Math.min(image.height, Math.ceil(b.y + b.height) + 2);
    const ring = [[], [], []];
    for (let y = Math.max(0, y0 - pad); y < Math.min(image.height, y1 + pad); y++) {
      for (let x = Math.max(0, x0 - pad); x < Math.min(image.width, x1 + pad); x++) {
        if (x >= x0 && x < x1 && y >= y0 && y < y1) continue;
        const i = (y * image.width + x) * 4;
        for (let c = 0; c < 3; c++) ring[c].push(image.data[i + c]);
      }
    }
    const m = ring.map(median);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.data.set([m[0], m[1], m[2], 255], (y * image.width + x) * 4);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = existsSync(path.join(args.dir, 'a_product')) ? path.join(args.dir, 'a_product') : args.dir;
  const out = args.out ?? (await mkdtemp(path.join(tmpdir(), `glossa-typeset-${args.to}-`)));
  await mkdir(out, { recursive: true });
  const measurer = createCanvasMeasurer();
  const renderer = createCanvasRenderer();
  const inpainter = !args.fastErase && typeof core.createClassicalInpainter === 'function' ? core.createClassicalInpainter() : null;
  const group = typeof core.createBlocks === 'function' ? core.createBlocks : oneBlockPerLine;
  console.log(`eval-typeset: ${dir} → ${args.to}; blocks by ${group === oneBlockPerLine ? 'one per line' : 'createBlocks'}; erase by ${inpainter ? 'createClassicalInpainter' : 'ring median fill'}; out ${out}`);

  const files = (await readdir(dir)).filter((f) => f.endsWith(`.${args.to}.json`)).sort();
  const rows = [];
  const allRatios = [];
  let allOverflow = 0;
  let allBlocks = 0;
  for (const file of files) {
    const stem = file.slice(0, -`.${args.to}.json`.length);
    const gtFile = [`${stem}.gt.txt`, `${stem}.partial_gt.txt`].find((f) => existsSync(path.join(dir, f)));
    const imageFile = [`${stem}.png`, `${stem}.jpg`].find((f) => existsSync(path.join(dir, f)));
    if (!gtFile || !imageFile) continue;
    const script = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    const lines = parseGt(await readFile(path.join(dir, gtFile), 'utf8'));
    const { image } = await decodeImage(path.join(dir, imageFile));
    const t0 = performance.now();
    const blocks = group(lines).map((block) => {
      const parts = block.lines.map((l) => script[l.text]).filter((t) => typeof t === 'string' && t.trim());
      if (!parts.length) return { ...block, flags: { ...block.flags, untranslated: true, keep: true } };
      return { ...block, translation: parts.join(args.to === 'en' || args.to === 'ko' ? ' ' : '') };
    });
    let page = { version: 1, width: image.width, height: image.height, sourceLang: 'zh', targetLang: args.to, blocks };
    const translated = blocks.filter((b) => b.translation);
    let erased;
    if (inpainter) {
      const mask = dilateMask(maskFromPolygons(image.width, image.height, translated.flatMap((b) => b.lines.map((l) => l.polygon))), 4);
      erased = await inpainter.inpaint(image, mask);
    } else {
      erased = ringFill(image, translated);
    }
    page = inferBlockStyles(page, image, erased);
    page = layoutPage(page, { measurer, fontFamily: (lang) => fontFamilyFor(lang), freeSpace: backgroundFreeSpace(erased) });
    const rendered = await renderer.render(erased, page);
    const ms = performance.now() - t0;
    await writeFile(path.join(out, `${stem}.${args.to}.png`), await encodeImage(rendered, 'png'));
    await writeFile(path.join(out, `${stem}.${args.to}.page.json`), serializePage(page));
    const laidOut = page.blocks.filter((b) => b.layout);
    const ratios = laidOut.map((b) => b.layout.fontSize / sourceHeight(b));
    const overflow = laidOut.filter((b) => b.flags.overflow).length;
    allRatios.push(...ratios);
    allOverflow += overflow;
    allBlocks += laidOut.length;
    rows.push({ stem, blocks: laidOut.length, overflow, medianRatio: median(ratios), minRatio: Math.min(...ratios), ms: Math.round(ms) });
  }
  console.log('');
  console.log(`${'image'.padEnd(26)} ${'blocks'.padStart(6)} ${'overflow'.padStart(8)} ${'median size/src'.padStart(15)} ${'min'.padStart(6)} ${'ms'.padStart(7)}`);
  for (const r of rows) {
    console.log(`${r.stem.padEnd(26)} ${String(r.blocks).padStart(6)} ${String(r.overflow).padStart(8)} ${r.medianRatio.toFixed(3).padStart(15)} ${r.minRatio.toFixed(3).padStart(6)} ${String(r.ms).padStart(7)}`);
  }
  const overall = median(allRatios);
  console.log('');
  console.log(`overall: ${rows.length} images, ${allBlocks} blocks, ${allOverflow} overflowing (target 0), median fitted size / source height ${overall.toFixed(3)} (target >= 0.6)`);
  console.log(`targets ${allOverflow === 0 && overall >= 0.6 ? 'MET' : 'NOT MET'}; images in ${out}`);
  console.log(JSON.stringify({ to: args.to, images: rows.length, blocks: allBlocks, overflow: allOverflow, medianRatio: Number(overall.toFixed(4)), out }));
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
