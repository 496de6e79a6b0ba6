/**
 * Bun/Node convenience: loads build/kernel-simd.wasm and build/kernel-scalar.wasm (made by
 * `bun run build` in this package) and picks one as loadKernel does.
 */
import { readFileSync } from "node:fs";
import { KernelLoadError } from "./errors.ts";
import { loadKernel, type Kernel, type LoadKernelOptions } from "./loader.ts";
import { KERNEL_BUILD as BUILD, takePrefetchedKernel } from "./prefetch.ts";

// Synchronous: node:fs is loaded anyway by whoever reads files, node:fs/promises is ~3 ms more start-up.
function read(name: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(new URL(name, BUILD)));
  } catch {
    return undefined;
  }
}

/**
 * Loads the kernel builds from this package's build/ folder; takes the SIMD module prefetchKernel()
 * compiled, if the process started one (prefetch.ts).
 */
export async function loadKernelFromDisk(opts: LoadKernelOptions = {}): Promise<Kernel> {
  const prefetched = opts.simd === false ? undefined : await takePrefetchedKernel();
  if (prefetched) return loadKernel(prefetched, opts);
  const scalar = read("kernel-scalar.wasm");
  const simd = opts.simd === false ? undefined : read("kernel-simd.wasm");
  if (!scalar) {
    throw new KernelLoadError("kernel not built: run `bun run build` (packages/kernel-wasm/build/ is missing)");
  }
  return loadKernel({ simd, scalar }, opts);
}
