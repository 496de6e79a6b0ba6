import { keyProblem, refuseGroups } from "@tally/billing";
import type { AggregateResult, AggregateSpec, Kernel } from "@tally/kernel-wasm";
import type { KernelInput } from "@tally/pipeline";
import { aggregateFile, aggregateFileParallel, type WorkerPool } from "@tally/pipeline/file";

/** How to read a file with several threads: the kernel to make parts with, the spec, how many, and the service's Workers. */
export interface FileThreads {
  kernel: Pick<Kernel, "createPart" | "mergeParts">;
  spec: AggregateSpec;
  threads: number;
  pool: WorkerPool;
}

/**
 * A billing file as kernel input: read straight into the kernel (`aggregateFile`, a keep-alive per
 * read) — or, with `threads` > 1 and a file of at least 8 MiB, in parts aggregated at once in
 * Workers and merged exactly (`aggregateFileParallel`: the same groups, sums and rejections as one
 * thread) — then rows whose company cannot be billed — empty or blank, not valid UTF-8, longer than
 * Cassandra's key limit — are refused as rejected rows (`refuseGroups`) before anything is written,
 * so Cassandra never refuses one file's row after its others were written.
 */
export function billingFileInput(path: string, threads?: FileThreads): KernelInput {
  return {
    read: async (aggregator, keepAlive) => {
      let result: AggregateResult | null = null;
      if (threads && threads.threads > 1) {
        result = await aggregateFileParallel(path, threads.spec, threads.threads, threads.kernel, { pool: threads.pool, onChunk: () => keepAlive() });
        if (result !== null) aggregator.release?.(); // not used: hand its kernel instance back
      }
      result ??= await aggregateFile(path, aggregator, { onChunk: () => keepAlive() });
      return refuseGroups(result, (g) => keyProblem(g.key[0] ?? "", "company"));
    },
  };
}
