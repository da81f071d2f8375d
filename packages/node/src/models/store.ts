import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GlossaError, throwIfAborted, toGlossaError } from '@glossa/core';
import { resolveModelsDir } from './cache-dir.js';
import { bundledModelManifest, getModelEntry, type ModelEntry, type ModelFile, type ModelManifest } from './manifest.js';
import { matchesRecord, removeRecord, writeRecord } from './verified-record.js';

// The cache holds `<modelsDir>/<id>/<file>`. A file gets its final name by an
// atomic rename after its size and SHA-256 were checked (see pull.ts), but a
// file can be damaged or replaced afterwards, so a file is used only once its
// SHA-256 matched: hashed the first time, then trusted while its size and
// mtime match what was recorded then (verified-record.ts). `verifyModel`
// always re-hashes.

/** Options shared by every model-cache function. */
export interface ModelStoreOptions {
  /** The cache folder; default {@link defaultModelsDir} (`GLOSSA_MODELS_DIR` or the user cache dir). */
  modelsDir?: string;
  /** The manifest to look models up in; default the bundled one. */
  manifest?: ModelManifest;
}

/** A model found in the cache. */
export interface ResolvedModel {
  /** Model id. */
  id: string;
  /** The model's folder in the cache. */
  dir: string;
  /** Path of the first (main) file: what to give `createSession`. */
  path: string;
  /** Every file of the model, by name. */
  files: Record<string, string>;
  /** The manifest entry. */
  entry: ModelEntry;
}

/** Where each file of a model is (or would be) in the cache. @internal */
export function modelLocation(id: string, options: ModelStoreOptions = {}): { entry: ModelEntry; dir: string } {
  const entry = getModelEntry(id, options.manifest ?? bundledModelManifest());
  return { entry, dir: join(resolveModelsDir(options.modelsDir), entry.id) };
}

/**
 * The path the model's main file has in the cache, whether or not it is there yet.
 *
 * @param id - model id, e.g. `lama`
 * @param options - cache folder and manifest
 * @throws GlossaError `INVALID_INPUT` for an unknown id
 * @example
 * ```ts
 * console.log(modelPath('lama')); // ~/.cache/glossa/models/lama/lama_fp32.onnx
 * ```
 */
export function modelPath(id: string, options: ModelStoreOptions = {}): string {
  const { entry, dir } = modelLocation(id, options);
  return join(dir, entry.files[0].name);
}

/**
 * Finds a downloaded model, or explains how to get it. Checks that every file
 * is present with its exact size and SHA-256: hashed the first time, then
 * trusted while its size and modification time are unchanged (recorded in
 * `<file>.verified.json`; {@link verifyModel} always re-hashes).
 *
 * @param id - model id, e.g. `lama`
 * @param options - cache folder and manifest
 * @returns the model's paths
 * @throws GlossaError `MODEL_NOT_FOUND` naming `glossa models pull <id>` when a file is missing;
 *   `MODEL_INVALID` when a file has the wrong size; `INVALID_INPUT` for an unknown id
 * @example
 * ```ts
 * const lama = await resolveModel('lama');
 * const session = await backend.createSession(lama.path);
 * ```
 */
export async function resolveModel(id: string, options: ModelStoreOptions = {}): Promise<ResolvedModel> {
  const { entry, dir } = modelLocation(id, options);
  const files: Record<string, string> = {};
  for (const file of entry.files) {
    const path = join(dir, file.name);
    const checked = await checkFile(path, file);
    if (checked.status === 'missing') {
      throw new GlossaError(
        'MODEL_NOT_FOUND',
        `The model '${entry.id}' is not downloaded (${path} is missing). Run \`glossa models pull ${entry.id}\` ` +
          `(${formatBytes(totalBytes(entry))}) to download it, or set GLOSSA_MODELS_DIR to a folder that has it.`,
        { details: { field: 'id', model: entry.id, path } },
      );
    }
    if (checked.status === 'size-mismatch') {
      throw new GlossaError(
        'MODEL_INVALID',
        `The model file ${path} has ${checked.bytes} bytes, expected ${file.bytes}. Run \`glossa models pull ${entry.id}\` to download it again.`,
        { details: { field: 'id', model: entry.id, path } },
      );
    }
    if (checked.status === 'sha256-mismatch') {
      throw new GlossaError(
        'MODEL_INVALID',
        `The model file ${path} does not match its SHA-256 (damaged or replaced). Run \`glossa models pull ${entry.id}\` to download it again.`,
        { details: { field: 'id', model: entry.id, path, expected: file.sha256, actual: checked.sha256 } },
      );
    }
    files[file.name] = path;
  }
  return { id: entry.id, dir, path: files[entry.files[0].name], files, entry };
}

/** The state of one file after {@link verifyModel}. */
export interface VerifiedFile {
  /** File name. */
  name: string;
  /** Its path in the cache. */
  path: string;
  /** `ok`, or why not. */
  status: 'ok' | 'missing' | 'size-mismatch' | 'sha256-mismatch';
  /** Size found on disk, when present. */
  bytes?: number;
  /** SHA-256 computed, when the size was right. */
  sha256?: string;
}

