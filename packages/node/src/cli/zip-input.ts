// Reads the images of a zip archive without trusting it: the central
// directory's sizes are checked before a single entry is inflated, so a small
// archive that would inflate to gigabytes (a zip bomb) is refused at once.
// fflate inflates an entry into a buffer of the size the directory declares
// and never past it, so the declared sizes bound the memory used.
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { GlossaError, type TranslationMap } from '@glossa/core';
import { printable } from './names.js';

/** Archive limits besides `--max-bytes` (the largest entry). @internal */
export const ZIP_LIMITS = Object.freeze({
  /** Entries in one archive, directories included. */
  entries: 10_000,
  /** Inflated bytes of the entries read, all together, as a multiple of `--max-bytes`. */
  totalPerMaxBytes: 20,
  /** Inflated / compressed size of one entry over 1 MiB; real images stay far below. */
  ratio: 500,
});

/** What a zip holds, for the CLI. @internal */
export interface ZipContents {
  /** Image entries, by entry name, inflated. */
  images: Array<{ name: string; bytes: Uint8Array }>;
  /** `<stem>.<lang>.json` translation scripts, merged by language. */
  scripts: Map<string, TranslationMap>;
  /** One line per entry left out, saying why. */
  skipped: string[];
}

const SCRIPT = /\.([a-zA-Z-]{2,10})\.json$/;
const MIB = 1024 * 1024;

/**
 * Lists, checks, then inflates the images and translation scripts of a zip.
 *
 * @param label - the archive's name, for messages
 * @param bytes - the archive
 * @param maxBytes - the largest inflated entry accepted (`--max-bytes`)
 * @param isImage - whether an entry name is an image Glossa reads
 * @throws GlossaError `UNSUPPORTED_FORMAT` (not a zip), `IMAGE_TOO_LARGE` (over a limit, before inflating), `INVALID_INPUT` (a bad script)
 * @internal
 */
export function readZip(label: string, bytes: Uint8Array, maxBytes: number, isImage: (name: string) => boolean): ZipContents {
  const listing: UnzipFileInfo[] = [];
  unzipOrExplain(label, bytes, (file) => {
    listing.push(file);
    if (listing.length > ZIP_LIMITS.entries) {
      throw tooLarge(label, `it holds more than ${ZIP_LIMITS.entries} entries`);
    }
    return false; // listing only: nothing is inflated in this pass
  });

  const skipped: string[] = [];
  const wanted = new Set<string>();
  let total = 0;
  for (const file of listing) {
    const where = `${label}:${printable(file.name)}`;
    if (file.name.endsWith('/') || file.name.startsWith('__MACOSX/')) continue;
    const kind = SCRIPT.test(file.name) ? 'script' : isImage(file.name) ? 'image' : undefined;
    if (!kind) {
      skipped.push(
        /\.zip$/i.test(file.name)
          ? `skipped ${where}: zip archives inside a zip are not opened; unzip it first`
          : `skipped ${where}: not an image Glossa reads`,
      );
      continue;
    }
    if (file.originalSize > maxBytes) {
      throw tooLarge(label, `its entry ${printable(file.name)} inflates to ${mb(file.originalSize)}, over the ${mb(maxBytes)} limit per file (--max-bytes)`);
    }
    if (file.originalSize > MIB && file.originalSize > ZIP_LIMITS.ratio * Math.max(1, file.size)) {
      throw tooLarge(
        label,
        `its entry ${printable(file.name)} inflates ${Math.round(file.originalSize / Math.max(1, file.size))} times (${mb(file.size)} to ${mb(file.originalSize)}), over the ${ZIP_LIMITS.ratio}x an image can reach: a zip bomb`,
      );
    }
    total += file.originalSize;
    wanted.add(file.name);
  }
  const maxTotal = ZIP_LIMITS.totalPerMaxBytes * maxBytes;
  if (total > maxTotal) {
    throw tooLarge(label, `it inflates to ${mb(total)} in all, over ${mb(maxTotal)} (${ZIP_LIMITS.totalPerMaxBytes} x --max-bytes)`);
  }

  const entries = unzipOrExplain(label, bytes, (file) => wanted.has(file.name));
  const images: ZipContents['images'] = [];
  const scripts = new Map<string, TranslationMap>();
  for (const name of Object.keys(entries).sort()) {
    const script = SCRIPT.exec(name);
    if (!script) {
      images.push({ name, bytes: entries[name] });
      continue;
    }
    try {
      const map = JSON.parse(new TextDecoder().decode(entries[name])) as TranslationMap;
      scripts.set(script[1], { ...scripts.get(script[1]), ...map });
    } catch (cause) {
      throw new GlossaError('INVALID_INPUT', `${label}:${printable(name)} is not a valid translation script`, { cause });
    }
  }
  return { images, scripts, skipped };
}

function unzipOrExplain(label: string, bytes: Uint8Array, filter: (file: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (cause) {
    if (cause instanceof GlossaError) throw cause;
    throw new GlossaError('UNSUPPORTED_FORMAT', `${label} is not a readable zip archive: ${(cause as Error).message}`, { cause });
  }
}

function tooLarge(label: string, what: string): GlossaError {
  return new GlossaError('IMAGE_TOO_LARGE', `${label} refused before unpacking: ${what}; docs/limits.md lists the limits`, {
    details: { field: 'inputs' },
  });
}

function mb(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MB` : `${bytes} bytes`;
}
