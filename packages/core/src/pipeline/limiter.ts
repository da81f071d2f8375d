import { abortedError } from '../errors.js';

/**
 * A counting semaphore whose waits can be cancelled. Each pipeline stage has
 * one, so a stage never runs more than `limit` tasks at once.
 * @internal
 */
export class Limiter {
  private active = 0;
  // Kept sorted by priority: the earliest page goes first, so the first results
  // come out early instead of every page advancing in lockstep.
  private readonly waiters: Array<{ priority: number; grant: () => void }> = [];

  constructor(readonly limit: number) {}

  /**
   * Runs `task` when a slot is free; lower `priority` (the page index) is served
   * first. A queued task whose signal aborts is dropped without running.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal, priority = 0): Promise<T> {
    await this.acquire(signal, priority);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined, priority: number): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortedError(signal));
      };
      const waiter = {
        priority,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let at = this.waiters.length;
      while (at > 0 && this.waiters[at - 1].priority > priority) at--;
      this.waiters.splice(at, 0, waiter);
    });
  }

  private release(): void {
    this.active--;
    this.waiters.shift()?.grant();
  }
}


/**
 * Resolves after `ms`, or rejects with `ABORTED` as soon as `signal` aborts.
 * @internal
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal that aborts when any of `signals` does (AbortSignal.any where the
 * runtime has it).
 * @internal
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length <= 1) return list[0];
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(list);
  const controller = new AbortController();
  for (const s of list) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
