import type { TranslationScript } from '@glossa/core';

/** Data of a page job. @internal */
export interface PageJobData {
  batchId: string;
  index: number;
  /** The path given to submit, or `#<index>` for bytes. */
  input: string;
  /** Blob key of the input bytes. */
  inputKey: string;
  /** The sidecar script found beside a path input, when the batch has no translator. */
  script?: TranslationScript;
}

/** Data of a batch's parent job. @internal */
export interface BatchJobData {
  batchId: string;
  total: number;
}

/** BullMQ job names. @internal */
export const JOB_NAMES = { page: 'page', batch: 'batch' } as const;
