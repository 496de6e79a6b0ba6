import { createContext, type DeadLetterSink, type Rejected } from "../model/context.ts";
import type { Pipeline } from "../model/pipeline.ts";
import type { SourceBatch } from "../model/source.ts";
import { retry, type RetryOptions } from "./retry.ts";

/** What happened to one batch, for metrics and logs. */
export interface BatchReport {
  batchId: string;
  itemsIn: number;
  itemsOut: number;
  rejected: readonly Rejected[];
  /** Attempts the write took (1 when the sink answered at once). */
  attempts: number;
  durationMs: number;
}

export interface BatchOptions {
  retry?: RetryOptions;
  deadLetters?: DeadLetterSink;
  onRetry?: (info: { batchId: string; attempt: number; delayMs: number; error: unknown }) => void;
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
  let itemsOut = 0;
  let rejected: Rejected[] = [];
  await retry(
    async () => {
      attempts++;
      ({ itemsOut, rejected } = await processBatch(p, batch.id, batch.items, options.deadLetters));
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
  return { batchId: batch.id, itemsIn: batch.items.length, itemsOut, rejected, attempts, durationMs: performance.now() - started };
}

/**
 * One attempt at one batch, without retry or acknowledgement: transform → sink write → dead
 * letters. Resolves only once all of them are written; shared by `runBatch` and the Kafka
 * consumer's `pipelineHandler`, which retries per partition instead.
 */
export async function processBatch<T, O>(
  p: Pick<Pipeline<T, O>, "transform" | "sink">,
  batchId: string,
  items: readonly T[],
  deadLetters?: DeadLetterSink,
): Promise<{ itemsOut: number; rejected: Rejected[] }> {
  // A fresh context per attempt, or a retried batch would dead-letter its poison twice.
  const ctx = createContext(batchId);
  const out = await p.transform(items, ctx);
  if (out.length > 0) await p.sink.write(out, ctx);
  if (ctx.rejected.length > 0 && deadLetters) await deadLetters.write(ctx.rejected);
  return { itemsOut: out.length, rejected: ctx.rejected };
}
