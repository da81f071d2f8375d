// `glossa render page.json --background erased.png -o out.png`: re-typesets a
// page after a person edited its translations, without OCR or erasure. Only
// blocks whose translation changed (or that have no layout) are laid out
// again; the others keep their layout, so hand-tuned blocks stay as they are.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { GlossaError, backgroundFreeSpace, layoutPage, pageToSvg, parsePage, serializePage, type Page } from '@glossa/core';
import { decodeImage, encodeImage } from '../../io/image-io.js';
import { createCanvasMeasurer } from '../../canvas/measurer.js';
import { createCanvasRenderer } from '../../canvas/renderer.js';
import { fontFamilyFor } from '../../canvas/fonts.js';
import { renderPsd } from '../../export/index.js';
import { EXIT, setExitCode } from '../exit-codes.js';

interface RenderOptions {
  background: string;
  output: string;
  to?: string;
  original?: string;
  relayout?: boolean;
  savePage?: string;
  quality?: string;
}

const OUTPUTS = ['.png', '.jpg', '.jpeg', '.webp', '.psd', '.svg'];

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
        throw new GlossaError('INVALID_INPUT', `Expected an output file ending in ${OUTPUTS.join(', ')} for --output but received '${options.output}'`, {
          details: { field: 'output' },
        });
      }
      const quality = Number(options.quality);
      if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
        throw new GlossaError('INVALID_INPUT', `Expected an integer between 1 and 100 for --quality but received '${options.quality}'`, { details: { field: 'quality' } });
      }
      let text: string;
      try {
        text = await readFile(pagePath, 'utf8');
      } catch (cause) {
        throw new GlossaError('INVALID_INPUT', `Cannot read the page JSON ${pagePath}: ${(cause as Error).message}`, { cause, details: { field: 'page' } });
      }
      let page: Page = parsePage(text);
      const { image: background } = await decodeImage(options.background);
      if (background.width !== page.width || background.height !== page.height) {
        throw new GlossaError(
          'INVALID_INPUT',
          `The background is ${background.width}x${background.height} but the page is ${page.width}x${page.height}; pass the erased image the page was made from`,
          { details: { field: 'background' } },
        );
      }
      const targetLang = options.to ?? page.targetLang;
      if (options.to && options.to !== page.targetLang) page = { ...page, targetLang: options.to };
      page = layoutPage(page, {
        measurer: createCanvasMeasurer(),
        targetLang,
        fontFamily: (lang) => fontFamilyFor(lang),
        freeSpace: backgroundFreeSpace(background),
        relayout: options.relayout || (options.to !== undefined && options.to !== targetLang) ? 'all' : 'changed',
      });
      const renderer = createCanvasRenderer();
      let bytes: Uint8Array | string;
      if (ext === '.psd') {
        const original = options.original ? (await decodeImage(options.original)).image : undefined;
        bytes = renderPsd(page, { background, original, renderer });
      } else if (ext === '.svg') {
        const bgBytes = await readFile(options.background);
        const mime = sniffMime(bgBytes);
        bytes = mime ? pageToSvg(page, { background: { mime, bytes: bgBytes } }) : pageToSvg(page, { background: { mime: 'image/png', bytes: await encodeImage(background, 'png') } });
      } else {
        const out = await renderer.render(background, page);
        bytes = await encodeImage(out, ext === '.png' ? 'png' : ext === '.webp' ? 'webp' : 'jpeg', { quality });
      }
      await writeFile(options.output, bytes);
      if (options.savePage) await writeFile(options.savePage, serializePage(page));
      const overflow = page.blocks.filter((b) => b.flags.overflow).map((b) => b.id);
      const laidOut = page.blocks.filter((b) => b.layout).length;
      process.stderr.write(`glossa: wrote ${options.output} (${laidOut} blocks${overflow.length ? `, overflowing: ${overflow.join(', ')}` : ''})\n`);
      setExitCode(this, EXIT.OK);
    });
}

/** The MIME type of PNG, JPEG or WebP bytes, so an SVG can embed the file as it is. */
function sniffMime(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45) return 'image/webp';
  return null;
}
