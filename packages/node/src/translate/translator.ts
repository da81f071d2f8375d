import { access, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GlossaError,
  createTranslationMapTranslator,
  splitTranslationScript,
  type ScriptRole,
  type TranslationMap,
  type TranslationMapOptions,
  type TranslationMapTranslator,
  type TranslationScript,
  type Translator,
  assertLanguageTag,
} from '@glossa/core';

/**
 * Where translations come from: a `Translator` plugin; `'gemini'`
 * (`@glossa/gemini-translator` with `GEMINI_API_KEY`/`GOOGLE_API_KEY`); `'none'`
 * (erase every detected text, translate nothing); a translation script as an
 * object (source text → translation, or → `{ translation, role }`: see
 * `TranslationScriptEntry`) or as the path of a JSON file.
 */
export type TranslatorChoice = Translator | 'gemini' | 'none' | TranslationMap | TranslationScript | string;

/** How the translator was resolved for a run. @internal */
export interface ResolvedTranslator {
  /** The plugin, or undefined for erase-only. */
  translator: Translator | undefined;
  /** Set when sidecar scripts (`<image>.<lang>.json`) should be read as inputs arrive. */
  sidecars: TranslationMapTranslator | undefined;
  /** What the run uses, for logs: `gemini`, `script`, `none`, or a plugin id. */
  label: string;
  /** Roles the scripts give texts (source text → `copy`/`product`); sidecars read later add to it. */
  roles: Record<string, ScriptRole>;
  /** Adds a sidecar script: its translations to `sidecars`, its roles to `roles`. */
  addSidecar(script: TranslationScript): void;
  /** Says what to do about untranslated blocks, when there is something to do. */
  hint?: string;
}

/**
 * Resolves the `translator` option. Without one, Glossa reads only the sidecar
 * scripts beside path inputs; it never calls a network service unless asked
 * (`'gemini'` or a plugin), even when a Gemini key is set.
 * @internal
 */
export async function resolveTranslator(choice: TranslatorChoice | undefined, scripts: TranslationMapOptions = {}): Promise<ResolvedTranslator> {
  const roles: Record<string, ScriptRole> = {};
  const fromScript = (script: TranslationScript, field: string): TranslationMapTranslator => {
    const split = splitTranslationScript(script, field);
    Object.assign(roles, split.roles);
    return createTranslationMapTranslator(split.translations, scripts);
  };
  const resolved = (translator: Translator | undefined, label: string, sidecars?: TranslationMapTranslator, hint?: string): ResolvedTranslator => ({
    translator,
    sidecars,
    label,
    hint,
    roles,
    addSidecar(script) {
      const split = splitTranslationScript(script, 'translations');
      Object.assign(roles, split.roles);
      sidecars?.add(split.translations);
    },
  });
  if (choice === 'none') return resolved(undefined, 'none');
  if (choice === 'gemini') return resolved(await loadGemini(), 'gemini');
  if (typeof choice === 'string') return resolved(fromScript(await readTranslationScript(choice), 'translations'), 'script');
  if (isTranslator(choice)) return resolved(choice, choice.id);
  if (choice !== undefined) return resolved(fromScript(choice, 'translator'), 'script');
  // No translator asked for: only the sidecar scripts. A Gemini key in the
  // environment is not consent to send the images' text over the network.
  const sidecars = createTranslationMapTranslator({}, scripts);
  return resolved(sidecars, 'script', sidecars, OPT_IN_HINT);
}

const OPT_IN_HINT =
  "no translation script covers them; to translate them with Gemini pass translator: 'gemini' (CLI: --translator gemini) with GEMINI_API_KEY set";

/**
 * Reads a translation script: a JSON object mapping source text to its
 * translation, or to `{ "translation": "...", "role": "copy" | "product" }`
 * to also say whether the text is ad copy or printed on the product.
 *
 * @param path - the JSON file
 * @throws GlossaError `INVALID_INPUT` when the file is missing or not such an object (naming the bad entry)
 * @example
 * ```ts
 * const map = await readTranslationScript('poster.ko.json');
 * ```
 */
export async function readTranslationScript(path: string): Promise<TranslationScript> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new GlossaError('INVALID_INPUT', `Cannot read the translation script ${path}: ${(cause as Error).message}`, {
      cause,
      details: { field: 'translations' },
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new GlossaError('INVALID_INPUT', `The translation script ${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
      details: { field: 'translations' },
    });
  }
  try {
    splitTranslationScript(value, 'translations');
  } catch (cause) {
    throw new GlossaError('INVALID_INPUT', `The translation script ${path} must be a JSON object of source text to translation strings (or { translation, role } objects): ${(cause as Error).message}`, {
      cause,
      details: { field: 'translations' },
    });
  }
  return value as TranslationScript;
}

/**
 * The sidecar script of an image for `lang`, if one exists: `<stem>.<lang>.json`
 * or `<file>.<lang>.json` beside it.
 * @internal
 */
export async function findSidecar(input: unknown, lang: string): Promise<string | undefined> {
  // The tag becomes part of a file name: `x/../../outside/leak` must never reach the file system.
  assertLanguageTag('to', lang);
  const path = typeof input === 'string' ? (input.startsWith('file:') ? fileURLToPath(input) : input) : input instanceof URL ? fileURLToPath(input) : undefined;
  if (!path) return undefined;
  const stem = basename(path, extname(path));
  for (const candidate of [join(dirname(path), `${stem}.${lang}.json`), `${path}.${lang}.json`]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

function isTranslator(value: unknown): value is Translator {
  return typeof value === 'object' && value !== null && typeof (value as Translator).translate === 'function' && typeof (value as Translator).id === 'string';
}

async function loadGemini(): Promise<Translator> {
  let mod: { createGeminiTranslator: (options?: object) => Translator };
  try {
    // An optional peer: resolved at run time only, so @glossa/node neither
    // bundles it nor needs it to build.
    const specifier = '@glossa/gemini-translator';
    mod = (await import(specifier)) as typeof mod;
  } catch (cause) {
    throw new GlossaError('UNSUPPORTED', 'The Gemini translator needs the @glossa/gemini-translator package: npm install @glossa/gemini-translator', { cause });
  }
  // A missing key is reported by the plugin itself, naming the variables.
  return mod.createGeminiTranslator();
}
