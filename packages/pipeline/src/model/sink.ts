import type { BatchContext } from "./context.ts";

/**
 * Writes one batch's results. Resolving means "durably written": the runner acknowledges the source
 * batch right after. Writes should be idempotent upserts keyed by `ctx.batchId` (or a window), never
 * blind increments, because a batch is redelivered when the process dies between write and ack.
 */
export interface Sink<T> {
  write(items: readonly T[], ctx: BatchContext): Promise<void>;
  close?(): Promise<void>;
}

/** A sink from a function. */
export function sinkOf<T>(write: (items: readonly T[], ctx: BatchContext) => Promise<void>): Sink<T> {
  return { write };
}
