// Residue check of the erasure evaluation: an independent OCR
// (@gutenye/ocr-node, a root devDependency, not Glossa's own OCR) reads each
// ground-truth text element's box in an image; an element is "left behind"
// when 30 % or more of its characters are read there with score >= 0.6. The
// characters are the element's Han characters, or its letters and digits
// when it has none.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Share of an element's characters that must be read for it to count as left behind. */
export const RESIDUE_SHARE = 0.3;
/** Smallest recognition score of a line that counts as read. */
export const RESIDUE_SCORE = 0.6;

/** `{polygon, text}` per line of an ICDAR-style `<stem>.gt.txt` (split on the first 8 commas; `###` lines dropped). */
export async function readGtElements(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const elements = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const parts = raw.split(',');
    if (parts.length < 9) continue;
    const nums = parts.slice(0, 8).map(Number);
    const label = parts.slice(8).join(',').trim();
    if (nums.some((n) => !Number.isFinite(n)) || !label || label === '###') continue;
    elements.push({ polygon: [[nums[0], nums[1]], [nums[2], nums[3]], [nums[4], nums[5]], [nums[6], nums[7]]], text: label });
  }
  return elements;
}

/** The characters that must be read back: Han when there are any, else letters and digits (lower-cased). */
export function countedChars(text) {
  const han = hanChars(text);
  return han.length ? han : alnumChars(text);
}

const hanChars = (text) => [...text].filter((c) => /\p{Script=Han}/u.test(c));
const alnumChars = (text) => [...text.toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));

/** Length of the longest common subsequence of two character arrays (order kept, so a chance letter elsewhere does not count). */
function lcs(a, b) {
  const row = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j];
      row[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(row[j], row[j - 1]);
      prev = keep;
    }
  }
  return row[b.length];
}

/**
 * A reader over @gutenye/ocr-node: `read(image, elements)` returns, per
 * element, `{chars, read, left}` (how many of its characters the OCR read in
 * its box, grown by a fifth of its height, and whether that is 30 % or more).
 * `dispose()` removes its temporary files.
 */
export async function createResidueReader(node) {
  let Ocr;
  try {
    ({ default: Ocr } = await import('@gutenye/ocr-node'));
  } catch (error) {
    throw new Error(`@gutenye/ocr-node is not installed (a root devDependency): ${error.message}`);
  }
  const ocr = await Ocr.create();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'glossa-residue-'));
  let n = 0;
  return {
    async read(image, elements) {
      const results = [];
      for (const el of elements) {
        const chars = countedChars(el.text);
        if (chars.length === 0) continue;
        const xs = el.polygon.map((p) => p[0]);
        const ys = el.polygon.map((p) => p[1]);
        const pad = Math.round(0.2 * (Math.max(...ys) - Math.min(...ys)));
        const x0 = Math.max(0, Math.floor(Math.min(...xs)) - pad), y0 = Math.max(0, Math.floor(Math.min(...ys)) - pad);
        const x1 = Math.min(image.width, Math.ceil(Math.max(...xs)) + pad), y1 = Math.min(image.height, Math.ceil(Math.max(...ys)) + pad);
        if (x1 - x0 < 4 || y1 - y0 < 4) continue;
        const crop = { width: x1 - x0, height: y1 - y0, data: new Uint8ClampedArray((x1 - x0) * (y1 - y0) * 4) };
        for (let y = y0; y < y1; y++) crop.data.set(image.data.subarray((y * image.width + x0) * 4, (y * image.width + x1) * 4), (y - y0) * crop.width * 4);
        const file = path.join(dir, `crop-${n++}.png`);
        await writeFile(file, await node.encodeImage(crop, 'png'));
        const lines = await ocr.detect(file);
        const text = lines.filter((l) => l.mean >= RESIDUE_SCORE).map((l) => l.text).join('');
        const read = lcs(chars, hanChars(el.text).length ? hanChars(text) : alnumChars(text));
        results.push({ text: el.text, chars: chars.length, read, left: read >= RESIDUE_SHARE * chars.length });
      }
      return results;
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
