export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Retry delays for a failing sink: 0.5 s doubling up to 30 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with jitter in the upper
 * half so that many partitions failing together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
