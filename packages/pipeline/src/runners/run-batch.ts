import { createContext, type DeadLetterSink, type InputCounts, type Rejected } from "../model/context.ts";
import type { Pipeline } from "../model/pipeline.ts";
import type { SourceBatch } from "../model/source.ts";
import { retry, type RetryOptions } from "./retry.ts";

/** What happened to one batch, for metrics and logs. */
export interface BatchReport {
  batchId: string;
  itemsIn: number;
  itemsOut: number;
  rejected: readonly Rejected[];
  /** What the steps counted in the batch's input (records, rejected records, bytes, kernel time). */
  counts: InputCounts;
  /** Attempts the write took (1 when the sink answered at once). */
  attempts: number;
  durationMs: number;
}

export interface BatchOptions {
  retry?: RetryOptions;
  deadLetters?: DeadLetterSink;
  onRetry?: (info: { batchId: string; attempt: number; delayMs: number; error: unknown }) => void;
}

/** What one attempt at one batch came to. */
export interface BatchResult {
  itemsOut: number;
  rejected: Rejected[];
  counts: InputCounts;
}

/**
 * Processes one batch with effectively-once delivery: transform → sink write → dead letters →
 * acknowledge. Nothing is acknowledged before every write resolved; on a retriable failure the whole
 * attempt is repeated with backoff (transforms are deterministic and sinks idempotent, so repeating
 * is safe) while the source's lease is kept alive. Throws when retries run out; the batch then stays
 * unacknowledged and will be redelivered.
 */
export async function runBatch<T, O>(p: Pipeline<T, O>, batch: SourceBatch<T>, options: BatchOptions = {}): Promise<BatchReport> {
  const started = performance.now();
  let attempts = 0;
  let result: BatchResult | undefined;
  await retry(
    async () => {
      attempts++;
      result = await processBatch(p, batch, options.deadLetters);
    },
    {
      ...options.retry,
      onRetry: async (info) => {
        options.onRetry?.({ batchId: batch.id, ...info });
        await options.retry?.onRetry?.(info);
        await batch.keepAlive?.();
      },
    },
  );
  // Retried too: a failed commit only means the batch would be redelivered and rewritten.
  await retry(() => batch.ack(), { ...options.retry, onRetry: undefined });
  const { itemsOut, rejected, counts } = result!;
  return { batchId: batch.id, itemsIn: batch.items.length, itemsOut, rejected, counts, attempts, durationMs: performance.now() - started };
}

/**
 * One attempt at one batch, without retry or acknowledgement: transform → sink write → dead
 * letters. Resolves only once all of them are written; shared by `runBatch` and the Kafka runner,
 * which retries per partition instead.
 */
export async function processBatch<T, O>(
  p: Pick<Pipeline<T, O>, "transform" | "sink">,
  batch: Pick<SourceBatch<T>, "id" | "items" | "keepAlive">,
  deadLetters?: DeadLetterSink,
): Promise<BatchResult> {
  // A fresh context per attempt, or a retried batch would dead-letter its poison twice.
  const keepAlive = batch.keepAlive;
  const ctx = createContext(batch.id, keepAlive ? () => keepAlive() : undefined);
  const out = await p.transform(batch.items, ctx);
  if (out.length > 0) await p.sink.write(out, ctx);
  if (ctx.rejected.length > 0 && deadLetters) await deadLetters.write(ctx.rejected);
  for (const fn of ctx.written) fn();
  return { itemsOut: out.length, rejected: ctx.rejected, counts: ctx.counts };
}
