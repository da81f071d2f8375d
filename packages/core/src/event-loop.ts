// Long CPU loops (inpainting region after region, typesetting block after
// block, drawing block after block) run on the JavaScript thread. While one
// runs, no timer and no I/O callback can: an abort from a timeout or from a
// closed connection is not even delivered, however often the loop checks the
// signal, and a server cannot answer its health check. Such loops call a
// `turn` between units of work: every few milliseconds it lets the event
// loop run, then checks the signal.
import { throwIfAborted } from './errors.js';

/** Gives the event loop one turn (timers, I/O), cheaply where the runtime allows. */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Returns `turn(signal)`, for a long loop to await between units of work:
 * once `budgetMs` of work has passed since the last turn it yields to the
 * event loop, then it throws `ABORTED` when `signal` has fired.
 *
 * @param budgetMs - work between two turns, in milliseconds; default 10
 * @example
 * ```ts
 * const turn = eventLoopTurns();
 * for (const region of regions) { await turn(signal); fill(region); }
 * ```
 * @internal
 */
export function eventLoopTurns(budgetMs = 10): (signal?: AbortSignal) => Promise<void> {
  let since = Date.now();
  return async (signal) => {
    throwIfAborted(signal);
    if (Date.now() - since < budgetMs) return;
    await nextTurn();
    since = Date.now();
    throwIfAborted(signal);
  };
}
