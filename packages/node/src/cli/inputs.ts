import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { glob, isDynamicPattern } from 'tinyglobby';
import { GlossaError, type TranslationMap } from '@glossa/core';

/** File extensions taken from directories, globs and zips. @internal */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.avif', '.tif', '.tiff', '.bmp'];

/** One image to translate, however it was named on the command line. @internal */
export interface CliInput {
  /** What to show the user: a path, or `archive.zip:entry.png`. */
  label: string;
  /** Output file stem. */
  stem: string;
  /** A path, or the bytes of a zip entry. */
  source: string | Uint8Array;
}

/** What the command line named: the images, and translation scripts found inside zips. @internal */
export interface ExpandedInputs {
  inputs: CliInput[];
  /** `<stem>.<lang>.json` entries of zips, merged, by language. */
  zipScripts: Map<string, Record<string, string>>;
}

/**
 * Expands files, directories (their images, not recursive), globs and zips
 * into a list of images. Output stems are made unique (`name`, `name-2`...).
 * @internal
 */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const inputs: CliInput[] = [];
  const zipScripts = new Map<string, Record<string, string>>();
  for (const arg of args) {
    if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { onlyFiles: true })).filter(isImagePath).sort();
      if (matches.length === 0) throw new GlossaError('INVALID_INPUT', `No images match ${arg}`, { details: { field: 'inputs' } });
      for (const m of matches) inputs.push(fileInput(m));
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch {
      // A missing file is reported as that image's own failure, not a usage error.
      inputs.push(fileInput(arg));
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(arg)).filter(isImagePath).sort();
      for (const name of names) inputs.push(fileInput(join(arg, name)));
    } else if (extname(arg).toLowerCase() === '.zip') {
      readZip(arg, await readFile(arg), inputs, zipScripts);
    } else {
      inputs.push(fileInput(arg));
    }
  }
  const seen = new Map<string, number>();
  for (const input of inputs) {
    const n = (seen.get(input.stem) ?? 0) + 1;
    seen.set(input.stem, n);
    if (n > 1) input.stem = `${input.stem}-${n}`;
  }
  return { inputs, zipScripts };
}

function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(path).toLowerCase());
}

function fileInput(path: string): CliInput {
  return { label: path, stem: basename(path, extname(path)), source: path };
}

function readZip(path: string, bytes: Uint8Array, inputs: CliInput[], scripts: Map<string, Record<string, string>>): void {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (cause) {
    throw new GlossaError('UNSUPPORTED_FORMAT', `${path} is not a readable zip archive: ${(cause as Error).message}`, { cause });
  }
  for (const name of Object.keys(entries).sort()) {
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
    const script = /\.([a-zA-Z-]{2,10})\.json$/.exec(name);
    if (script) {
      try {
        const map = JSON.parse(new TextDecoder().decode(entries[name])) as TranslationMap;
        scripts.set(script[1], { ...scripts.get(script[1]), ...map });
      } catch (cause) {
        throw new GlossaError('INVALID_INPUT', `${path}:${name} is not a valid translation script`, { cause });
      }
    } else if (isImagePath(name)) {
      inputs.push({ label: `${path}:${name}`, stem: basename(name, extname(name)), source: entries[name] });
    }
  }
}
