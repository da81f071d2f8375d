import { startWorker, type WorkerOptions, type WorkerPageEvent } from '../worker/start-worker.js';

/** Options of {@link serveWorker}. */
export interface ServeWorkerOptions extends Omit<WorkerOptions, 'handleSignals' | 'onPage'> {
  /** Where to write one line per finished page and the start-up and shut-down lines; default stderr. */
  log?: (line: string) => void;
}

/**
 * Runs a worker until SIGTERM or SIGINT, then finishes the pages it holds and
 * resolves (the process can then exit normally): what `glossa worker` runs.
 *
 * @param options - as {@link startWorker}, plus where to log
 * @example
 * ```ts
 * await serveWorker({ connection: 'redis://redis:6379', concurrency: 2 });
 * process.exit(0);
 * ```
 */
export async function serveWorker(options: ServeWorkerOptions): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const describe = (e: WorkerPageEvent) => `${e.state} ${e.batchId} #${e.index} ${e.input}${e.code ? ` ${e.code}` : ''}${e.ms !== undefined ? ` (${e.ms} ms)` : ''}`;
  const worker = await startWorker({ ...options, handleSignals: false, onPage: (e) => e.state !== 'start' && log(describe(e)) });
  log(`worker ${worker.id} ready on queue ${options.name ?? 'glossa'}; SIGTERM or Ctrl-C finishes the pages held, then stops`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(name);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  log(`${signal}: finishing the pages held, taking no new ones`);
  await worker.close();
  log(`worker ${worker.id} stopped`);
}
