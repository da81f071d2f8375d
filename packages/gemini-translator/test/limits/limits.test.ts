import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, parseRetryInfo } from '../../src/limits/backoff.js';
import { RateLimiter } from '../../src/limits/rate-limiter.js';
import { Semaphore } from '../../src/limits/semaphore.js';
import { sleep } from '../../src/limits/abortable.js';

describe('backoff', () => {
  it('grows exponentially, is capped, and keeps half the delay fixed', () => {
    expect(backoffDelay(0, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 1000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 1000, () => 0.5)).toBe(600);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
  });

  it('parses Retry-After as seconds or an HTTP date, and RetryInfo bodies', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryInfo('{"error":{"details":[{"retryDelay": "37s"}]}}')).toBe(37_000);
    expect(parseRetryInfo('{"error":{}}')).toBeUndefined();
  });
});

describe('Semaphore', () => {
  it('hands slots out in order and drops aborted waiters', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const a = s.acquire(controller.signal).then(() => order.push('a'), (e: { code: string }) => order.push(e.code));
    const b = s.acquire().then((r) => { order.push('b'); r(); });
    controller.abort();
    await a;
    release();
    release(); // idempotent
    await b;
    expect(order).toEqual(['ABORTED', 'b']);
    // Both slots are back: a new caller gets one at once.
    (await s.acquire())();
  });
});

describe('RateLimiter', () => {
  it('spaces starts by the window with a fake clock', async () => {
    let now = 0;
    const limiter = new RateLimiter(2, 100, () => now);
    await limiter.take();
    await limiter.take();
    let third = false;
    const pending = limiter.take().then(() => (third = true));
    await sleep(20);
    expect(third).toBe(false);
    now = 100;
    await pending; // the limiter re-checks the clock after its own short sleep
    expect(third).toBe(true);
  });

  it('rejects an aborted waiter promptly and keeps serving the others', async () => {
    // One start per second: the aborted waiter must not take the next slot, so `next` gets it
    // within one window, never after two (the slack absorbs a loaded machine).
    const limiter = new RateLimiter(1, 1000);
    await limiter.take();
    const controller = new AbortController();
    const aborted = limiter.take(controller.signal);
    const next = limiter.take();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    const t = performance.now();
    await next;
    expect(performance.now() - t).toBeLessThan(1900);
  });
});
