// Where the CLI writes. `glossa translate` checks its output before any page is processed: the
// output must never replace an input, and a path that cannot be written is reported at once
// rather than after every page was translated. Single files (erase, render) get their folder made.
import { mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { GlossaError } from '@glossa/core';
import type { CliInput } from './inputs.js';
import { printable } from './names.js';

/** A checked output: a folder (created) or a zip file (its folder created). @internal */
export interface OutputTarget {
  kind: 'folder' | 'zip';
  path: string;
}

/**
 * Checks `-o` against the inputs and creates what is missing.
 *
 * @param output - the `-o` value
 * @param inputs - the images; their paths must not be written
 * @param names - the file names each input will be written as (`stem.png`...)
 * @param protect - other files read, that must not be written either (the zips named, `--translations`, sidecar scripts)
 * @throws GlossaError `INVALID_INPUT` when an output would replace an input, or `-o` names a file where a folder is needed
 * @internal
 */
export async function prepareOutput(
  output: string,
  inputs: readonly CliInput[],
  names: (input: CliInput) => string[],
  protect: readonly string[],
): Promise<OutputTarget> {
  const kind = extname(output).toLowerCase() === '.zip' ? 'zip' : 'folder';
  const existing = await stat(output).catch(() => undefined);
  if (existing && kind === 'folder' && !existing.isDirectory()) {
    throw usage(`-o ${printable(output)} is an existing file; give a folder (created when missing) or a .zip file to write`);
  }
  if (existing && kind === 'zip' && !existing.isFile()) throw usage(`-o ${printable(output)} is a folder; give a .zip file name`);

  const read = new Map<string, string>();
  for (const input of inputs) if (typeof input.source === 'string') await remember(read, input.source, input.label);
  for (const path of protect) await remember(read, path, printable(path));
  const candidates = kind === 'zip' ? [output] : inputs.flatMap((input) => names(input).map((name) => join(output, name)));
  for (const candidate of candidates) {
    const real = await realpath(candidate).catch(() => undefined);
    const input = real && read.get(real);
    if (input) {
      throw usage(`-o ${printable(output)} would overwrite the input ${input}; write the results somewhere else (e.g. -o ${printable(suggest(output))})`);
    }
  }
  await mkdir(kind === 'zip' ? dirname(resolve(output)) : output, { recursive: true });
  return { kind, path: output };
}

/**
 * Writes one output file (`glossa erase -o`, `--mask-out`, `glossa render`),
 * creating its folder when missing, as `glossa translate -o` does: the
 * README's commands write under `out/`, which a fresh checkout lacks.
 * @internal
 */
export async function writeOutputFile(file: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFile(file, bytes);
}

async function remember(read: Map<string, string>, path: string, label: string): Promise<void> {
  const real = await realpath(path).catch(() => undefined);
  if (real) read.set(real, label);
}

function suggest(output: string): string {
  const ext = extname(output);
  return ext ? `${output.slice(0, -ext.length)}-translated${ext}` : `${output.replace(/[\\/]+$/, '')}-translated`;
}

function usage(message: string): GlossaError {
  return new GlossaError('INVALID_INPUT', message, { details: { field: 'output' } });
}
