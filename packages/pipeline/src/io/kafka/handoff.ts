/**
 * Bridges a push API (kafkajs calls eachBatch) to a pull API (the runner iterates batches).
 * Each pushed value waits in `push` until the puller has finished with it (`settle`), which is
 * what makes a slow sink stop consumption: kafkajs fetches no more for that partition meanwhile.
 */
export class Handoff<T> {
  private readonly queue: { value: T; settled: () => void }[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;

  /** Offers a value and resolves once the puller settled it, or the handoff closed. */
  push(value: T): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((settled) => {
      this.queue.push({ value, settled });
      this.wake();
    });
  }

  /** Next value, or undefined when closed or aborted. Rejects after `fail`. */
  async pull(signal?: AbortSignal): Promise<{ value: T; settle: () => void } | undefined> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (this.closed || signal?.aborted) return undefined;
      const next = this.queue.shift();
      if (next) return { value: next.value, settle: next.settled };
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  /** Makes the next `pull` reject (e.g. the consumer crashed for good). */
  fail(error: unknown): void {
    this.failure = { error };
    this.wake();
  }

  /** Releases every waiting pusher and ends pulling. */
  close(): void {
    this.closed = true;
    for (const item of this.queue.splice(0)) item.settled();
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
