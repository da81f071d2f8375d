// `glossa worker --redis redis://host:6379`: translate pages from the queue
// until SIGTERM or Ctrl-C (the logic lives in @glossa/queue's serveWorker).
import { Command, Option } from 'commander';
import { DEFAULT_DECODE_LIMITS } from '../../io/image-io.js';
import { NODE_INPAINTERS, type NodeInpainterKind } from '../../inpaint/create-inpainter.js';
import { NODE_DEVICES, type NodeDevice } from '../../ort/session-factory.js';
import { parsePositiveInteger } from '../args.js';
import { EXIT, setExitCode } from '../exit-codes.js';
import { loadQueuePeer } from '../queue-peer.js';

interface WorkerCliOptions {
  redis: string;
  concurrency: number;
  device: NodeDevice;
  inpainter: NodeInpainterKind;
  maxPixels: number;
  maxBytes: number;
}

/** The `worker` subcommand. @internal */
export function workerCommand(): Command {
  return new Command('worker')
    .description('Translate pages from the @glossa/queue queue on Redis, submitted by `glossa translate --redis` or createTranslationQueue')
    .requiredOption('--redis <url>', 'the Redis every client and worker shares: redis://host:6379')
    .option('--concurrency <n>', 'pages translated at once by this process', parsePositiveInteger, 1)
    .addOption(new Option('--device <device>', 'where the models run').choices(NODE_DEVICES).default('auto'))
    .addOption(new Option('--inpainter <kind>', 'text erasure: LaMa when its model is pulled, else classical').choices(NODE_INPAINTERS).default('auto'))
    .option('--max-pixels <n>', 'refuse images with more pixels than this', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxPixels)
    .option('--max-bytes <n>', 'refuse files larger than this many bytes', parsePositiveInteger, DEFAULT_DECODE_LIMITS.maxBytes)
    .addHelpText(
      'after',
      `
Runs until SIGTERM or Ctrl-C, then finishes the pages it holds and exits 0.
Needs the @glossa/queue package. Run one per machine (or per GPU); see docs/scale-out.md.

Example:
  glossa worker --redis redis://redis:6379 --device cuda`,
    )
    .action(async function (this: Command, options: WorkerCliOptions) {
      const queue = await loadQueuePeer();
      await queue.serveWorker({
        connection: options.redis,
        concurrency: options.concurrency,
        glossaOptions: { device: options.device, inpainter: options.inpainter, limits: { maxPixels: options.maxPixels, maxBytes: options.maxBytes } },
      });
      setExitCode(this, EXIT.OK);
    });
}
