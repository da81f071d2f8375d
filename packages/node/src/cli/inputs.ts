import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { GlossaError } from '@glossa/core';
import { printable, safeStem, uniqueStems } from './names.js';
import { ZIP_LIMITS, readZip } from './zip-input.js';

/** File extensions taken from directories, globs and zips. @internal */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.avif', '.tif', '.tiff', '.bmp'];

/** One image to translate, however it was named on the command line. @internal */
export interface CliInput {
  /** What to show the user, on one line: a path, or `archive.zip:entry.png`. */
  label: string;
  /** Output file stem: safe as a file name, unique among the inputs. */
  stem: string;
  /** A path, or the bytes of a zip entry. */
  source: string | Uint8Array;
}

/** What the command line named: the images, translation scripts found inside zips, and what was left out. @internal */
export interface ExpandedInputs {
  inputs: CliInput[];
  /** `<stem>.<lang>.json` entries of zips, merged, by language. */
  zipScripts: Map<string, Record<string, string>>;
  /** One line per file or entry left out, saying why. */
  skipped: string[];
  /** Folders in which no image was found: each is a failure (exit 1). */
  emptyFolders: string[];
}

/** Limits applied while expanding. @internal */
export interface ExpandLimits {
  /** The largest file or zip entry, in bytes (`--max-bytes`). */
  maxBytes: number;
}

/**
 * Expands files, directories (their images, not recursive), globs and zips
 * into a list of images. Output stems are made unique (`name`, `name-2`...).
 * @internal
 */
export async function expandInputs(args: readonly string[], limits: ExpandLimits): Promise<ExpandedInputs> {
  const found: Array<{ label: string; name: string; source: string | Uint8Array }> = [];
  const zipScripts = new Map<string, Record<string, string>>();
  const skipped: string[] = [];
  const emptyFolders: string[] = [];
  const file = (path: string) => found.push({ label: printable(path), name: path, source: path });
  for (const arg of args) {
    if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { onlyFiles: true })).filter(isImagePath).sort();
      if (matches.length === 0) throw new GlossaError('INVALID_INPUT', `No images match ${printable(arg)}`, { details: { field: 'inputs' } });
      matches.forEach(file);
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch {
      // A missing file is reported as that image's own failure, not a usage error.
      file(arg);
      continue;
    }
    if (info.isDirectory()) {
      const before = found.length;
      for (const entry of (await readdir(arg, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(arg, entry.name);
        if (isImagePath(entry.name) && entry.isFile()) file(path);
        else if (entry.name.startsWith('.') || isSidecarScript(entry.name)) continue; // hidden files; translation scripts are read beside their image
        else skipped.push(`skipped ${printable(path)}: ${entry.isDirectory() ? 'folders inside a folder are not searched; name it or use a glob' : 'not an image Glossa reads'}`);
      }
      if (found.length === before) emptyFolders.push(printable(arg));
    } else if (extname(arg).toLowerCase() === '.zip') {
      if (info.size > ZIP_LIMITS.totalPerMaxBytes * limits.maxBytes) {
        throw new GlossaError('IMAGE_TOO_LARGE', `${printable(arg)} is ${(info.size / 1048576).toFixed(1)} MB, over ${ZIP_LIMITS.totalPerMaxBytes} x --max-bytes; split it`, { details: { field: 'inputs' } });
      }
      const zip = readZip(printable(arg), await readFile(arg), limits.maxBytes, isImagePath);
      for (const { name, bytes } of zip.images) found.push({ label: `${printable(arg)}:${printable(name)}`, name, source: bytes });
      for (const [lang, map] of zip.scripts) zipScripts.set(lang, { ...zipScripts.get(lang), ...map });
      skipped.push(...zip.skipped);
    } else {
      file(arg);
    }
  }
  const stems = uniqueStems(found.map((f) => safeStem(f.name)));
  const inputs = found.map((f, i) => ({ label: f.label, stem: stems[i], source: f.source }));
  return { inputs, zipScripts, skipped, emptyFolders };
}

function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(path).toLowerCase());
}

function isSidecarScript(name: string): boolean {
  return /\.[a-zA-Z-]{2,10}\.json$/.test(name);
}
