import type { AggregateResult, AggregateSpec, Aggregator } from "../kernel.ts";
import { describe, isRetriable } from "../errors.ts";
import type { Transform } from "../model/transform.ts";

/** Makes a fresh aggregator for a spec: `kernel.createAggregator` or the reference implementation. */
export type AggregatorFactory = (spec: AggregateSpec) => Aggregator;

/** Bytes in chunks of any size (a file, stdin, an HTTP body). */
export type ByteSource = AsyncIterable<Uint8Array>;

/** Progress of one aggregation, reported after each chunk. */
export interface AggregateProgress {
  bytes: number;
}

/**
 * The fast path: streams a whole byte source through one kernel Aggregator and returns its result.
 * The aggregator copies each chunk into WASM memory, so a source may reuse its buffer afterwards.
 */
export async function aggregateBytes(bytes: ByteSource, aggregator: Aggregator, onProgress?: (p: AggregateProgress) => void): Promise<AggregateResult> {
  let seen = 0;
  for await (const chunk of bytes) {
    aggregator.push(chunk);
    seen += chunk.byteLength;
    onProgress?.({ bytes: seen });
  }
  return aggregator.finish();
}

/** One input element (e.g. a Kafka message naming a file) with the kernel's result for its bytes. */
export interface Aggregated<T> {
  readonly input: T;
  readonly result: AggregateResult;
}

export interface KernelAggregateOptions<T> {
  spec: AggregateSpec;
  createAggregator: AggregatorFactory;
  /** Opens the bytes an element stands for, e.g. `item => fileChunks(resolveInside(dir, item.value))`. */
  open: (item: T) => ByteSource | Promise<ByteSource>;
}

/**
 * A transform that hands each element's whole byte source to a fresh kernel Aggregator.
 * Inputs that can never be read (missing file, unsafe path) go to the dead letters; transient
 * failures fail the batch so the runner retries it.
 */
export function kernelAggregate<T>(options: KernelAggregateOptions<T>): Transform<T, Aggregated<T>> {
  return async (items, ctx) => {
    const out: Aggregated<T>[] = [];
    for (const item of items) {
      try {
        const bytes = await options.open(item);
        out.push({ input: item, result: await aggregateBytes(bytes, options.createAggregator(options.spec)) });
      } catch (error) {
        if (isPermanent(error)) ctx.reject(item, describe(error));
        else throw error;
      }
    }
    return out;
  };
}

const PERMANENT_FS_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "ELOOP", "EPERM"]);

function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && PERMANENT_FS_CODES.has(code)) return true;
  return !isRetriable(error);
}
