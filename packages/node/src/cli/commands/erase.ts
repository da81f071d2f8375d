// `glossa erase <image> -o out.png`: remove the text of an image. With --mask
// the given mask is inpainted exactly; without it, OCR finds the text and
// buildTextMask turns the lines into a glyph-precise mask. Text printed on
// the product is left in place unless --product-text translate, as
// `glossa translate` does, so its erased background matches the page JSON.
import path from 'node:path';
import { Command, Option } from 'commander';
import {
  buildTextMaskWithMethods,
  defaultGroup,
  GlossaError,
  invalidParameter,
  PRODUCT_TEXT_MODES,
  withProductText,
  type Mask,
  type ProductTextMode,
  type RgbaImage,
} from '@glossa/core';
import { DEFAULT_DECODE_LIMITS, decodeImage, encodeImage, type RasterFormat } from '../../io/image-io.js';
import { createNodeInpainter, NODE_INPAINTERS, type NodeInpainterKind } from '../../inpaint/index.js';
import { createNodeOcr } from '../../ocr/index.js';
import { NODE_DEVICES, type NodeDevice } from '../../ort/session-factory.js';
import { EXIT, setExitCode } from '../exit-codes.js';
import { writeOutputFile } from '../output-target.js';
import { parsePositiveInteger } from '../args.js';

interface EraseCliOptions {
  output: string;
  mask?: string;
  maskOut?: string;
  productText: ProductTextMode;
  inpainter: NodeInpainterKind;
  device: NodeDevice;
  maxPixels: number;
  quiet?: boolean;
}

/**
 * The `erase` subcommand.
 * @internal
 */
export function eraseCommand(): Command {
  return new Command('erase')
    .description('Remove the text from an image: OCR finds it (or --mask says where), then it is inpainted')
    .argument('<image>', 'image file (JPEG, PNG, WebP, GIF, AVIF, TIFF, BMP)')
    .requiredOption('-o, --output <file>', 'where to write the result (.png, .jpg or .webp)')
    .option('--mask <file>', 'inpaint exactly this mask (white = erase), same size as the image; skips OCR')
    .option('--mask-out <file>', 'also write the mask that was used (PNG, white = erased)')
    .addOption(
      new Option('--product-text <mode>', 'text printed on the product (a bottle label, the brand on a box): keep it, or erase it with the rest (translate), as glossa translate does')
        .choices(PRODUCT_TEXT_MODES)
        .default('keep'),
    )
    .addOption(new Option('--inpainter <kind>', 'auto = LaMa when its model is cached (glossa models pull lama), else classical').choices(NODE_INPAINTERS).default('auto'))
    .addOption(new Option('--device <device>', 'where the models run').choices(NODE_DEVICES).default('auto'))
    .option('--max-pixels <n>', 'refuse images with more pixels than this', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxPixels)
    .option('-q, --quiet', 'print nothing on success')
    .action(async function (this: Command, image: string, options: EraseCliOptions) {
      setExitCode(this, await runErase(image, options));
    });
}

async function runErase(file: string, options: EraseCliOptions): Promise<number> {
  const format = formatOf(options.output, 'output');
  if (options.maskOut) formatOf(options.maskOut, 'mask-out');
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const started = performance.now();
  try {
    const { image } = await decodeImage(file, { maxPixels: options.maxPixels });
    let mask: Mask;
    let how: string;
    if (options.mask) {
      mask = await readMask(options.mask, image, options.maxPixels);
      how = 'given mask';
    } else {
      const ocr = await createNodeOcr({ device: options.device });
      try {
        const lines = await ocr.recognize(image, { signal: controller.signal });
        const blocks = withProductText((found, page) => defaultGroup(found, page), { productText: options.productText })(lines, image);
        const kept = blocks.filter((b) => b.flags.keep).reduce((n, b) => n + b.lines.length, 0);
        const built = buildTextMaskWithMethods(image, blocks.filter((b) => !b.flags.keep).flatMap((b) => b.lines));
        mask = built.mask;
        const boxes = built.methods.filter((m) => m === 'box').length;
        how = `${lines.length} text line${lines.length === 1 ? '' : 's'} found${kept ? ` (${kept} kept: printed on the product)` : ''}${boxes ? ` (${boxes} masked as boxes: busy background)` : ''}`;
      } finally {
        await ocr.dispose();
      }
    }
    const inpainter = await createNodeInpainter({
      inpainter: options.inpainter,
      device: options.device,
      onWarning: (m) => process.stderr.write(`glossa: warning: ${m}\n`),
    });
    let result: RgbaImage;
    try {
      result = await inpainter.inpaint(image, mask, { signal: controller.signal });
    } finally {
      await inpainter.dispose();
    }
    await writeOutputFile(options.output, await encodeImage(result, format));
    if (options.maskOut) await writeOutputFile(options.maskOut, await encodeImage(maskToImage(mask), formatOf(options.maskOut, 'mask-out')));
    if (!options.quiet) {
      let marked = 0;
      for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) marked++;
      const share = ((100 * marked) / mask.data.length).toFixed(1);
      process.stderr.write(
        `${file}: ${how}, ${share}% of the image erased with ${inpainter.kind} in ${Math.round(performance.now() - started)} ms -> ${options.output}\n`,
      );
    }
    return EXIT.OK;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Reads a mask image: white (luma >= 128) = erase; it must be the image's size. @internal */
async function readMask(file: string, image: RgbaImage, maxPixels: number): Promise<Mask> {
  const { image: m } = await decodeImage(file, { maxPixels });
  if (m.width !== image.width || m.height !== image.height) {
    throw new GlossaError('INVALID_INPUT', `The mask ${file} is ${m.width}x${m.height} but the image is ${image.width}x${image.height}; they must be the same size`, {
      details: { field: 'mask' },
    });
  }
  const data = new Uint8Array(m.width * m.height);
  for (let i = 0; i < data.length; i++) {
    const o = i * 4;
    // Transparent pixels count as black (keep), so a PNG with an alpha mask works too.
    const luma = ((0.299 * m.data[o] + 0.587 * m.data[o + 1] + 0.114 * m.data[o + 2]) * m.data[o + 3]) / 255;
    data[i] = luma >= 128 ? 255 : 0;
  }
  return { width: m.width, height: m.height, data };
}

/** @internal */
function maskToImage(mask: Mask): RgbaImage {
  const data = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) {
    const v = mask.data[i] ? 255 : 0;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { width: mask.width, height: mask.height, data };
}

/** The raster format from a file extension. @internal */
function formatOf(file: string, name: string): RasterFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.webp') return 'webp';
  throw invalidParameter(`--${name}`, 'a .png, .jpg or .webp file', file);
}
