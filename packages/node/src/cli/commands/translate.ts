// `glossa translate <inputs...> --to ko`: the whole pipeline over files,
// directories, globs and zips, writing one file per input and format.
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { zipSync } from 'fflate';
import { Command, Option } from 'commander';
import { GROUPING_POLICIES, GlossaError, PIPELINE_STAGES, invalidParameter, PRESETS, PRODUCT_TEXT_MODES, assertLanguageTag, type GroupingPolicy, type PipelineStage, type Preset, type ProductTextMode, type ProgressEvent } from '@glossa/core';
import { DEFAULT_DECODE_LIMITS } from '../../io/image-io.js';
import { NODE_INPAINTERS, type NodeInpainterKind } from '../../inpaint/create-inpainter.js';
import { NODE_DEVICES, type NodeDevice } from '../../ort/session-factory.js';
import { createGlossa } from '../../translate/engine.js';
import { FORMAT_EXTENSIONS, OUTPUT_FORMATS, type OutputFormat } from '../../translate/formats.js';
import type { TranslatorChoice } from '../../translate/translator.js';
import { parsePositiveInteger } from '../args.js';
import { EXIT, setExitCode } from '../exit-codes.js';
import { expandInputs, type CliInput } from '../inputs.js';
import { printable } from '../names.js';
import { prepareOutput } from '../output-target.js';
import { loadQueuePeer } from '../queue-peer.js';
import { createProgressView } from '../progress.js';

interface TranslateCliOptions {
  to: string;
  from?: string;
  preset?: Preset;
  eraseSfx?: boolean;
  translator?: 'gemini' | 'none';
  translations?: string;
  productText: ProductTextMode;
  output: string;
  format: string;
  concurrency?: number;
  device: NodeDevice;
  inpainter: NodeInpainterKind;
  grouping?: GroupingPolicy;
  maxPixels: number;
  maxBytes: number;
  progress?: boolean;
  redis?: string;
}

/** The `translate` subcommand. @internal */
export function translateCommand(): Command {
  return new Command('translate')
    .description('Translate the text in images: OCR, translate, erase, typeset')
    .argument('<inputs...>', 'image files, directories of images, globs ("shots/*.jpg") or .zip archives of images')
    .requiredOption('--to <lang>', 'target language (BCP 47): ko, en, ja, zh...')
    .option('--from <lang>', 'source language, when known (zh, ja, en...); ja selects the comic preset')
    .addOption(new Option('--preset <name>', 'default (posters, screenshots) or comic (speech bubbles, vertical Japanese); default: comic for --from ja').choices(PRESETS))
    .option('--erase-sfx', 'comic preset: also erase and translate sound effects drawn into the art')
    .addOption(
      new Option('--translator <name>', 'gemini (needs GEMINI_API_KEY) or none (erase all text, write the page JSON); default: the translation scripts beside the images only (no network)').choices(['gemini', 'none']),
    )
    .option('--translations <file.json>', 'a translation script: JSON object of source text to translation (default: <image-stem>.<lang>.json beside each image)')
    .addOption(
      new Option('--product-text <mode>', 'text printed on the product (a bottle label, the brand on a box): keep it as it is, or translate it like the ad copy')
        .choices(PRODUCT_TEXT_MODES)
        .default('keep'),
    )
    .option('-o, --output <dir|file.zip>', 'output directory, or a .zip to write', 'glossa-out')
    .option('--format <list>', `comma-separated output formats: ${OUTPUT_FORMATS.join(', ')}`, 'png')
    .option('--concurrency <n>', 'pages in flight at once (bounds memory)', parsePositiveInteger)
    .addOption(new Option('--device <device>', 'where the models run').choices(NODE_DEVICES).default('auto'))
    .addOption(new Option('--inpainter <kind>', 'text erasure: LaMa when its model is pulled, else classical').choices(NODE_INPAINTERS).default('auto'))
    .addOption(
      new Option(
        '--grouping <policy>',
        'blocks: design (one per poster element: title, price tag, badge, list item), paragraph (documents) or bubble (one per speech bubble; selects the comic preset). Default: bubble with the comic preset, else design',
      ).choices(GROUPING_POLICIES),
    )
    .option('--max-pixels <n>', 'refuse images with more pixels than this', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxPixels)
    .option('--max-bytes <n>', 'refuse files larger than this many bytes', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxBytes)
    .option('--no-progress', 'no progress bar, even on a terminal')
    .option('--redis <url>', 'submit to the @glossa/queue workers (glossa worker) on this Redis instead of translating here; the workers\' own --device, --inpainter and limits apply')
    .addHelpText(
      'after',
      `
Each input <stem>.<ext> yields <output>/<stem>.<format> for every format asked.
Exit code: 0 when every image succeeded, 1 when some failed, 2 on usage errors.

Examples:
  glossa translate examples/images --to en -o out
  glossa translate "shots/*.jpg" --to ko --translator gemini --format png,json
  glossa translate pages.zip --to en --translations script.en.json -o pages.en.zip
  glossa translate poster.jpg --to ko --translator none --format png,json   # erase only
  glossa translate manga/ --from ja --to en --translations script.en.json   # comic pages`,
    )
    .action(async function (this: Command, inputs: string[], options: TranslateCliOptions) {
      setExitCode(this, await runTranslate(inputs, options));
    });
}

