import type { Redis } from 'ioredis';
import { GlossaError, parsePage, type GlossaErrorCode, type Page, type PipelineStage, type StageTimings } from '@glossa/core';
import type { OutputFormat, TranslateOutcome } from '@glossa/node';
import type { BlobStore } from '../blob/blob-store.js';
import type { BatchKeys } from './keys.js';

/**
 * What `results()` yields per page: the shape `translateImages` yields, where
 * `input` is the path given to `submit` (or `#<index>` for bytes), plus the id
 * of the worker that ran the page.
 */
export type QueueOutcome = (
  | Omit<Extract<TranslateOutcome, { ok: true }>, 'input'>
  | Omit<Extract<TranslateOutcome, { ok: false }>, 'input'>
) & {
  /** The path given to `submit`, or `#<index>` when bytes were given. */
  input: string;
  /** Id of the worker that ran the page (`client` for pages cancelled before any worker took them). */
  worker: string;
};

/** An outcome as recorded in the batch's stream: bytes stay in the blob store. @internal */
export type RecordedOutcome =
  | {
      ok: true;
      index: number;
      input: string;
      worker: string;
      /** Blob keys per format, in the requested order (the first is `image`). */
      outputs: [OutputFormat, string][];
      mask?: string;
      background?: string;
      page: Page;
      timings: StageTimings;
      warnings: string[];
    }
  | {
      ok: false;
      index: number;
      input: string;
      worker: string;
      error: { code: GlossaErrorCode; message: string; details?: Record<string, unknown> };
      stage: PipelineStage;
    };

// One script, so that "first outcome of this page?" and "append it" cannot be
// split by a crash: a retried or stalled page that finishes twice records once.
const RECORD_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'o', ARGV[2])
redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
return 1`;

/** The meta hash field that marks a page as recorded. @internal */
export const pageField = (index: number) => `p:${index}`;

/**
 * Appends a page's outcome to its batch once: later calls for the same page
 * are no-ops. Returns whether this call recorded it.
 * @internal
 */
export async function recordOutcome(redis: Redis, keys: BatchKeys, outcome: RecordedOutcome): Promise<boolean> {
  const kind = outcome.ok ? 'ok' : 'failed';
  const reply = (await redis.eval(RECORD_SCRIPT, 2, keys.meta, keys.events, pageField(outcome.index), JSON.stringify(outcome), kind)) as number;
  return reply === 1;
}

/** Turns a recorded outcome back into what `translateImages` yields, fetching the bytes. @internal */
export async function readOutcome(recorded: RecordedOutcome, blobs: BlobStore): Promise<QueueOutcome> {
  if (!recorded.ok) {
    const { code, message, details } = recorded.error;
    return { ok: false, index: recorded.index, input: recorded.input, worker: recorded.worker, stage: recorded.stage, error: new GlossaError(code, message, { details }) };
  }
  const fetch = async (key: string): Promise<Buffer> => {
    const bytes = await blobs.get(key);
    if (!bytes) {
      throw new GlossaError('INVALID_INPUT', `The output of page ${recorded.index} (${key}) is gone: results are kept for the retention set at submit; fetch them sooner or raise it`, {
        details: { field: 'retention' },
      });
    }
    return bytes;
  };
  const outputs: Partial<Record<OutputFormat, Buffer>> = {};
  for (const [format, key] of recorded.outputs) outputs[format] = await fetch(key);
  return {
    ok: true,
    index: recorded.index,
    input: recorded.input,
    worker: recorded.worker,
    image: outputs[recorded.outputs[0][0]] as Buffer,
    outputs,
    page: parsePage(recorded.page),
    ...(recorded.mask ? { mask: await fetch(recorded.mask) } : {}),
    ...(recorded.background ? { background: await fetch(recorded.background) } : {}),
    timings: recorded.timings,
    warnings: recorded.warnings,
  };
}
