import { KEY_PREFIX } from '../connection.js';

/**
 * The Redis keys of one batch, beside BullMQ's own keys (`glossa:<queue>:<jobId>`):
 * `meta` (a hash: page count, options, counts, which pages have a recorded
 * outcome) and `events` (a stream of outcomes, replayed by every reader).
 * @internal
 */
export interface BatchKeys {
  meta: string;
  events: string;
}

/** @internal */
export function batchKeys(queueName: string, batchId: string): BatchKeys {
  const base = `${KEY_PREFIX}:${queueName}:glossa-batch:${batchId}`;
  return { meta: `${base}:meta`, events: `${base}:events` };
}

/** The BullMQ job id of a batch's parent job. @internal */
export function batchJobId(batchId: string): string {
  return `batch-${batchId}`;
}

/** The BullMQ job id of a page: stable, so a retried page records under the same id. @internal */
export function pageJobId(batchId: string, index: number): string {
  return `${batchId}-${index}`;
}

/** Blob keys of a page's input and outputs. @internal */
export const blobKeys = {
  input: (queueName: string, batchId: string, index: number) => `${KEY_PREFIX}:${queueName}:blob:${batchId}:${index}:input`,
  output: (queueName: string, batchId: string, index: number, what: string) => `${KEY_PREFIX}:${queueName}:blob:${batchId}:${index}:${what}`,
};
