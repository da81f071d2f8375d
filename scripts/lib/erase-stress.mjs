// Writes the stylised-text stress set to a folder in the fixtures' layout
// (`<stem>.png`, `.erased.png`, `.mask.png` with BLACK = text, `.gt.txt`), so
// the erasure evaluation scores it like the fixture groups.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DECORATIONS, renderStylisedSample } from './erase-stylised.mjs';

/** Every clean `<stem>.erased.*` image one folder level under `dataDir`, decoded. */
export async function loadBackdrops(node, dataDir) {
  const found = [];
  for (const folder of await readdir(dataDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of (await readdir(path.join(dataDir, folder.name))).sort()) {
      if (/\.erased\.(png|jpe?g|webp)$/i.test(file)) found.push((await node.decodeImage(path.join(dataDir, folder.name, file))).image);
    }
  }
  return found;
}

/**
 * Draws `count` samples (seeds `seed`, `seed + 1`, ...; decorations in turn)
 * and writes them under `outDir`; with `backdropDir`, every other sample is
 * drawn over one of its clean images. Returns how many were written.
 */
export async function writeStressSet({ node, outDir, count, seed = 1, backdropDir, writeFile }) {
  const backdrops = backdropDir ? await loadBackdrops(node, backdropDir) : [];
  for (let k = 0; k < count; k++) {
    const backdrop = backdrops.length && k % 2 === 1 ? backdrops[(k >> 1) % backdrops.length] : undefined;
    const s = renderStylisedSample({ seed: seed + k, decoration: DECORATIONS[k % DECORATIONS.length], backdrop });
    const stem = `stylised_${String(k).padStart(4, '0')}_${s.decoration}`;
    const maskImage = { width: s.mask.width, height: s.mask.height, data: new Uint8ClampedArray(s.mask.data.length * 4) };
    for (let i = 0; i < s.mask.data.length; i++) {
      const v = s.mask.data[i] ? 0 : 255;
      maskImage.data.set([v, v, v, 255], i * 4);
    }
    const gt = s.lines.map((l) => `${l.polygon.flat().map((v) => Math.round(v)).join(',')},${l.text}`).join('\n');
    await writeFile(path.join(outDir, `${stem}.png`), await node.encodeImage(s.image, 'png'));
    await writeFile(path.join(outDir, `${stem}.erased.png`), await node.encodeImage(s.clean, 'png'));
    await writeFile(path.join(outDir, `${stem}.mask.png`), await node.encodeImage(maskImage, 'png'));
    await writeFile(path.join(outDir, `${stem}.gt.txt`), `${gt}\n`);
  }
  return count;
}
