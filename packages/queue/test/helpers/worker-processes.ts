// Forks queue workers as separate processes and keeps what they report.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerPageEvent } from '@glossa/queue';

export type WorkerMessage = { type: 'ready'; id: string } | { type: 'closing'; at: number } | ({ type: 'page'; worker: string } & WorkerPageEvent);

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  /** Every message, in the order the worker sent them. */
  messages: WorkerMessage[];
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves on the first message that matches. */
  waitFor(match: (m: WorkerMessage) => boolean, timeoutMs?: number): Promise<WorkerMessage>;
}

const script = fileURLToPath(new URL('./worker-process.mjs', import.meta.url));

export function forkWorker(redisUrl: string, id: string, concurrency = 1, lockMs = 5000): WorkerProcess {
  const child = fork(script, [], {
    env: { ...process.env, GLOSSA_TEST_REDIS: redisUrl, GLOSSA_TEST_WORKER_ID: id, GLOSSA_TEST_CONCURRENCY: String(concurrency), GLOSSA_TEST_LOCK_MS: String(lockMs) },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: WorkerMessage[] = [];
  const waiters: { match: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];
  child.on('message', (m: WorkerMessage) => {
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (match: (m: WorkerMessage) => boolean, timeoutMs = 60_000) => {
    const seen = messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${id}: no matching message in ${timeoutMs} ms`)), timeoutMs);
      waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
      void exited.then(({ code, signal }) => reject(new Error(`worker ${id} exited (${code ?? signal}) before the message came`)));
    });
  };
  const ready = Promise.race([
    waitFor((m) => m.type === 'ready').then(() => undefined),
    exited.then(({ code, signal }) => Promise.reject(new Error(`worker ${id} exited (${code ?? signal}) before it was ready`))),
  ]);
  return { id, child, messages, ready, exited, waitFor };
}