/** What {@link verifyModel} reports. */
export interface ModelVerification {
  /** Model id. */
  id: string;
  /** True when every file is present with the right size and SHA-256. */
  ok: boolean;
  /** One entry per manifest file. */
  files: VerifiedFile[];
}

/**
 * Re-hashes every file of a downloaded model and compares size and SHA-256 with
 * the manifest. Never deletes anything; `glossa models pull` replaces a bad file.
 *
 * @param id - model id
 * @param options - cache folder, manifest and `signal`
 * @throws GlossaError `INVALID_INPUT` for an unknown id; `ABORTED`
 * @example
 * ```ts
 * const { ok, files } = await verifyModel('lama');
 * if (!ok) console.error(files.filter((f) => f.status !== 'ok'));
 * ```
 */
export async function verifyModel(
  id: string,
  options: ModelStoreOptions & { signal?: AbortSignal } = {},
): Promise<ModelVerification> {
  const { entry, dir } = modelLocation(id, options);
  const files: VerifiedFile[] = [];
  for (const file of entry.files) {
    throwIfAborted(options.signal);
    files.push(await verifyFile(join(dir, file.name), file, options.signal));
  }
  return { id: entry.id, ok: files.every((f) => f.status === 'ok'), files };
}

/** Checks one file against its manifest entry. @internal */
export async function verifyFile(path: string, file: ModelFile, signal?: AbortSignal): Promise<VerifiedFile> {
  const bytes = await fileSize(path);
  if (bytes === undefined) return { name: file.name, path, status: 'missing' };
  if (bytes !== file.bytes) return { name: file.name, path, status: 'size-mismatch', bytes };
  const sha256 = await sha256File(path, signal);
  if (sha256 === file.sha256) await writeRecord(path, sha256);
  else await removeRecord(path);
  return { name: file.name, path, status: sha256 === file.sha256 ? 'ok' : 'sha256-mismatch', bytes, sha256 };
}

/** {@link verifyFile}, without hashing a file whose size and mtime match its record. @internal */
export async function checkFile(path: string, file: ModelFile, signal?: AbortSignal): Promise<VerifiedFile> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return { name: file.name, path, status: 'missing' };
  }
  if (!info.isFile()) return { name: file.name, path, status: 'missing' };
  if (info.size !== file.bytes) return { name: file.name, path, status: 'size-mismatch', bytes: info.size };
  if (await matchesRecord(path, info, file.sha256)) return { name: file.name, path, status: 'ok', bytes: info.size, sha256: file.sha256 };
  return verifyFile(path, file, signal);
}

/** A model of the manifest and whether it is in the cache. */
export interface ModelStatus {
  /** The manifest entry. */
  entry: ModelEntry;
  /** The model's cache folder. */
  dir: string;
  /**
   * `present` when every file is there with its exact size and SHA-256;
   * `invalid` when a file is there but damaged (wrong size or bytes: pull it
   * again); `incomplete` when some files are missing; `missing` when none is there.
   */
  status: 'present' | 'missing' | 'incomplete' | 'invalid';
  /** Bytes the model takes (all files), from the manifest. */
  bytes: number;
}

/**
 * Every model of the manifest with its cache state. A file is hashed the first
 * time it is seen, then trusted while its size and mtime are unchanged.
 *
 * @param options - cache folder and manifest
 * @example
 * ```ts
 * for (const m of await listModels()) console.log(m.entry.id, m.status);
 * ```
 */
export async function listModels(options: ModelStoreOptions = {}): Promise<ModelStatus[]> {
  const manifest = options.manifest ?? bundledModelManifest();
  const root = resolveModelsDir(options.modelsDir);
  const out: ModelStatus[] = [];
  for (const entry of manifest.models) {
    const dir = join(root, entry.id);
    const checks = [];
    for (const file of entry.files) checks.push((await checkFile(join(dir, file.name), file)).status);
    const status = checks.every((c) => c === 'ok')
      ? 'present'
      : checks.some((c) => c === 'size-mismatch' || c === 'sha256-mismatch')
        ? 'invalid'
        : checks.every((c) => c === 'missing')
          ? 'missing'
          : 'incomplete';
    out.push({ entry, dir, status, bytes: totalBytes(entry) });
  }
  return out;
}

/** SHA-256 of a file, streamed. @internal */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  } catch (error) {
    throw toGlossaError(error, 'MODEL_INVALID', `Could not read ${path}`);
  }
  return hash.digest('hex');
}

/** Size of a regular file, or undefined when there is none. @internal */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/** @internal */
export function totalBytes(entry: ModelEntry): number {
  return entry.files.reduce((sum, f) => sum + f.bytes, 0);
}

/** `208 MB`-style sizes for messages. @internal */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
