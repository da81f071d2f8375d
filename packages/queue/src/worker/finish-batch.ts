import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BlobStore } from '../blob/blob-store.js';
import type { BatchJobData, PageJobData } from '../batch/jobs.js';
import { batchKeys, blobKeys, pageJobId } from '../batch/keys.js';
import { pageField, recordOutcome } from '../batch/outcomes.js';

/** What finishing a batch needs from its worker. @internal */
export interface BatchContext {
  redis: Redis;
  bullQueue: Queue;
  blobs: BlobStore;
  /** The queue name. */
  name: string;
  workerId: string;
}

/**
 * Runs as the batch's parent job, once every page is done: records an outcome
 * for pages that failed without one (a page that lost its worker too often is
 * failed by BullMQ, never reaching the page processor), deletes the inputs and
 * lets the batch's keys expire after the result retention.
 * @internal
 */
export async function finishBatch({ redis, bullQueue, blobs, name, workerId }: BatchContext, { batchId, total }: BatchJobData): Promise<string> {
  const keys = batchKeys(name, batchId);
  const recorded = await redis.hmget(keys.meta, ...Array.from({ length: total }, (_, i) => pageField(i)));
  for (let index = 0; index < total; index++) {
    if (recorded[index] !== null) continue;
    const page = await bullQueue.getJob(pageJobId(batchId, index));
    await recordOutcome(redis, keys, {
      ok: false,
      index,
      input: (page?.data as PageJobData | undefined)?.input ?? `#${index}`,
      worker: workerId,
      stage: 'decode',
      error: { code: 'INTERNAL', message: `Page ${index} failed: ${page?.failedReason ?? 'its job was lost'}` },
    });
  }
  await blobs.delete(Array.from({ length: total }, (_, i) => blobKeys.input(name, batchId, i)));
  const retention = Number(await redis.hget(keys.meta, 'retention')) || 86_400;
  await redis.multi().expire(keys.meta, retention).expire(keys.events, retention).exec();
  return 'finished';
}
