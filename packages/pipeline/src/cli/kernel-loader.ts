import type { AggregatorFactory } from "../transforms/kernel-aggregate.ts";
import type { Engine } from "./args.ts";

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
      const { loadKernelFromDisk } = await import("@tally/kernel-wasm/disk");
      const kernel = await loadKernelFromDisk();
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
  const { createReferenceAggregator } = await import("@tally/kernel-wasm/reference");
  return { createAggregator: createReferenceAggregator, engine: "reference" };
}
