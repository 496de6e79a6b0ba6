import type { DeadLetterSink } from "../model/context.ts";
import type { Pipeline } from "../model/pipeline.ts";
import type { RetryOptions } from "./retry.ts";
import { runBatch, type BatchReport } from "./run-batch.ts";

export interface RunOptions {
  /**
   * Backoff for failed writes. While it retries the runner pulls no new batch, so a Kafka source
   * stops consuming and Kafka is the buffer. Default: retry forever, 300 ms doubling to 30 s.
   */
  retry?: RetryOptions;
  /** Where rejected (poison) elements go; without it they are only reported to `onBatch`. */
  deadLetters?: DeadLetterSink;
  /** Stops after the batch in progress. */
  signal?: AbortSignal;
  onBatch?: (report: BatchReport) => void;
  onRetry?: (info: { batchId: string; attempt: number; delayMs: number; error: unknown }) => void;
}

/** Totals of one run. */
export interface RunStats {
  batches: number;
  itemsIn: number;
  itemsOut: number;
  rejected: number;
}

/**
 * Drives a pipeline until its source is exhausted or `signal` aborts: one batch at a time,
 * source → transforms → sink → acknowledge (see `runBatch`). Rejects with the error that stopped it
 * (e.g. `RetriesExhaustedError`); the failing batch is then left unacknowledged.
 */
export async function runPipeline<T, O>(p: Pipeline<T, O>, options: RunOptions = {}): Promise<RunStats> {
  const stats: RunStats = { batches: 0, itemsIn: 0, itemsOut: 0, rejected: 0 };
  const retry: RetryOptions = { retries: Infinity, ...options.retry, signal: options.retry?.signal ?? options.signal };
  for await (const batch of p.source.batches(options.signal)) {
    const report = await runBatch(p, batch, { retry, deadLetters: options.deadLetters, onRetry: options.onRetry });
    stats.batches++;
    stats.itemsIn += report.itemsIn;
    stats.itemsOut += report.itemsOut;
    stats.rejected += report.rejected.length;
    options.onBatch?.(report);
    if (options.signal?.aborted) break;
  }
  return stats;
}
