// The erasure evaluation itself, given the Glossa modules, so the script can
// run it against the built packages (`npm run eval:erase`).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { findEraseCases, maskFromDifference, maskFromGtImage } from './erase-data.mjs';
import { psnr, ssim } from './erase-metrics.mjs';
import { teleaInpaint } from './erase-telea.mjs';

/**
 * Runs every case: for each mask source (gt, detected) and each method
 * (input unchanged, OpenCV Telea r=3, Glossa), PSNR/SSIM over the whole image
 * and inside the mask. Returns `{inpainter, rows: per-image results, summary}`.
 */
export async function runEraseEval({ core, node, dataDir, outDir, masks = ['gt', 'detected'], inpainterOptions = {}, log = () => {} }) {
  const cases = await findEraseCases(dataDir);
  if (cases.length === 0) throw new Error(`No image with a <stem>.erased.* ground truth under ${dataDir}`);
  let inpainter;
  let inpainterName;
  if (typeof node.createNodeInpainter === 'function' && !inpainterOptions.classical) {
    inpainter = await node.createNodeInpainter({ inpainter: 'auto' });
    inpainterName = 'glossa (auto)';
  } else {
    inpainter = core.createClassicalInpainter(inpainterOptions.classical);
    inpainterName = `glossa (classical${inpainterOptions.classical ? ` ${JSON.stringify(inpainterOptions.classical)}` : ''})`;
  }
  const ocr = masks.includes('detected') ? await node.createNodeOcr() : undefined;
  const rows = [];
  try {
    for (const c of cases) {
      const image = (await node.decodeImage(c.image)).image;
      const erased = (await node.decodeImage(c.erased)).image;
      if (erased.width !== image.width || erased.height !== image.height) {
        log(`skip ${c.stem}: erased image is ${erased.width}x${erased.height}, input ${image.width}x${image.height}`);
        continue;
      }
      for (const source of masks) {
        let mask;
        const t0 = performance.now();
        if (source === 'gt') {
          if (c.mask) {
            const m = (await node.decodeImage(c.mask)).image;
            const sized = m.width === image.width && m.height === image.height ? m : core.resizeImage(m, image.width, image.height);
            mask = maskFromGtImage(sized, image.width, image.height);
          } else {
            mask = maskFromDifference(image, erased, core);
          }
        } else {
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
            ms: method === 'telea' ? teleaMs : method === 'glossa' ? glossaMs : 0,
            maskMs: source === 'detected' ? maskMs : undefined,
          });
        }
        log(`${c.group} ${c.stem} ${source}: mask ${(area * 100).toFixed(1)}%, telea ${teleaMs.toFixed(0)} ms, glossa ${glossaMs.toFixed(0)} ms`);
        if (outDir) {
          await mkdir(outDir, { recursive: true });
          const base = path.join(outDir, `${c.stem}.${source}`);
          const maskImage = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.width * image.height * 4) };
          for (let i = 0; i < mask.data.length; i++) maskImage.data.set([mask.data[i], mask.data[i], mask.data[i], 255], i * 4);
          await node.encodeImage(maskImage, 'png').then((b) => writeFileSafe(`${base}.mask.png`, b));
          await node.encodeImage(outputs.telea, 'png').then((b) => writeFileSafe(`${base}.telea.png`, b));
          await node.encodeImage(outputs.glossa, 'png').then((b) => writeFileSafe(`${base}.glossa.png`, b));
        }
      }
    }
  } finally {
    await ocr?.dispose?.();
    await inpainter.dispose?.();
  }
  return { inpainter: inpainterName, rows, summary: summarise(rows) };
}

async function writeFileSafe(file, bytes) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, bytes);
}

/** Mean of each metric per (group, masks, method). */
export function summarise(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.group}\u0000${r.masks}\u0000${r.method}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const mean = (list, k) => list.reduce((s, r) => s + r[k], 0) / list.length;
  return [...groups.values()].map((list) => ({
    group: list[0].group,
    masks: list[0].masks,
    method: list[0].method,
    images: list.length,
    maskShare: mean(list, 'maskShare'),
    psnr: mean(list, 'psnr'),
    ssim: mean(list, 'ssim'),
    psnrMask: mean(list, 'psnrMask'),
    ssimMask: mean(list, 'ssimMask'),
    ms: mean(list, 'ms'),
  }));
}

/** The summary as a fixed-width table. */
export function formatTable(summary) {
  const head = ['group', 'masks', 'method', 'n', 'mask%', 'PSNR', 'SSIM', 'PSNR(mask)', 'SSIM(mask)', 'ms'];
  const lines = summary.map((s) => [
    s.group, s.masks, s.method, String(s.images), (s.maskShare * 100).toFixed(1), s.psnr.toFixed(2), s.ssim.toFixed(4), s.psnrMask.toFixed(2), s.ssimMask.toFixed(4), s.ms.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
