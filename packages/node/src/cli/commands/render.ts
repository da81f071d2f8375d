// `glossa render page.json --background erased.png -o out.png`: re-typesets a
// page after a person edited its translations, without OCR or erasure. Only
// blocks whose translation changed (or that have no layout) are laid out
// again; the others keep their layout, so hand-tuned blocks stay as they are.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { GlossaError, invalidParameter, parsePage, serializePage, type OutputFormat } from '@glossa/core';
import { createGlossa } from '../../translate/engine.js';
import { EXIT, setExitCode } from '../exit-codes.js';
import { writeOutputFile } from '../output-target.js';

interface RenderOptions {
  background: string;
  output: string;
  to?: string;
  original?: string;
  relayout?: boolean;
  savePage?: string;
  quality?: string;
}

const FORMAT_OF: Readonly<Record<string, OutputFormat>> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp', '.psd': 'psd', '.svg': 'svg' };
const OUTPUTS = Object.keys(FORMAT_OF);

/**
 * The `render` subcommand.
 * @internal
 */
export function renderCommand(): Command {
  return new Command('render')
    .description('Typeset a page JSON (after editing its translations) over an erased background')
    .argument('<page>', 'page JSON written by glossa (blocks with translations)')
    .requiredOption('-b, --background <image>', 'the erased image the text is drawn on')
    .requiredOption('-o, --output <file>', `output file: ${OUTPUTS.join(', ')}`)
    .option('--to <lang>', "target language (default: the page's targetLang)")
    .option('--original <image>', 'original image, added as a hidden layer to a .psd')
    .option('--relayout', 'lay out every block again, not only edited ones')
    .option('--save-page <file>', 'also write the page JSON with the new layout')
    .option('--quality <n>', 'JPEG/WebP quality 1-100', '90')
    .action(async function (this: Command, pagePath: string, options: RenderOptions) {
      const ext = path.extname(options.output).toLowerCase();
      if (!OUTPUTS.includes(ext)) {
        throw invalidParameter('--output', `an output file ending in ${OUTPUTS.join(', ')}`, options.output);
      }
      const quality = Number(options.quality);
      if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
        throw invalidParameter('--quality', 'an integer between 1 and 100', options.quality);
      }
      let text: string;
      try {
        text = await readFile(pagePath, 'utf8');
      } catch (cause) {
        throw new GlossaError('INVALID_INPUT', `Cannot read the page JSON ${pagePath}: ${(cause as Error).message}`, { cause, details: { field: 'page' } });
      }
      const glossa = createGlossa();
      let result;
      try {
        result = await glossa.render(parsePage(text), options.background, {
          format: FORMAT_OF[ext],
          quality,
          original: options.original,
          to: options.to,
          relayout: options.relayout ? 'all' : undefined,
        });
      } finally {
        await glossa.dispose();
      }
      const page = result.page;
      await writeOutputFile(options.output, result.image);
      if (options.savePage) await writeOutputFile(options.savePage, serializePage(page));
      const overflow = page.blocks.filter((b) => b.flags.overflow).map((b) => b.id);
      const laidOut = page.blocks.filter((b) => b.layout).length;
      process.stderr.write(`glossa: wrote ${options.output} (${laidOut} blocks${overflow.length ? `, overflowing: ${overflow.join(', ')}` : ''})\n`);
      setExitCode(this, EXIT.OK);
    });
}
