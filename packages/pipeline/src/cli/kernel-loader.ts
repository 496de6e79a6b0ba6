import type { AggregatorFactory } from "../transforms/kernel-aggregate.ts";
import type { Engine } from "./args.ts";

// Specifiers in constants: the kernel package is built in parallel and its entry points are typed here.
const DISK = "@tally/kernel-wasm/disk";
const REFERENCE = "@tally/kernel-wasm/reference";

/** The aggregator factory the CLI runs on, and which engine it is. */
export interface LoadedEngine {
  createAggregator: AggregatorFactory;
  engine: "wasm" | "reference";
  /** Why `auto` fell back to the reference implementation, if it did. */
  note?: string;
}

/**
 * Loads the WASM kernel from disk (`auto`, `wasm`), or the pure-TypeScript reference (`reference`,
 * or `auto` when the kernel is not built). Dynamic imports keep `--help` and argument errors fast.
 */
export async function loadEngine(engine: Engine): Promise<LoadedEngine> {
  if (engine !== "reference") {
    try {
      const disk = (await import(DISK)) as {
        loadKernelFromDisk(opts?: { simd?: boolean }): Promise<{ createAggregator: AggregatorFactory }>;
      };
      const kernel = await disk.loadKernelFromDisk();
      return { createAggregator: (spec) => kernel.createAggregator(spec), engine: "wasm" };
    } catch (error) {
      if (engine === "wasm") throw error;
      const note = `wasm kernel unavailable (${(error as Error).message.split("\n")[0]}); using the reference implementation`;
      return { ...(await loadReference()), note };
    }
  }
  return loadReference();
}

async function loadReference(): Promise<LoadedEngine> {
  const ref = (await import(REFERENCE)) as { createReferenceAggregator: AggregatorFactory };
  return { createAggregator: ref.createReferenceAggregator, engine: "reference" };
}