async function runTranslate(args: string[], options: TranslateCliOptions): Promise<number> {
  const formats = parseFormats(options.format);
  if (options.translator && options.translations) {
    throw new GlossaError('INVALID_INPUT', 'Give either --translator or --translations, not both', { details: { field: 'translator' } });
  }
  assertLanguageTag('--to', options.to);
  if (options.from !== undefined) assertLanguageTag('--from', options.from);
  const { inputs, zipScripts, skipped, emptyFolders } = await expandInputs(args, { maxBytes: options.maxBytes });
  for (const line of skipped) process.stdout.write(`${line}\n`);
  for (const folder of emptyFolders) process.stdout.write(`FAILED ${folder}: no image Glossa reads in this folder (${IMAGE_KINDS})\n`);
  if (inputs.length === 0) {
    if (emptyFolders.length > 0) return EXIT.FAILED;
    throw new GlossaError('INVALID_INPUT', 'No images found in the given inputs', { details: { field: 'inputs' } });
  }
  const namesOf = (input: CliInput) => formats.map((format) => `${input.stem}.${FORMAT_EXTENSIONS[format]}`);
  const target = await prepareOutput(options.output, inputs, namesOf, readAlongside(args, inputs, options));
  const zipOut = target.kind === 'zip';
  const zipEntries: Record<string, Uint8Array> = {};

  const translator: TranslatorChoice | undefined =
    options.translations ?? options.translator ?? (zipScripts.get(options.to) ? zipScripts.get(options.to) : undefined);
  const view = createProgressView(inputs.length, options.progress !== false && process.stderr.isTTY === true);
  const glossa = options.redis
    ? (await loadQueuePeer()).createQueueEngine({ connection: options.redis })
    : createGlossa({
        device: options.device,
        inpainter: options.inpainter,
        limits: { maxPixels: options.maxPixels, maxBytes: options.maxBytes },
        onWarning: (m) => view.log(m),
      });
  const stageTotals = Object.fromEntries(PIPELINE_STAGES.map((s) => [s, 0])) as Record<PipelineStage, number>;
  const t0 = performance.now();
  let firstResultMs: number | undefined;
  let done = 0;
  let failed = 0;
  try {
    for await (const outcome of glossa.translateImages(
      inputs.map((i) => i.source),
      {
        to: options.to,
        from: options.from,
        preset: options.preset,
        eraseSfx: options.eraseSfx,
        translator,
        productText: options.productText,
        format: formats,
        grouping: options.grouping,
        maxInFlight: options.concurrency,
        onProgress: (e: ProgressEvent) => view.progress(e),
      },
    )) {
      firstResultMs ??= performance.now() - t0;
      const input = inputs[outcome.index];
      if (!outcome.ok) {
        failed++;
        view.log(`FAILED ${input.label}: ${outcome.error.code}: ${printable(outcome.error.message)}`);
        view.pageDone();
        continue;
      }
      done++;
      const written: string[] = [];
      for (const format of formats) {
        const name = `${input.stem}.${FORMAT_EXTENSIONS[format]}`;
        const bytes = outcome.outputs[format] as Buffer;
        if (zipOut) zipEntries[name] = bytes;
        else await writeFile(join(options.output, name), bytes);
        written.push(printable(zipOut ? `${options.output}:${name}` : join(options.output, name)));
      }
      for (const stage of PIPELINE_STAGES) stageTotals[stage] += outcome.timings[stage] ?? 0;
      for (const warning of outcome.warnings) view.log(`warning ${input.label}: ${printable(warning)}`);
      view.log(`ok ${input.label} -> ${written.join(', ')} (${Math.round(outcome.timings.total)} ms)`);
      view.pageDone();
    }
    if (zipOut) await writeFile(options.output, zipSync(zipEntries));
  } finally {
    view.close();
    await glossa.dispose();
  }
  const total = (performance.now() - t0) / 1000;
  const perStage = PIPELINE_STAGES.filter((s) => stageTotals[s] > 0)
    .map((s) => `${s} ${Math.round(stageTotals[s] / Math.max(1, done))} ms`)
    .join(', ');
  process.stderr.write(
    `${done} pages done, ${failed} failed in ${total.toFixed(1)} s` +
      (firstResultMs !== undefined ? ` (first result after ${(firstResultMs / 1000).toFixed(1)} s)` : '') +
      (perStage ? `; per page: ${perStage}` : '') +
      '\n',
  );
  return failed > 0 || emptyFolders.length > 0 ? EXIT.FAILED : EXIT.OK;
}

const IMAGE_KINDS = 'PNG, JPEG, WebP, GIF, AVIF, TIFF, BMP';

/** Files read besides the images, that an output must not replace: the arguments themselves, the script, sidecar scripts. */
function readAlongside(args: readonly string[], inputs: readonly CliInput[], options: TranslateCliOptions): string[] {
  const sidecars = inputs.flatMap((input) =>
    typeof input.source === 'string' ? [join(dirname(input.source), `${basename(input.source, extname(input.source))}.${options.to}.json`), `${input.source}.${options.to}.json`] : [],
  );
  return [...args, ...(options.translations ? [options.translations] : []), ...sidecars];
}

function parseFormats(list: string): OutputFormat[] {
  const formats = list
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean)
    .map((f) => (f === 'jpg' ? 'jpeg' : f));
  const bad = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || bad.length > 0) {
    throw invalidParameter('--format', `formats from ${OUTPUT_FORMATS.join(', ')}`, list);
  }
  return [...new Set(formats)] as OutputFormat[];
}
