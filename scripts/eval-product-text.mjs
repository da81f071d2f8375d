#!/usr/bin/env node
// Product-text evaluation (issue #18): `npm run eval:product-text -- <data-dir> [--product-text keep|translate] [--json] [--out <dir>]`.
// Needs the built packages (`npm run build`). Erases everything Glossa finds
// (`translator: 'none'`) and scores, per group:
//   kept   = product-text boxes whose pixels are unchanged (mean absolute luma difference < 4);
//   erased = ad-copy boxes whose pixels changed (mean absolute luma difference >= 10).
// Groups: `posters` = the PosterErase posters in <data-dir>/a_product (ad copy: their
// `.gt.txt` elements; product text: scripts/data/product-text-labels.json, labelled by
// eye; annotated elements that the labels call product text count as product text);
// `generated` = scripts/make-product-images.mjs (each text's role is known).
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KEPT_BELOW = 4;
const ERASED_FROM = 10;

const usage = 'usage: npm run eval:product-text -- <data-dir> [--product-text keep|translate] [--json] [--out <dir>]';
const args = process.argv.slice(2);
let dataDir;
let productText;
let json = false;
let outDir;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--json') json = true;
  else if (a === '--product-text') productText = args[++i];
  else if (a === '--out') outDir = args[++i];
  else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
  else if (!dataDir && !a.startsWith('-')) dataDir = a;
  else { console.error(`unknown argument ${a}\n${usage}`); process.exit(2); }
}
if (!dataDir) { console.error(usage); process.exit(2); }
if (productText !== undefined && productText !== 'keep' && productText !== 'translate') { console.error(`--product-text takes keep or translate\n${usage}`); process.exit(2); }
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (outDir && !path.relative(repoRoot, path.resolve(outDir)).startsWith('..')) {
  // The fixtures' licences forbid committing derived images; keep them out of the checkout.
  console.error(`--out must be outside the repository (${repoRoot}); the fixtures may not be copied into it`);
  process.exit(2);
}

const { createGlossa, decodeImage } = await import('@glossa/node');
const { makeProductScenes } = await import('./make-product-images.mjs');
const labels = JSON.parse(await readFile(path.join(repoRoot, 'scripts/data/product-text-labels.json'), 'utf8')).labels;
const log = json ? () => {} : (m) => console.error(m);

/** Axis-aligned boxes of a `.gt.txt` (x1,y1,...,x4,y4,text per line). */
function gtBoxes(text) {
  return text.split('\n').filter((l) => l.trim()).map((l) => {
    const n = l.split(',').slice(0, 8).map(Number);
    const xs = [n[0], n[2], n[4], n[6]];
    const ys = [n[1], n[3], n[5], n[7]];
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  });
}

function overlapOfSmaller(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
}

/** Mean absolute difference of Rec. 601 luma inside `box`. */
function lumaDiff(a, b, box) {
  const x0 = Math.max(0, Math.floor(box[0]));
  const y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(a.width, Math.ceil(box[2]));
  const y1 = Math.min(a.height, Math.ceil(box[3]));
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      const la = 0.299 * a.data[i] + 0.587 * a.data[i + 1] + 0.114 * a.data[i + 2];
      const lb = 0.299 * b.data[i] + 0.587 * b.data[i + 1] + 0.114 * b.data[i + 2];
      sum += Math.abs(la - lb);
      n++;
    }
  return n ? sum / n : 0;
}

/** Every case: `{ group, name, input, product: boxes, copy: boxes }`. */
async function cases() {
  const out = [];
  const dir = path.join(dataDir, 'a_product');
  const files = await readdir(dir).catch(() => []);
  for (const file of files.filter((f) => /^alimama_poster_.*\.gt\.txt$/.test(f)).sort()) {
    const stem = file.replace(/\.gt\.txt$/, '');
    const image = files.find((f) => f.startsWith(`${stem}.`) && /\.(png|jpe?g)$/i.test(f) && !f.includes('.erased.'));
    if (!image) continue;
    const product = labels.filter((l) => l.stem === stem && l.label === 'product').map((l) => l.box);
    const copy = gtBoxes(await readFile(path.join(dir, file), 'utf8')).filter((g) => !product.some((p) => overlapOfSmaller(g, p) > 0.5));
    out.push({ group: 'posters', name: stem, input: path.join(dir, image), product, copy });
  }
  for (const scene of makeProductScenes()) {
    out.push({
      group: 'generated',
      name: scene.name,
      input: scene.image,
      product: scene.texts.filter((t) => t.role === 'product').map((t) => t.box),
      copy: scene.texts.filter((t) => t.role === 'copy').map((t) => t.box),
    });
  }
  return out;
}

const glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => {} });
const perCase = [];
try {
  for (const c of await cases()) {
    const result = await glossa.translateImage(c.input, { to: 'en', translator: 'none', format: 'png', ...(productText ? { productText } : {}) });
    const source = typeof c.input === 'string' ? (await decodeImage(c.input)).image : c.input;
    const output = (await decodeImage(result.image)).image;
    const productDiffs = c.product.map((b) => lumaDiff(source, output, b));
    const copyDiffs = c.copy.map((b) => lumaDiff(source, output, b));
    const kept = productDiffs.filter((d) => d < KEPT_BELOW).length;
    const erased = copyDiffs.filter((d) => d >= ERASED_FROM).length;
    const roles = {};
    for (const b of result.page.blocks) roles[b.role ?? 'none'] = (roles[b.role ?? 'none'] ?? 0) + 1;
    perCase.push({ group: c.group, name: c.name, product: c.product.length, kept, copy: c.copy.length, erased, roles, productDiffs: productDiffs.map((d) => +d.toFixed(1)), copyDiffs: copyDiffs.map((d) => +d.toFixed(1)) });
    log(`${c.group.padEnd(9)} ${c.name.padEnd(24)} kept ${kept}/${c.product.length}  erased ${erased}/${c.copy.length}  roles ${JSON.stringify(roles)}`);
    if (outDir) {
      await mkdir(outDir, { recursive: true });
      await writeFile(path.join(outDir, `${c.name}.png`), result.image);
      await writeFile(path.join(outDir, `${c.name}.json`), JSON.stringify(result.page, null, 2));
    }
  }
} finally {
  await glossa.dispose();
}

const summary = {};
for (const group of ['posters', 'generated']) {
  const rows = perCase.filter((r) => r.group === group);
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  summary[group] = { images: rows.length, product: sum('product'), kept: sum('kept'), keptRate: sum('product') ? +(sum('kept') / sum('product')).toFixed(3) : null, copy: sum('copy'), erased: sum('erased'), erasedRate: sum('copy') ? +(sum('erased') / sum('copy')).toFixed(3) : null };
}
if (json) console.log(JSON.stringify({ productText: productText ?? 'default', summary, cases: perCase }, null, 2));
else {
  console.log(`productText: ${productText ?? 'default'}`);
  console.log('group      images  product kept  rate   | ad copy erased  rate');
  for (const [group, s] of Object.entries(summary)) {
    console.log(`${group.padEnd(10)} ${String(s.images).padStart(6)}  ${String(s.product).padStart(7)} ${String(s.kept).padStart(4)}  ${String(s.keptRate).padEnd(6)} | ${String(s.copy).padStart(7)} ${String(s.erased).padStart(6)}  ${s.erasedRate}`);
  }
}
