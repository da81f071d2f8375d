// The erasure evaluation itself, given the Glossa modules, so the script can
// run it against the built packages (`npm run eval:erase`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findEraseCases, maskFromDifference, maskFromGtImage } from './erase-data.mjs';
import { psnr, ssim } from './erase-metrics.mjs';
import { createResidueReader, readGtElements } from './erase-residue.mjs';
import { contactSheet, maskPanel } from './erase-sheet.mjs';
import { writeStressSet } from './erase-stress.mjs';
import { teleaInpaint } from './erase-telea.mjs';

/**
 * Runs every case: for each mask source (gt; detected = OCR + buildTextMask,
 * what `glossa erase` does) and each method (input unchanged, OpenCV Telea
 * r=3, Glossa), PSNR/SSIM over the whole image and inside the mask used, and
 * PSNR inside the ground-truth mask (`psnrGt`: the same pixels for every mask
 * source, so own masks compare with Telea on ground-truth masks). With
 * `stress` > 0, that many stylised-text samples (scripts/lib/erase-stylised.mjs,
 * drawn over generated backgrounds and the data folder's clean images) are
 * generated into a temporary folder and scored as the group `stress`. With
 * `residue`, an independent OCR reads each ground-truth element (`<stem>.gt.txt`)
 * in the input and in Glossa's outputs. With `sheetsDir`, a contact sheet
 * (input | mask | output | ground truth) per image and mask source. With
 * `only` (a RegExp), just the images whose stem it matches.
 * Returns `{inpainter, rows: per-image results, summary}`.
 */
export async function runEraseEval({ core, node, dataDir, outDir, sheetsDir, masks = ['gt', 'detected'], stress = 0, stressSeed = 1, residue = false, only, inpainterOptions = {}, log = () => {} }) {
  let cases = await findEraseCases(dataDir);
  let stressRoot;
  if (stress > 0) {
    stressRoot = await mkdtemp(path.join(os.tmpdir(), 'glossa-stress-'));
    await mkdir(path.join(stressRoot, 'stress'));
    await writeStressSet({ node, outDir: path.join(stressRoot, 'stress'), count: stress, seed: stressSeed, backdropDir: dataDir, writeFile });
    cases.push(...(await findEraseCases(stressRoot)));
    log(`stress: ${stress} stylised samples in ${stressRoot}`);
  }
  if (only) cases = cases.filter((c) => only.test(c.stem));
  if (cases.length === 0) throw new Error(`No image with a <stem>.erased.* ground truth under ${dataDir}`);
  let inpainter;
  let inpainterName;
  if (typeof node.createNodeInpainter === 'function' && !inpainterOptions.classical) {
    inpainter = await node.createNodeInpainter({ inpainter: 'auto' });
    inpainterName = `glossa (auto: ${inpainter.kind ?? 'unknown'})`;
  } else {
    inpainter = core.createClassicalInpainter(inpainterOptions.classical);
    inpainterName = `glossa (classical${inpainterOptions.classical ? ` ${JSON.stringify(inpainterOptions.classical)}` : ''})`;
  }
  const ocr = masks.includes('detected') ? await node.createNodeOcr() : undefined;
  const reader = residue ? await createResidueReader(node) : undefined;
  const rows = [];
  try {
    for (const c of cases) {
      const image = (await node.decodeImage(c.image)).image;
      const erased = (await node.decodeImage(c.erased)).image;
      if (erased.width !== image.width || erased.height !== image.height) {
        log(`skip ${c.stem}: erased image is ${erased.width}x${erased.height}, input ${image.width}x${image.height}`);
        continue;
      }
      const gtMask = await groundTruthMask(c, image, erased, core, node);
      const elements = reader ? await readGtElements(c.image.replace(/\.[a-z]+$/i, '.gt.txt')) : undefined;
      const inputResidue = elements?.length ? await reader.read(image, elements) : undefined;
      for (const source of masks) {
        let mask = gtMask;
        const t0 = performance.now();
        if (source === 'detected') {
          const lines = await ocr.recognize(image);
          mask = core.buildTextMask(image, lines);
        }
        const maskMs = performance.now() - t0;
        const outputs = { input: image };
        const t1 = performance.now();
        outputs.telea = await teleaInpaint(image, mask, 3);
        const teleaMs = performance.now() - t1;
        const t2 = performance.now();
        outputs.glossa = await inpainter.inpaint(image, mask);
        const glossaMs = performance.now() - t2;
        const left = inputResidue ? { input: inputResidue, glossa: await reader.read(outputs.glossa, elements) } : {};
        const area = core.maskArea(mask) / (image.width * image.height);
        for (const [method, out] of Object.entries(outputs)) {
          rows.push({
            group: c.group,
            stem: c.stem,
            masks: source,
            method,
            maskShare: area,
            psnr: psnr(out, erased),
            ssim: ssim(out, erased),
            psnrMask: psnr(out, erased, mask.data),
            ssimMask: ssim(out, erased, mask.data),
            psnrGt: psnr(out, erased, gtMask.data),
            elements: left[method]?.length,
            leftBehind: left[method]?.filter((e) => e.left).length,
            ms: method === 'telea' ? teleaMs : method === 'glossa' ? glossaMs : 0,
            maskMs: source === 'detected' ? maskMs : undefined,
          });
        }
        const g = rows.at(-1);
        log(`${c.group} ${c.stem} ${source}: mask ${(area * 100).toFixed(1)}%, glossa ${g.psnrGt.toFixed(1)} dB in the GT mask (telea ${rows.at(-2).psnrGt.toFixed(1)})${left.glossa ? `, left behind ${g.leftBehind}/${g.elements}` : ''}, ${glossaMs.toFixed(0)} ms`);
        if (outDir) await writeOutputs(node, path.join(outDir, `${c.stem}.${source}`), mask, outputs);
        if (sheetsDir) {
          await mkdir(sheetsDir, { recursive: true });
          const sheet = contactSheet([image, maskPanel(mask), outputs.glossa, erased]);
          await writeFile(path.join(sheetsDir, `${c.group}.${c.stem}.${source}.png`), await node.encodeImage(sheet, 'png'));
        }
      }
    }
  } finally {
    await ocr?.dispose?.();
    await inpainter.dispose?.();
    await reader?.dispose();
    if (stressRoot) await rm(stressRoot, { recursive: true, force: true });
  }
  return { inpainter: inpainterName, rows, summary: summarise(rows) };
}

