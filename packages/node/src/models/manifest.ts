import { GlossaError } from '@glossa/core';
import { z } from 'zod';
import { BUNDLED_MANIFEST_JSON } from './bundled-manifest.js';

// The manifest's shape, checked with zod so a hand-edited or user-supplied
// manifest fails early with the path of the bad field. `models/manifest.schema.json`
// says the same thing as JSON Schema for editors; a test keeps them in step.

/** What a model is used for. */
export const MODEL_TASKS = ['inpaint', 'ocr-det', 'ocr-rec', 'ocr-cls'] as const;

/** One of {@link MODEL_TASKS}. */
export type ModelTask = (typeof MODEL_TASKS)[number];

const tensorSpecSchema = z
  .object({
    name: z.string().optional(),
    shape: z.array(z.union([z.int(), z.string()])),
    type: z.enum(['float32', 'float16', 'int64', 'uint8']),
    range: z.tuple([z.number(), z.number()]).optional(),
    layout: z.string().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name without path separators'),
    url: z.string().regex(/^https?:\/\//, 'an http(s) URL'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
    bytes: z.int().positive(),
  })
  .strict();

const modelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore'),
    task: z.enum(MODEL_TASKS),
    description: z.string().min(1),
    licence: z.string().min(1),
    homepage: z.string().optional(),
    files: z.array(fileSchema).min(1),
    input: z
      .object({
        format: z.literal('onnx'),
        size: z.tuple([z.int().positive(), z.int().positive()]).optional(),
        dynamicSize: z.boolean().optional(),
        inputs: z.array(tensorSpecSchema),
        outputs: z.array(tensorSpecSchema),
      })
      .strict(),
  })
  .strict();

const manifestSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    models: z.array(modelSchema),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.models.forEach((model, i) => {
      if (seen.has(model.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate model id '${model.id}'` });
      seen.add(model.id);
    });
  });

/** One tensor of a model's signature, as the manifest documents it. */
export interface ModelTensorSpec {
  /** Input or output name in the ONNX graph, when known. */
  name?: string;
  /** Dimensions; strings are symbolic (`batch`, `H`). */
  shape: Array<number | string>;
  /** Element type. */
  type: 'float32' | 'float16' | 'int64' | 'uint8';
  /** Value range, e.g. `[0, 1]` or `[0, 255]`. */
  range?: [number, number];
  /** Free-text layout note (`NCHW, RGB`). */
  layout?: string;
}

/** One downloadable file of a model. */
export interface ModelFile {
  /** File name inside the model's cache folder. */
  name: string;
  /** Where it is downloaded from. */
  url: string;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
  /** Exact size in bytes. */
  bytes: number;
}

/** What a model expects and returns. */
export interface ModelInputSpec {
  /** Always `onnx` for now. */
  format: 'onnx';
  /** `[width, height]` of the model's fixed input, when fixed. */
  size?: [number, number];
  /** True when height and width are symbolic. */
  dynamicSize?: boolean;
  /** Input tensors, in graph order. */
  inputs: ModelTensorSpec[];
  /** Output tensors, in graph order. */
  outputs: ModelTensorSpec[];
}

/** One model of the manifest. */
export interface ModelEntry {
  /** Stable id: cache folder name and the argument of `glossa models pull`. */
  id: string;
  /** What the model is for. */
  task: ModelTask;
  /** One or two sentences for `glossa models list`. */
  description: string;
  /** SPDX licence of the weights. */
  licence: string;
  /** Where the model is published. */
  homepage?: string;
  /** The files to download; the first is the model itself. */
  files: ModelFile[];
  /** The model's signature. */
  input: ModelInputSpec;
}

/** The whole manifest: `models/manifest.json`. */
export interface ModelManifest {
  /** Path of the JSON Schema, for editors. */
  $schema?: string;
  /** Format version, 1. */
  version: 1;
  /** Every model, ids unique. */
  models: ModelEntry[];
}

// Compile-time check that the documented interfaces and the zod schema agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const manifestTypesAgree: Same<z.infer<typeof manifestSchema>, ModelManifest> = true;
void manifestTypesAgree;

/**
 * Validates a manifest (parsed JSON), throwing `INVALID_INPUT` with the path of
 * the first bad field.
 *
 * @param value - parsed JSON
 * @param source - where it came from, for the message
 * @returns the manifest, typed
 * @throws GlossaError `INVALID_INPUT` when the manifest is malformed
 * @example
 * ```ts
 * const manifest = parseModelManifest(JSON.parse(await readFile('my-manifest.json', 'utf8')), 'my-manifest.json');
 * await pullModel('lama', { manifest });
 * ```
 */
export function parseModelManifest(value: unknown, source = 'model manifest'): ModelManifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.');
    throw new GlossaError('INVALID_INPUT', `Invalid ${source}: ${field ? `${field}: ` : ''}${issue.message}`, {
      details: { field: field || 'manifest' },
    });
  }
  return result.data;
}

let bundled: ModelManifest | undefined;

/**
 * The manifest shipped with `@glossa/node` (a copy of `models/manifest.json`).
 *
 * @example
 * ```ts
 * for (const m of bundledModelManifest().models) console.log(m.id, m.files[0].bytes);
 * ```
 */
export function bundledModelManifest(): ModelManifest {
  bundled ??= parseModelManifest(BUNDLED_MANIFEST_JSON, 'bundled model manifest');
  return bundled;
}

/**
 * Looks a model up by id.
 *
 * @param id - model id, e.g. `lama`
 * @param manifest - defaults to the bundled manifest
 * @throws GlossaError `INVALID_INPUT` naming the known ids when `id` is unknown
 * @example
 * ```ts
 * const lama = getModelEntry('lama');
 * console.log(lama.files[0].url);
 * ```
 */
export function getModelEntry(id: string, manifest: ModelManifest = bundledModelManifest()): ModelEntry {
  const entry = typeof id === 'string' ? manifest.models.find((m) => m.id === id) : undefined;
  if (!entry) {
    const known = manifest.models.map((m) => m.id).join(', ');
    throw new GlossaError('INVALID_INPUT', `Unknown model '${String(id)}'; known models: ${known || '(none)'}`, {
      details: { field: 'id' },
    });
  }
  return entry;
}
