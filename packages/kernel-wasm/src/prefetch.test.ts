import { describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "./load-from-disk.ts";
import { prefetchKernel, takePrefetchedKernel } from "./prefetch.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

await loadBothKernels(); // builds when missing
const encoder = new TextEncoder();

describe("prefetchKernel", () => {
  test("nothing to take before a prefetch, and a prefetch is taken once", async () => {
    expect(takePrefetchedKernel()).toBeUndefined();
    prefetchKernel();
    prefetchKernel(); // idempotent: still one pending compile
    const module = await takePrefetchedKernel();
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(takePrefetchedKernel()).toBeUndefined();
  });

  test("loadKernelFromDisk uses the prefetched module, and reads the files again afterwards", async () => {
    prefetchKernel();
    const pending = takePrefetchedKernel()!;
    const module = await pending;
    // Put it back as a prefetch would have left it, then load: the kernel is that very module.
    (globalThis as Record<symbol, unknown>)[Symbol.for("@tally/kernel-wasm/prefetched-simd-module")] = pending;
    const k = await loadKernelFromDisk({ poolSize: 0 });
    expect(k.module).toBe(module!);
    expect(k.simd).toBe(true);
    const agg = k.createAggregator({ format: "csv", keys: ["k"], sum: "v", scale: 2 });
    agg.push(encoder.encode("k,v\na,1.25\nb,2\na,0.75\n"));
    expect(agg.finish().groups).toEqual([
      { key: ["a"], count: 2, sum: 200n },
      { key: ["b"], count: 1, sum: 200n },
    ]);
    const again = await loadKernelFromDisk({ poolSize: 0 });
    expect(again.module).not.toBe(module!);
  });

  test("a scalar load leaves the prefetched module for a later SIMD load", async () => {
    prefetchKernel();
    const scalar = await loadKernelFromDisk({ simd: false, poolSize: 0 });
    expect(scalar.simd).toBe(false);
    const simd = await loadKernelFromDisk({ poolSize: 0 });
    expect(simd.simd).toBe(true);
    expect(takePrefetchedKernel()).toBeUndefined();
  });
});
