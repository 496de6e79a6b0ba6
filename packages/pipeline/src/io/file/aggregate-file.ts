import { closeSync, openSync, readSync } from "node:fs";
import { supportsDirectInput, type AggregateResult, type AggregateSpec, type Aggregator } from "../../kernel.ts";
import type { KernelInput } from "../../transforms/kernel-aggregate.ts";
import { DEFAULT_CHUNK_SIZE, fileChunks } from "./file-chunks.ts";
import { aggregateFileParallel, type PartKernel } from "./parallel-aggregate.ts";
import type { WorkerPool } from "./worker-pool.ts";

export interface AggregateFileOptions {
  /** Most bytes per read; default 2 MiB (a read into the kernel is shorter: its `inputSpace()`, PARSE_PIECE). */
  chunkSize?: number;
  signal?: AbortSignal;
  /** Called after each read with the bytes read so far; awaited (e.g. a consumer-group heartbeat). */
  onChunk?: (bytes: number) => void | Promise<void>;
}

/**
 * Streams a file through an aggregator and returns `aggregator.finish()`. When the aggregator
 * implements DirectInput (the WASM kernel) the file is read straight into its input region
 * (`inputSpace()`), saving the copy from a JS buffer into WASM memory; otherwise (the reference) it
 * falls back to `fileChunks` + `push`. Errors from opening surface as from fileChunks.
 *
 * The direct reads are synchronous (`readSync` on an fd from `openSync`, at most `chunkSize` each):
 * Bun 1.4's async `handle.read` into a WebAssembly.Memory view took ~38 ms per 100 MB against ~22 ms
 * into a JS buffer (it appears to go through a temporary copy), which ate the saving; `readSync`
 * reads either at ~19 ms. The event loop is given a turn between reads when a signal or onChunk is set.
 */
export async function aggregateFile(path: string, aggregator: Aggregator, options: AggregateFileOptions = {}): Promise<AggregateResult> {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  let total = 0;
  if (!supportsDirectInput(aggregator)) {
    for await (const chunk of fileChunks(path, { chunkSize: size, reuseBuffer: true, signal: options.signal })) {
      aggregator.push(chunk);
      total += chunk.byteLength;
      await options.onChunk?.(total);
    }
    return aggregator.finish();
  }
  const fd = openSync(path, "r");
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      // A fresh view per read (valid until the next aggregator call); nothing else touches the
      // aggregator while the read is in flight.
      const space = aggregator.inputSpace();
      const view = space.length > size ? space.subarray(0, size) : space;
      const bytesRead = readSync(fd, view, 0, view.length, null);
      if (bytesRead === 0) break;
      aggregator.pushWritten(bytesRead);
      total += bytesRead;
      if (options.onChunk) await options.onChunk(total);
      else if (options.signal) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  return aggregator.finish();
}

/** How to read a big file with several threads: the kernel to make parts with, the spec, how many, and the Workers. */
export interface FileThreads {
  kernel: PartKernel;
  spec: AggregateSpec;
  threads: number;
  pool: WorkerPool;
}

export interface FileInputOptions extends Omit<AggregateFileOptions, "onChunk"> {
  /**
   * With `threads.threads` > 1, a file of at least 8 MiB is read in parts at once, in Workers, and
   * merged exactly (aggregateFileParallel: the same groups, sums and rejections as one thread); the
   * aggregator `kernelAggregate` made is then handed back unused. Smaller files stream as usual.
   */
  threads?: FileThreads;
}

/** A file as `kernelAggregate` input: read straight into the kernel, with a keep-alive after every read. */
export function fileInput(path: string, options: FileInputOptions = {}): Extract<KernelInput, { read: unknown }> {
  const { threads, ...streaming } = options;
  return {
    read: async (aggregator, keepAlive) => {
      if (threads && threads.threads > 1) {
        const result = await aggregateFileParallel(path, threads.spec, threads.threads, threads.kernel, { pool: threads.pool, onChunk: () => keepAlive() });
        if (result !== null) {
          aggregator.release?.();
          return result;
        }
      }
      return aggregateFile(path, aggregator, { ...streaming, onChunk: () => keepAlive() });
    },
  };
}
