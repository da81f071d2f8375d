// Finds the erasure-evaluation cases in a fixtures folder and loads their
// ground truth: every `<stem>.<ext>` image that has a `<stem>.erased.*` file.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;
const GROUPS = { a_product: 'posters', d_removal: 'SCUT-EnsText' };

/** Lists `{group, stem, image, erased, mask?}` for every image with an erased ground truth, sorted by group then stem. */
export async function findEraseCases(dataDir) {
  const cases = [];
  for (const folder of await readdir(dataDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const dir = path.join(dataDir, folder.name);
    const files = await readdir(dir);
    for (const file of files) {
      if (!IMAGE_EXT.test(file) || /\.(erased|mask)\.[a-z]+$/i.test(file)) continue;
      const stem = file.replace(IMAGE_EXT, '');
      const erased = files.find((f) => f.startsWith(`${stem}.erased.`) && IMAGE_EXT.test(f));
      if (!erased) continue;
      const mask = files.find((f) => f === `${stem}.mask.jpg` || f === `${stem}.mask.png`);
      cases.push({
        group: GROUPS[folder.name] ?? folder.name,
        stem,
        image: path.join(dir, file),
        erased: path.join(dir, erased),
        mask: mask ? path.join(dir, mask) : undefined,
      });
    }
  }
  return cases.sort((a, b) => a.group.localeCompare(b.group) || a.stem.localeCompare(b.stem));
}

/** Ground-truth mask from a `.mask.jpg` (BLACK = text; JPEG, so threshold at 128), as a Mask (255 = erase). */
export function maskFromGtImage(maskImage, width, height) {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const o = i * 4;
    const l = 0.299 * maskImage.data[o] + 0.587 * maskImage.data[o + 1] + 0.114 * maskImage.data[o + 2];
    data[i] = l < 128 ? 255 : 0;
  }
  return { width, height, data };
}

/**
 * Ground-truth mask from the difference between the input and its erased
 * version (no mask file): pixels whose largest channel difference exceeds
 * `threshold`, without specks (the erased files were re-encoded, so edges
 * elsewhere differ a little: an opening and a minimum component size drop
 * those), then grown by `grow` pixels to take in the anti-aliased edges.
 */
export function maskFromDifference(image, erased, { dilateMask, erodeMask }, threshold = 40, grow = 3, minArea = 40) {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const o = i * 4;
    const d = Math.max(
      Math.abs(image.data[o] - erased.data[o]),
      Math.abs(image.data[o + 1] - erased.data[o + 1]),
      Math.abs(image.data[o + 2] - erased.data[o + 2]),
    );
    data[i] = d > threshold ? 255 : 0;
  }
  const opened = dilateMask(erodeMask({ width, height, data }, 1), 1);
  dropSmallComponents(opened, minArea);
  return dilateMask(opened, grow);
}

/** Clears 8-connected components smaller than `minArea` pixels, in place. */
function dropSmallComponents(mask, minArea) {
  const { width: w, height: h, data } = mask;
  const seen = new Uint8Array(w * h);
  const stack = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || seen[start]) continue;
    const members = [];
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop();
      members.push(i);
      const x = i % w;
      const y = (i - x) / w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (data[j] && !seen[j]) { seen[j] = 1; stack.push(j); }
        }
    }
    if (members.length < minArea) for (const i of members) data[i] = 0;
  }
}
