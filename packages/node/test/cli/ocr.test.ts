// `glossa ocr` end to end: the built CLI (packages/node/dist/cli.js) on images
// drawn by the test, and on broken files. Build first: `npx turbo run build`.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage } from '../../src/io/image-io.js';
import { drawText } from '../helpers/draw-text.js';
import { CLI, runGlossa, type CliRun } from '../helpers/run-cli.js';



const glossa = (...args: string[]): Promise<CliRun> => runGlossa(args);

type Point = [number, number];
interface JsonLine { polygon: Point[]; text: string; score: number }
interface JsonBlock { polygon: Point[]; text: string; direction: string; lines: number[] }
interface JsonResult { file?: string; ms?: number; width: number; height: number; lines: JsonLine[]; blocks: JsonBlock[] }

const decimals = (value: number): number => (String(value).split('.')[1] ?? '').length;

let dir: string;
let poster: string; // 480 x 200, two English lines of one paragraph and a Chinese slogan
let label: string; // 240 x 80, one Chinese line

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx turbo run build\``);
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-ocr-cli-'));
  const drawn = drawText(
    480,
    200,
    [
      { text: 'Summer Sale', x: 20, y: 20, size: 36, lang: 'en' },
      { text: 'Everything Half Price', x: 20, y: 66, size: 36, lang: 'en' },
      { text: '限时特惠', x: 300, y: 140, size: 40 },
    ],
    'white',
  );
  poster = path.join(dir, 'poster.png');
  await writeFile(poster, await encodeImage(drawn.image, 'png'));
  label = path.join(dir, 'label.png');
  await writeFile(label, await encodeImage(drawText(240, 80, [{ text: '新品上市', x: 30, y: 18, size: 40 }], 'gradient').image, 'png'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('glossa ocr', () => {
  it('prints one JSON object for one image: lines, blocks, rounded numbers', async () => {
    const run = await glossa('ocr', '--json', '--device', 'cpu', poster);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(Object.keys(result)).toEqual(['width', 'height', 'lines', 'blocks']);
    expect([result.width, result.height]).toEqual([480, 200]);
    expect(result.lines.map((l) => l.text)).toEqual(['Summer Sale', 'Everything Half Price', '限时特惠']);
    for (const line of result.lines) {
      expect(line.polygon).toHaveLength(4);
      for (const [x, y] of line.polygon) expect(decimals(x) <= 1 && decimals(y) <= 1).toBe(true);
      expect(line.score).toBeGreaterThan(0.8);
      expect(decimals(line.score)).toBeLessThanOrEqual(3);
    }
    // The two English lines are one paragraph; the slogan is its own block.
    expect(result.blocks).toEqual([
      expect.objectContaining({ text: 'Summer Sale Everything Half Price', direction: 'horizontal', lines: [0, 1] }),
      expect.objectContaining({ text: '限时特惠', direction: 'horizontal', lines: [2] }),
    ]);
    expect(result.blocks[0].polygon).toHaveLength(4);
  });

  it('groups vertical CJK columns into one vertical block read right to left', async () => {
    const columns = path.join(dir, 'columns.png');
    const drawn = drawText(
      300,
      320,
      [
        { text: '春眠不觉晓', x: 200, y: 40, size: 40, vertical: true },
        { text: '夜来风雨声', x: 140, y: 40, size: 40, vertical: true },
      ],
      'white',
    );
    await writeFile(columns, await encodeImage(drawn.image, 'png'));
    const run = await glossa('ocr', '--json', '--device', 'cpu', columns);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.lines).toHaveLength(2);
    expect(result.blocks).toHaveLength(1);
    const [block] = result.blocks;
    expect(block.direction).toBe('vertical');
    // Right column first: its line has the larger x.
    const xs = block.lines.map((i) => result.lines[i].polygon[0][0]);
    expect(xs[0]).toBeGreaterThan(xs[1]);
    expect(result.lines[block.lines[0]].text).toBe('春眠不觉晓');
    expect(block.text).toBe(`春眠不觉晓${result.lines[block.lines[1]].text}`);
  });

  it('prints JSONL with file and ms for several images, in argument order', async () => {
    const run = await glossa('ocr', '--json', '--device', 'cpu', label, poster);
    expect(run.code).toBe(0);
    const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonResult);
    expect(records.map((r) => r.file)).toEqual([label, poster]);
    for (const r of records) {
      expect(r.ms).toBeGreaterThan(0);
      expect(r.ms).toBeLessThan(60_000);
      expect(decimals(r.ms!)).toBeLessThanOrEqual(1);
    }
    expect(records[0].lines.map((l) => l.text)).toEqual(['新品上市']);
    expect(records[1].lines).toHaveLength(3);
  });

  it('prints an error line for each bad image, goes on with the others and exits 1', async () => {
    const empty = path.join(dir, 'empty.png');
    await writeFile(empty, Buffer.alloc(0));
    const truncated = path.join(dir, 'truncated.png');
    const png = await readFile(label); // small enough for the pixel limit: the truncation is what fails
    await writeFile(truncated, png.subarray(0, Math.floor(png.length / 2)));
    const text = path.join(dir, 'notes.png');
    await writeFile(text, 'this is not an image\n');
    const missing = path.join(dir, 'missing.png');
    // label is 240x80 = 19,200 px, poster 96,000 px: a 50,000 px limit refuses only the poster.
    const run = await glossa('ocr', '--json', '--device', 'cpu', '--max-pixels', '50000', empty, label, truncated, text, poster, missing);
    expect(run.code).toBe(1);
    const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { code: string; message: string }; lines?: JsonLine[] });
    expect(records.map((r) => r.file)).toEqual([empty, label, truncated, text, poster, missing]);
    expect(records.map((r) => r.error?.code)).toEqual(['UNSUPPORTED_FORMAT', undefined, 'UNSUPPORTED_FORMAT', 'UNSUPPORTED_FORMAT', 'IMAGE_TOO_LARGE', 'INVALID_INPUT']);
    for (const r of records) if (r.error) expect(r.error.message.length).toBeGreaterThan(10);
    expect(records[4].error!.message).toMatch(/limit/);
    expect(records[1].lines!.map((l) => l.text)).toEqual(['新品上市']);
  });

  it('prints a readable listing without --json and reports failures on stderr', async () => {
    const empty = path.join(dir, 'empty2.png');
    await writeFile(empty, Buffer.alloc(0));
    const run = await glossa('ocr', '--device', 'cpu', poster, empty);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${poster}: 480x200, 3 lines in 2 blocks`);
    expect(run.stdout).toContain('[b0 horizontal] Summer Sale Everything Half Price');
    expect(run.stdout).toContain('限时特惠');
    expect(run.stderr).toContain(`${empty}: UNSUPPORTED_FORMAT`);
  });

  it('exits 2 on usage errors', async () => {
    expect((await glossa('ocr')).code).toBe(2);
    expect((await glossa('ocr', '--device', 'tpu', poster)).code).toBe(2);
    const bad = await glossa('ocr', '--max-pixels', 'lots', poster);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/max-pixels/);
  });

  it('exits 1 naming the model when a model file does not exist', async () => {
    const run = await glossa('ocr', '--device', 'cpu', '--det-model', path.join(dir, 'nope.onnx'), poster);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/MODEL_NOT_FOUND.*nope\.onnx/);
  });
});
