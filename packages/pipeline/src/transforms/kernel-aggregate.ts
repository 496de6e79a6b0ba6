import { asPoison } from "../errors.ts";
import { normalizeSpec, type AggregateResult, type AggregateSpec, type Aggregator } from "../kernel.ts";
import type { BatchContext } from "../model/context.ts";
import type { Transform } from "../model/transform.ts";

/** Makes a fresh aggregator for a spec: a loaded kernel's `createAggregator` (tests may pass the oracle). */
export type AggregatorFactory = (spec: AggregateSpec) => Aggregator;

/** Bytes in chunks of any size (a file, stdin, an HTTP body). */
export type ByteSource = AsyncIterable<Uint8Array>;

/**
 * What the kernel reads for one element: one message's bytes (null: a tombstone, nothing to read),
 * a stream, or a reader that fills the aggregator itself and finishes it — `fileInput(path)` from
 * `@tally/pipeline/file` reads a file straight into the kernel's memory, keeping the lease alive.
 */
export type KernelInput =
  | { readonly bytes: Uint8Array | null }
  | { readonly stream: ByteSource }
  | { readonly read: (aggregator: Aggregator, keepAlive: () => Promise<void>) => Promise<AggregateResult> };

/** Progress of one aggregation, reported after each chunk. */
export interface AggregateProgress {
  bytes: number;
}

/**
 * Streams a whole byte source through one kernel Aggregator and returns its result. The aggregator
 * copies each chunk into WASM memory, so a source may reuse its buffer afterwards.
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
  /** The loaded kernel (anything with `createAggregator`). */
  kernel: { createAggregator: AggregatorFactory };
  /** What to read for an element, e.g. `(r) => ({ bytes: r.value })` or `(f) => fileInput(f.path)`. */
  input: (item: T) => KernelInput | Promise<KernelInput>;
}

/**
 * The kernel transform: each element's bytes go through a fresh kernel aggregator into per-key
 * counts and exact sums. Counts the records it accepted and refused, the bytes and the kernel time
 * (`ctx.count`). An element that can never be read (missing file, bad header: see `asPoison`) goes
 * to the dead letters; anything else fails the batch so the runner retries it.
 */
export function kernelAggregate<T>(options: KernelAggregateOptions<T>): Transform<T, Aggregated<T>> {
  // A bad spec is a bug in the job: refuse it when the job is built (at startup), not per message.
  normalizeSpec(options.spec);
  return async (items, ctx) => {
    const out: Aggregated<T>[] = [];
    for (const item of items) {
      const started = performance.now();
      try {
        const result = await aggregateInput(await options.input(item), options, ctx);
        ctx.count({ records: result.records, rejected: result.rejectedCount, bytes: result.bytes, kernelSeconds: (performance.now() - started) / 1000 });
        out.push({ input: item, result });
      } catch (error) {
        const poison = asPoison(error);
        if (!poison) throw error;
        ctx.reject(item, poison.reason, poison.kind);
      }
    }
    return out;
  };
}

async function aggregateInput<T>(input: KernelInput, options: KernelAggregateOptions<T>, ctx: BatchContext): Promise<AggregateResult> {
  const aggregator = options.kernel.createAggregator(options.spec);
  try {
    if ("read" in input) return await input.read(aggregator, () => ctx.keepAlive());
    if ("stream" in input) return await aggregateBytes(input.stream, aggregator);
    if (input.bytes !== null && input.bytes.byteLength > 0) aggregator.push(input.bytes);
    return aggregator.finish();
  } catch (error) {
    // Hands a pooled kernel instance back when the input failed midway (finish() already did otherwise).
    aggregator.release?.();
    throw error;
  }
}
