/** A deadline passed before an operation finished. */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} timed out after ${ms} ms`);
  }
}

/**
 * Resolves with `work`'s result, or rejects with {@link TimeoutError} after `ms`. The signal
 * passed to `work` aborts on timeout so callers that can cancel do; those that can't are
 * simply abandoned, which is why request paths wrap driver calls in this and never hang.
 */
export async function withTimeout<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new TimeoutError(what, ms);
      ctl.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(ctl.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
