import type { OutputFormat, TranslateOutcome } from '@glossa/node';
import type { BlobStore } from '../blob/blob-store.js';
import { blobKeys } from '../batch/keys.js';
import type { RecordedOutcome } from '../batch/outcomes.js';

/**
 * Puts a translated page's bytes in the blob store, kept for the result
 * retention, and returns their keys as the outcome records them: the formats
 * in the order they were asked (the first is `image`), then mask and background.
 * @internal
 */
export async function storeOutputs(
  blobs: BlobStore,
  where: { name: string; batchId: string; index: number; retention: number },
  outcome: Extract<TranslateOutcome, { ok: true }>,
): Promise<Pick<Extract<RecordedOutcome, { ok: true }>, 'outputs' | 'mask' | 'background'>> {
  const keyOf = (what: string) => blobKeys.output(where.name, where.batchId, where.index, what);
  const outputs: [OutputFormat, string][] = [];
  for (const [format, bytes] of Object.entries(outcome.outputs) as [OutputFormat, Buffer][]) {
    await blobs.put(keyOf(format), bytes, where.retention);
    outputs.push([format, keyOf(format)]);
  }
  const extra: { mask?: string; background?: string } = {};
  for (const what of ['mask', 'background'] as const) {
    const bytes = outcome[what];
    if (!bytes) continue;
    await blobs.put(keyOf(what), bytes, where.retention);
    extra[what] = keyOf(what);
  }
  return { outputs, ...extra };
}
