import { GlossaError } from '@glossa/core';
import type { GlossaEngine } from '../translate/engine.js';
import type { NodeDevice } from '../ort/session-factory.js';
import type { NodeInpainterKind } from '../inpaint/create-inpainter.js';

/** What the CLI uses of @glossa/queue. @internal */
export interface QueuePeer {
  createQueueEngine(options: { connection: string }): Pick<GlossaEngine, 'translateImages' | 'dispose'>;
  serveWorker(options: {
    connection: string;
    concurrency?: number;
    glossaOptions?: { device?: NodeDevice; inpainter?: NodeInpainterKind; limits?: { maxPixels?: number; maxBytes?: number } };
  }): Promise<void>;
}

/**
 * Loads @glossa/queue for `--redis` and `glossa worker`. An optional peer,
 * resolved at run time only: @glossa/queue depends on @glossa/node, so
 * @glossa/node cannot depend on it.
 * @internal
 */
export async function loadQueuePeer(): Promise<QueuePeer> {
  try {
    const specifier = '@glossa/queue';
    return (await import(specifier)) as QueuePeer;
  } catch (cause) {
    throw new GlossaError('UNSUPPORTED', 'Queue mode (--redis, glossa worker) needs the @glossa/queue package: npm install @glossa/queue', { cause });
  }
}
