/** Wall-clock time, injectable so pacing is testable without waiting. */
export interface WallClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: performance.now and setTimeout. */
export const realClock: WallClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

/** Hands out permission to send records at a rate; see tokenBucket. */
export interface Pacer {
  /** Waits until at least one record may go, then grants 1..max of them (0 only when aborted). */
  take(max: number, signal?: AbortSignal): Promise<number>;
}

/** No limit: grants `max` at once. */
export const unpaced: Pacer = { take: async (max, signal) => (signal?.aborted ? 0 : max) };

/**
 * A token bucket on the wall clock: `rate` tokens per second, holding at most one second's worth
 * (at least 1), starting with one token so the first record goes at once. After a stall (a slow
 * broker) it catches up by at most one second's worth, rather than bursting everything it missed.
 */
export function tokenBucket(rate: number, clock: WallClock = realClock): Pacer {
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
  const capacity = Math.max(1, rate);
  let tokens = 1;
  let last = clock.now();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
    last = now;
  };
  return {
    async take(max, signal) {
      refill();
      while (tokens < 1) {
        if (signal?.aborted) return 0;
        await clock.sleep(Math.max(1, ((1 - tokens) / rate) * 1000), signal);
        refill();
      }
      if (signal?.aborted) return 0;
      const n = Math.min(max, Math.floor(tokens));
      tokens -= n;
      return n;
    },
  };
}
