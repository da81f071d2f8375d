// `glossa translate` end to end on the shipped example images and their
// translation scripts, plus zips, bad files and usage errors.
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, polygonBounds } from '@glossa/core';
import { decodeImage } from '../../src/io/image-io.js';
import { runGlossa } from '../helpers/run-cli.js';

const examples = new URL('../../../../examples/images/', import.meta.url).pathname;
const stems = ['sale-poster', 'skincare-card', 'tea-banner'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossa-cli-translate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('glossa translate', () => {
  it('typesets the shipped translation scripts into the shipped examples', async () => {
    const out = join(dir, 'out');
    const run = await runGlossa(['translate', examples, '--to', 'en', '-o', out, '--format', 'png,json', '--device', 'cpu']);
    expect(run.stderr).toMatch(/3 pages done, 0 failed/);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(stems.flatMap((s) => [`${s}.json`, `${s}.png`]).sort());
    for (const stem of stems) {
      const script = JSON.parse(await readFile(join(examples, `${stem}.en.json`), 'utf8')) as Record<string, string>;
      const page = parsePage(await readFile(join(out, `${stem}.json`), 'utf8'));
      const translated = page.blocks.filter((b) => b.translation);
      // Most of each image's lines are covered by its script (a block may join two script lines).
      const used = Object.values(script).filter((t) => translated.some((b) => b.translation!.includes(t)));
      expect(used.length).toBeGreaterThanOrEqual(Object.keys(script).length - 1);
      const before = (await decodeImage(join(examples, `${stem}.png`))).image;
      const after = (await decodeImage(join(out, `${stem}.png`))).image;
      for (const block of translated) {
        expect(block.layout, `${stem}: ${block.sourceText}`).toBeDefined();
        const box = polygonBounds(block.polygon);
        let changed = 0;
        let total = 0;
        for (let y = Math.floor(box.y); y < box.y + box.height; y++)
          for (let x = Math.floor(box.x); x < box.x + box.width; x++) {
            const i = (y * before.width + x) * 4;
            total++;
            if (Math.abs(before.data[i] - after.data[i]) + Math.abs(before.data[i + 1] - after.data[i + 1]) + Math.abs(before.data[i + 2] - after.data[i + 2]) > 40) changed++;
          }
        expect(changed / total, `${stem}: pixels changed in ${block.sourceText}`).toBeGreaterThan(0.05);
      }
    }
  });

  it('reads a zip of images with its scripts and writes a zip', async () => {
    const entries: Record<string, Uint8Array> = {};
    entries['pages/tea-banner.png'] = await readFile(join(examples, 'tea-banner.png'));
    entries['pages/tea-banner.ko.json'] = strToU8(await readFile(join(examples, 'tea-banner.ko.json'), 'utf8'));
    const zipIn = join(dir, 'in.zip');
    await writeFile(zipIn, zipSync(entries));
    const zipOut = join(dir, 'out.zip');
    const run = await runGlossa(['translate', zipIn, '--to', 'ko', '-o', zipOut, '--format', 'json,webp', '--device', 'cpu']);
    expect(run.code).toBe(0);
    const written = unzipSync(await readFile(zipOut));
    expect(Object.keys(written).sort()).toEqual(['tea-banner.json', 'tea-banner.webp']);
    const page = parsePage(new TextDecoder().decode(written['tea-banner.json']));
    expect(page.blocks.map((b) => b.translation).join(' ')).toContain('봄 햇차 출시');
  });

  it('reports a bad file, finishes the others and exits 1', async () => {
    const mixed = join(dir, 'mixed');
    await mkdir(mixed);
    await copyFile(join(examples, 'tea-banner.png'), join(mixed, 'good.png'));
    await copyFile(join(examples, 'tea-banner.en.json'), join(mixed, 'good.en.json'));
    await writeFile(join(mixed, 'broken.png'), 'not really a png');
    const out = join(dir, 'mixed-out');
    const run = await runGlossa(['translate', mixed, '--to', 'en', '-o', out, '--device', 'cpu', '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED .*broken\.png: UNSUPPORTED_FORMAT/);
    expect(run.stdout).toMatch(/ok .*good\.png/);
    expect(run.stderr).toMatch(/1 pages done, 1 failed/);
    expect(await readdir(out)).toEqual(['good.png']);
  });

  it('exits 2 on usage errors and documents every option in --help', async () => {
    expect((await runGlossa(['translate', examples])).code).toBe(2); // no --to
    expect((await runGlossa(['translate', examples, '--to', 'en', '--format', 'gif'])).code).toBe(2);
    expect((await runGlossa(['translate', join(dir, 'empty-dir-*.png'), '--to', 'en'])).code).toBe(2);
    const help = await runGlossa(['translate', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--to', '--from', '--translator', '--translations', '--output', '--format', '--concurrency', '--device', '--inpainter', '--max-pixels']) {
      expect(help.stdout).toContain(option);
    }
    const top = await runGlossa(['--help']);
    for (const command of ['translate', 'ocr', 'erase', 'render', 'models']) expect(top.stdout).toContain(command);
  });
});
