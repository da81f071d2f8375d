import { assertOneOf, GlossaError, invalidParameter, splitTranslationScript, type TranslationScript } from '@glossa/core';
import { OUTPUT_FORMATS, findSidecar, readTranslationScript, type TranslateOptions } from '@glossa/node';

/**
 * The options of a queued batch: `translateImages`' per-page options, which
 * travel to a worker on another machine as JSON (`signal` and `onProgress`
 * stay in-process; see {@link TranslationQueue.results}). A translator is a
 * translation script (an object, or the path of its JSON file, read at
 * `submit`), `'gemini'` (the workers need the package and the key) or
 * `'none'`. A translator plugin (an object with `translate()`) cannot travel:
 * give it to the workers instead, with `startWorker({ translator })`.
 */
export interface QueueTranslateOptions extends Omit<TranslateOptions, 'translator' | 'signal' | 'onProgress'> {
  /**
   * `'gemini'`, `'none'`, a translation script (source text → translation, or `{ translation, role }`) or
   * its JSON file's path. Default: the sidecar script beside each path input
   * (`<stem>.<to>.json`), else the worker's own translator, else Gemini when
   * the worker has the package and a key.
   */
  translator?: 'gemini' | 'none' | TranslationScript | string;
}

/** The options as stored with a batch (scripts already read). @internal */
export interface StoredOptions extends Omit<QueueTranslateOptions, 'translator'> {
  translator?: 'gemini' | 'none' | TranslationScript;
}

const IN_PROCESS_ONLY: Record<string, string> = {
  signal: 'pass it to results() instead',
  onProgress: 'read job progress from the workers instead',
  order: 'results() yields in completion order',
  maxInFlight: 'size the workers with startWorker({ concurrency })',
  concurrency: 'size the workers with startWorker({ concurrency })',
  cpuSlots: 'size the workers with startWorker({ concurrency })',
  batching: 'each page is translated on its own worker',
};

/**
 * Checks the options of `submit` and turns them into JSON a worker can use:
 * script paths are read here, on the submitting machine.
 * @internal
 */
export async function toStoredOptions(options: QueueTranslateOptions): Promise<StoredOptions> {
  if (typeof options !== 'object' || options === null) {
    throw invalidParameter('options', "an options object such as { to: 'en' }", options);
  }
  for (const key of Object.keys(options)) {
    if ((options as unknown as Record<string, unknown>)[key] === undefined) continue;
    if (key in IN_PROCESS_ONLY) {
      throw new GlossaError('INVALID_INPUT', `The option ${key} works in-process only and cannot be queued: ${IN_PROCESS_ONLY[key]}`, { details: { field: key } });
    }
    if (key !== 'translator' && typeof (options as unknown as Record<string, unknown>)[key] === 'function') {
      throw new GlossaError('INVALID_INPUT', `The option ${key} is a function, which cannot travel to queue workers`, { details: { field: key } });
    }
  }
  if (typeof options.to !== 'string' || !options.to.trim()) {
    throw invalidParameter('to', "a target language such as 'ko'", options.to);
  }
  const formats = options.format === undefined ? [] : typeof options.format === 'string' ? [options.format] : options.format;
  for (const f of formats) assertOneOf('format', f, OUTPUT_FORMATS);
  const { translator, ...rest } = options;
  const stored: StoredOptions = JSON.parse(JSON.stringify(rest)) as StoredOptions;
  if (translator === undefined || translator === 'gemini' || translator === 'none') return { ...stored, translator };
  if (typeof translator === 'string') return { ...stored, translator: await readTranslationScript(translator) };
  if (typeof translator === 'object' && translator !== null && typeof (translator as { translate?: unknown }).translate === 'function') {
    throw new GlossaError(
      'INVALID_INPUT',
      'A translator plugin cannot be sent to queue workers: pass a translation script, a script path, "gemini" or "none", or give the plugin to the workers with startWorker({ translator })',
      { details: { field: 'translator' } },
    );
  }
  // Checked here, so that a bad script fails the submit rather than every page on the workers.
  splitTranslationScript(translator, 'translator');
  return { ...stored, translator: JSON.parse(JSON.stringify(translator)) as TranslationScript };
}

/**
 * The sidecar translation script of a path input (`<stem>.<to>.json` beside
 * it), read on the submitting machine because the worker only sees the bytes.
 * @internal
 */
export async function readSidecar(path: string, to: string): Promise<TranslationScript | undefined> {
  const sidecar = await findSidecar(path, to);
  return sidecar ? readTranslationScript(sidecar) : undefined;
}
