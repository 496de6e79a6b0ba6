import type { BatchContext, DeadLetterSink, Rejected } from "../model/context.ts";
import type { Stage } from "../model/pipeline.ts";
import type { Sink } from "../model/sink.ts";
import type { Source, SourceBatch } from "../model/source.ts";
import type { RetryOptions } from "./retry.ts";
import { runPipeline, type RunStats } from "./streaming-runner.ts";

/** An in-memory source of fixed batches that records which batch ids were acknowledged. */
export interface MemorySource<T> extends Source<T> {
  readonly acked: string[];
}

/** A source yielding `batches` in order, with ids `batch-0`, `batch-1`, … */
export function memorySource<T>(batches: readonly (readonly T[])[]): MemorySource<T> {
  const acked: string[] = [];
  return {
    acked,
    async *batches(signal) {
      for (const [i, items] of batches.entries()) {
        if (signal?.aborted) return;
        const id = `batch-${i}`;
        const batch: SourceBatch<T> = { id, items, ack: async () => void acked.push(id) };
        yield batch;
      }
    },
  };
}

/** A sink that keeps every write (with its batch id) in memory. */
export interface MemorySink<T> extends Sink<T> {
  readonly writes: { batchId: string; items: T[] }[];
}

/** A sink collecting writes; `fail(n)` makes the next n writes throw (for retry tests). */
export function memorySink<T>(): MemorySink<T> & { fail(times: number, error?: Error): void } {
  const writes: { batchId: string; items: T[] }[] = [];
  let failures = 0;
  let failure: Error = new Error("sink unavailable");
  return {
    writes,
    fail(times, error) {
      failures = times;
      if (error) failure = error;
    },
    async write(items: readonly T[], ctx: BatchContext) {
      if (failures > 0) {
        failures--;
        throw failure;
      }
      writes.push({ batchId: ctx.batchId, items: [...items] });
    },
  };
}

/** Everything an in-memory run produced. */
export interface InMemoryRun<O> {
  /** All written elements, in order. */
  output: O[];
  writes: { batchId: string; items: O[] }[];
  acked: string[];
  rejected: Rejected[];
  stats: RunStats;
}

/**
 * The in-memory runner for tests: builds the pipeline on an in-memory source of fixed batches and
 * runs it with the production runner logic (retry, ack after write, dead letters), without waiting
 * between retries. `options.sink` is written first (e.g. a failing sink); output is collected after.
 */
export async function runInMemory<T, O>(
  build: (source: Source<T>) => Stage<T, O>,
  batches: readonly (readonly T[])[],
  options: { sink?: Sink<O>; retry?: RetryOptions } = {},
): Promise<InMemoryRun<O>> {
  const source = memorySource(batches);
  const collected = memorySink<O>();
  const rejected: Rejected[] = [];
  const deadLetters: DeadLetterSink = { write: async (r) => void rejected.push(...r) };
  const inner = options.sink;
  const sink: Sink<O> = inner
    ? {
        async write(items, ctx) {
          await inner.write(items, ctx);
          await collected.write(items, ctx);
        },
      }
    : collected;
  const stats = await runPipeline(build(source).to(sink), {
    deadLetters,
    retry: { retries: 3, sleep: async () => {}, ...options.retry },
  });
  return { output: collected.writes.flatMap((w) => w.items), writes: collected.writes, acked: source.acked, rejected, stats };
}