/** The case's ground-truth mask: its `.mask.*` file (BLACK = text), else the difference to the erased image. */
async function groundTruthMask(c, image, erased, core, node) {
  if (!c.mask) return maskFromDifference(image, erased, core);
  const m = (await node.decodeImage(c.mask)).image;
  const sized = m.width === image.width && m.height === image.height ? m : core.resizeImage(m, image.width, image.height);
  return maskFromGtImage(sized, image.width, image.height);
}

async function writeOutputs(node, base, mask, outputs) {
  await mkdir(path.dirname(base), { recursive: true });
  await writeFile(`${base}.mask.png`, await node.encodeImage(maskPanel(mask), 'png'));
  await writeFile(`${base}.telea.png`, await node.encodeImage(outputs.telea, 'png'));
  await writeFile(`${base}.glossa.png`, await node.encodeImage(outputs.glossa, 'png'));
}

/**
 * Mean of each metric per (group, masks, method), the worst image's PSNR
 * inside the GT mask, how many images score under 20 dB there (the issue's
 * floor; with GT masks it shows what the inpainting alone allows), and the
 * residue rate.
 */
export function summarise(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.group}\u0000${r.masks}\u0000${r.method}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  // An empty detected mask has no in-mask score: such images are left out of that mean (not of the GT-mask one).
  const mean = (list, k) => {
    const finite = list.filter((r) => Number.isFinite(r[k]));
    return finite.length ? finite.reduce((s, r) => s + r[k], 0) / finite.length : NaN;
  };
  const sum = (list, k) => list.reduce((s, r) => s + (r[k] ?? 0), 0);
  return [...groups.values()].map((list) => {
    const worst = list.reduce((w, r) => (r.psnrGt < w.psnrGt ? r : w));
    const elements = sum(list, 'elements');
    return {
      group: list[0].group,
      masks: list[0].masks,
      method: list[0].method,
      images: list.length,
      maskShare: mean(list, 'maskShare'),
      psnr: mean(list, 'psnr'),
      ssim: mean(list, 'ssim'),
      psnrMask: mean(list, 'psnrMask'),
      ssimMask: mean(list, 'ssimMask'),
      psnrGt: mean(list, 'psnrGt'),
      worstGt: worst.psnrGt,
      worstStem: worst.stem,
      under20: list.filter((r) => r.psnrGt < UNDER_DB).length,
      elements,
      leftBehind: elements ? sum(list, 'leftBehind') : undefined,
      ms: mean(list, 'ms'),
    };
  });
}

/** The in-mask PSNR floor (dB) that {@link summarise} counts images under. */
const UNDER_DB = 20;

/** The summary as a fixed-width table. */
export function formatTable(summary) {
  const head = ['group', 'masks', 'method', 'n', 'mask%', 'PSNR', 'SSIM', 'PSNR(mask)', 'SSIM(mask)', 'PSNR(GT mask)', 'worst', '<20 dB', 'left behind', 'ms'];
  const f = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
  const lines = summary.map((s) => [
    s.group, s.masks, s.method, String(s.images), f(s.maskShare * 100, 1), f(s.psnr, 2), f(s.ssim, 4), f(s.psnrMask, 2), f(s.ssimMask, 4),
    f(s.psnrGt, 2), f(s.worstGt, 2), String(s.under20), s.elements ? `${s.leftBehind}/${s.elements} ${((100 * s.leftBehind) / s.elements).toFixed(0)}%` : '-', f(s.ms, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
