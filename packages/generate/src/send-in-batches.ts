import { realClock, tokenBucket, unpaced, type WallClock } from "./pacer.ts";

/** How far a run has got; handed to onProgress after each acknowledged batch. */
export interface Progress {
  /** Records the sink acknowledged so far. */
  sent: number;
  total: number;
  /** sent / elapsed wall-clock seconds. */
  ratePerSec: number;
  elapsedSeconds: number;
}

/** How a run ended. `aborted`: the signal stopped it before `total` records were sent. */
export interface RunResult {
  sent: number;
  total: number;
  seconds: number;
  aborted: boolean;
}

/** Options of sendInBatches. */
export interface BatchOptions {
  /** How many records the iterable holds (for progress; the loop stops when it runs dry either way). */
  total: number;
  /** Most records per `send` call. */
  batchSize: number;
  /** Records per wall-clock second (token bucket); undefined: as fast as the sink takes them. */
  rate?: number;
  /** Stops the run between batches; the batch in flight is still awaited, so `sent` is exact. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  clock?: WallClock;
}

/**
 * Drains `records` into `send` in batches of at most `batchSize`, paced to `rate`. While one
 * batch is being sent, the next is built, so generating and waiting for the sink overlap; there
 * is never more than one `send` in flight (which keeps an idempotent Kafka producer's batches in
 * order). A failing `send` rejects the run with its error, after the sent count it had reached.
 */
export async function sendInBatches<T>(records: Iterable<T>, send: (batch: T[]) => Promise<void>, options: BatchOptions): Promise<RunResult> {
  const { total, signal, onProgress } = options;
  const clock = options.clock ?? realClock;
  const batchSize = Math.max(1, Math.floor(options.batchSize));
  const pacer = options.rate === undefined ? unpaced : tokenBucket(options.rate, clock);
  const started = clock.now();
  const elapsed = () => (clock.now() - started) / 1000;
  const iterator = records[Symbol.iterator]();
  let sent = 0;
  let inFlight: { promise: Promise<void>; size: number } | undefined;

  const settle = async () => {
    if (!inFlight) return;
    const { promise, size } = inFlight;
    inFlight = undefined;
    await promise;
    sent += size;
    const seconds = elapsed();
    onProgress?.({ sent, total, ratePerSec: seconds > 0 ? sent / seconds : 0, elapsedSeconds: seconds });
  };

  try {
    // One record of lookahead, so the run ends when the records do, not after waiting for a token.
    let next = iterator.next();
    while (!next.done && !signal?.aborted) {
      const allowed = await pacer.take(batchSize, signal);
      const batch: T[] = [];
      while (batch.length < allowed && !next.done) {
        batch.push(next.value);
        next = iterator.next();
      }
      if (batch.length === 0) break;
      await settle();
      const promise = send(batch);
      // Marked handled now: it is awaited after the next batch is built, and may reject before that.
      promise.catch(() => {});
      inFlight = { promise, size: batch.length };
    }
    await settle();
  } finally {
    iterator.return?.();
  }
  return { sent, total, seconds: elapsed(), aborted: sent < total && signal?.aborted === true };
}
