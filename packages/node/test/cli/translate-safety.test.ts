// `glossa translate` with careless or hostile inputs: outputs that would
// replace inputs, names that collide, zip bombs, odd names, missing or
// unwritable output folders, language tags that are paths. Nothing may be
// lost, and every refusal is one clear line.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGlossa } from '@glossa/node';
import { runGlossa } from '../helpers/run-cli.js';

let dir: string;
let png: Buffer;
const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
// Every line the CLI prints about inputs starts with one of these words.
const LINE = /^(ok|FAILED|skipped|warning) /;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-cli-safety-'));
  // A small blank page: nothing to read, so each run is quick, and its output is still written.
  png = await sharp({ create: { width: 160, height: 80, channels: 3, background: '#f4efe4' } })
    .png()
    .toBuffer();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function folder(name: string, files: Record<string, Buffer | string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) {
    await mkdir(join(path, file, '..'), { recursive: true });
    await writeFile(join(path, file), bytes);
  }
  return path;
}

const translate = (args: string[]) => runGlossa(['translate', ...args, '--translator', 'none', '--device', 'cpu', '--no-progress']);

describe('glossa translate never overwrites an input', () => {
  it('refuses -o set to the input folder, before any work, leaving the images untouched', async () => {
    const input = await folder('same', { 'poster.png': png });
    const before = await sha(join(input, 'poster.png'));
    const run = await translate([input, '--to', 'en', '-o', input]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/INVALID_INPUT: -o .*same would overwrite the input .*poster\.png; write the results somewhere else/);
    expect(run.stdout).not.toMatch(/^ok /m);
    expect(await sha(join(input, 'poster.png'))).toBe(before);
  });

  it('refuses -o set to the input zip', async () => {
    const zip = join(dir, 'pages.zip');
    await writeFile(zip, zipSync({ 'poster.png': png }));
    const before = await sha(zip);
    const run = await translate([zip, '--to', 'en', '-o', zip]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the input .*pages\.zip/);
    expect(await sha(zip)).toBe(before);
  });

  it('refuses -o naming an existing file with one line, and reports a file-system error with its code, no stack trace', async () => {
    const input = await folder('one', { 'poster.png': png });
    const file = join(dir, 'a-file');
    await writeFile(file, 'keep me');
    const existing = await translate([input, '--to', 'en', '-o', file]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/^glossa: INVALID_INPUT: -o .*a-file is an existing file/);
    const under = await translate([input, '--to', 'en', '-o', join(file, 'sub', 'out.zip')]);
    expect(under.code).toBe(2);
    expect(under.stderr.trim()).toMatch(/^glossa: ENOTDIR: [^\n]*$/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });
});

describe('glossa translate gives every output its own name', () => {
  it('names a/x.png b/x.png c/x-2.png apart, without losing one', async () => {
    const root = await folder('collide', { 'a/x.png': png, 'b/x.png': png, 'c/x-2.png': png });
    const out = join(dir, 'collide-out');
    const run = await translate([join(root, 'a/x.png'), join(root, 'b/x.png'), join(root, 'c/x-2.png'), '--to', 'en', '-o', out, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['x-2.json', 'x-3.json', 'x.json']);
    expect(run.stdout).toMatch(/ok .*a\/x\.png -> .*x\.json/);
    expect(run.stdout).toMatch(/ok .*b\/x\.png -> .*x-3\.json/);
    expect(run.stdout).toMatch(/ok .*c\/x-2\.png -> .*x-2\.json/);
  });

  it('keeps odd names on one log line and inside the output folder, and reports what it skipped', async () => {
    const zip = join(dir, 'odd.zip');
    await writeFile(
      zip,
      zipSync({ '..\\..\\evil.png': png, 'inner.zip': zipSync({ 'p.png': png }), 'readme.txt': strToU8('hello'), 'new\nline.png': png }),
    );
    const out = join(dir, 'odd-out.zip');
    const run = await translate([zip, '--to', 'en', '-o', out, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(Object.keys(unzipSync(await readFile(out))).sort()).toEqual(['evil.json', 'new_line.json']);
    for (const line of run.stdout.trim().split('\n')) expect(line).toMatch(LINE);
    expect(run.stdout).toContain('new\\nline.png');
    expect(run.stdout).toMatch(/skipped .*odd\.zip:inner\.zip: zip archives inside a zip are not opened/);
    expect(run.stdout).toMatch(/skipped .*odd\.zip:readme\.txt: not an image Glossa reads/);
  });

  it('reports the files of a folder it will not read, and exits 1 for a folder with no image', async () => {
    const mixed = await folder('mixed-kinds', { 'poster.png': png, 'logo.svg': '<svg/>', 'notes.txt': 'x', 'photo.heic': 'x', 'poster.en.json': '{}' });
    const out = join(dir, 'mixed-kinds-out');
    const run = await translate([mixed, '--to', 'en', '-o', out, '--format', 'json']);
    expect(run.code).toBe(0);
    for (const name of ['logo.svg', 'notes.txt', 'photo.heic']) expect(run.stdout).toMatch(new RegExp(`skipped .*${name.replace('.', '\\.')}: not an image Glossa reads`));
    expect(run.stdout).not.toMatch(/skipped .*poster\.en\.json/);
    const none = await folder('no-images', { 'logo.svg': '<svg/>' });
    const empty = await translate([none, '--to', 'en', '-o', join(dir, 'no-images-out')]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/FAILED .*no-images: no image Glossa reads in this folder/);
  });

  it('creates the folder of a zip output before the work', async () => {
    const input = await folder('to-zip', { 'poster.png': png });
    const out = join(dir, 'not', 'yet', 'out.zip');
    const run = await translate([input, '--to', 'en', '-o', out, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(Object.keys(unzipSync(await readFile(out)))).toEqual(['poster.json']);
  });
});

describe('glossa translate refuses zip bombs from the central directory, before inflating', () => {
  /** A zip whose directory says `entries` hold `declared` bytes each, with data that is no deflate stream at all. */
  function lyingZip(entries: number, declared: number): Uint8Array {
    const names = Array.from({ length: entries }, (_, i) => `page-${i}.png`);
    const zip = zipSync(Object.fromEntries(names.map((n) => [n, [new Uint8Array(64).fill(7), { level: 0 }]])));
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    // Patch every local and central header: compression 8 (deflate) and the declared size.
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) {
        view.setUint16(i + 8, 8, true);
        view.setUint32(i + 22, declared, true);
      } else if (sig === 0x02014b50) {
        view.setUint16(i + 10, 8, true);
        view.setUint32(i + 24, declared, true);
      }
    }
    return zip;
  }

  it('refuses an entry that declares more than --max-bytes', async () => {
    const zip = join(dir, 'bomb.zip');
    await writeFile(zip, lyingZip(1, 1024 * 1024 * 1024));
    const run = await translate([zip, '--to', 'en', '-o', join(dir, 'bomb-out')]);
    // Were it inflated, the bad deflate data would make it "not a readable zip" instead.
    expect(run.stderr).toMatch(/IMAGE_TOO_LARGE: .*bomb\.zip refused before unpacking: its entry page-0\.png inflates to 1024\.0 MB, over the 50\.0 MB limit per file/);
    expect(run.code).toBe(1);
  });

  it('refuses entries that inflate far more than an image can, and too much in all', async () => {
    // Honest deflate, 40 MB of zeros each: every entry is under --max-bytes, but each inflates ~1000 times.
    const ratio = join(dir, 'ratio.zip');
    await writeFile(ratio, zipSync(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`p${i}.bmp`, new Uint8Array(40 * 1024 * 1024)]))));
    const run = await translate([ratio, '--to', 'en', '-o', join(dir, 'ratio-out')]);
    expect(run.stderr).toMatch(/ratio\.zip refused before unpacking: its entry p0\.bmp inflates \d+ times .* a zip bomb/);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');

    const total = join(dir, 'total.zip');
    await writeFile(total, lyingZip(25, 9000));
    const all = await translate([total, '--to', 'en', '-o', join(dir, 'total-out'), '--max-bytes', '10000']);
    expect(all.stderr).toMatch(/total\.zip refused before unpacking: it inflates to 225000 bytes in all, over 200000 bytes \(20 x --max-bytes\)/);
  });
});

describe('the target language is a BCP 47 tag, never a path', () => {
  it('refuses --to x/../../outside/leak without reading outside/leak.json, in the CLI and the API', async () => {
    const root = await folder('leak', { 'in/p.png': png, 'outside/leak.json': '{"secret": 42, "token": "TOPSECRET"}' });
    const run = await runGlossa(['translate', 'in/p.png', '--to', 'x/../../outside/leak', '-o', 'out', '--device', 'cpu', '--no-progress'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/INVALID_INPUT: Expected a BCP 47 language tag .* for --to/);
    expect(run.stdout + run.stderr).not.toContain('TOPSECRET');

    const glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
    try {
      const error = await glossa.translateImage(join(root, 'in/p.png'), { to: 'x/../../outside/leak' }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
      expect((error as Error).message).not.toContain('TOPSECRET');
    } finally {
      await glossa.dispose();
    }
  });
});
