import type { AggregateSpec, Aggregator, Kernel, RenderTarget } from "@tally/kernel-wasm";

/** The aggregator factory the CLI runs on, and which kernel build it is (for the summary line). */
export interface LoadedKernel {
  /** An aggregator whose groups come out in key order, or as rows in `render`'s format when the kernel can. */
  createAggregator(spec: AggregateSpec, render?: RenderTarget): Aggregator;
  /** "wasm simd" or "wasm scalar". */
  engine: string;
  /** The kernel itself, for `--threads` (parts and their merge); absent in tests with a fake factory. */
  kernel?: Kernel;
}

/**
 * Loads the WASM kernel from packages/kernel-wasm/build/. When it is not built, loadKernelFromDisk throws
 * a KernelLoadError saying to run `bun run build` (exit 1). The dynamic import keeps `--help` and
 * argument errors fast.
 */
export async function loadKernel(): Promise<LoadedKernel> {
  const { loadKernelFromDisk } = await import("@tally/kernel-wasm/disk");
  const kernel = await loadKernelFromDisk();
  return { createAggregator: (spec, render) => kernel.createAggregator(spec, { keyOrder: true, render }), engine: kernel.simd ? "wasm simd" : "wasm scalar", kernel };
}
