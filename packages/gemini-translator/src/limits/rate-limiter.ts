import { abortedError, raceAbort, sleep } from './abortable.js';

/**
 * A sliding-window limit on request starts: at most `limit` starts in any
 * window of `windowMs` (a minute in production). Waiting callers are served in
 * arrival order; each wait is abortable.
 * @internal
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when one more request may start, and records that start. */
  take(signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.limit)) return Promise.resolve();
    // Chain the callers so they take slots in order; a failed (aborted) wait
    // must not break the chain for the others.
    const turn = this.tail.then(() => {
      if (signal?.aborted) throw abortedError(signal);
      return this.waitForSlot(signal);
    });
    this.tail = turn.catch(() => undefined);
    return raceAbort(turn, signal);
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0] <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      await sleep(this.starts[0] + this.windowMs - now, signal);
    }
  }
}
