/**
 * Worker entry for aggregateFileParallel: one message with a PartJob in, one PartResult out
 * (its group arenas transferred, not copied), or `{ error }`. Each worker has its own kernel instance,
 * made from the module its first job brings (the sender's, already compiled and tiered up) or, for a
 * job without one, loaded from disk. A Worker serves one kernel for its life: later modules are ignored.
 */
// The one import of the kernel outside ../../kernel.ts: a Worker entry shares no module state with
// the thread that started it.
import { loadKernel, type Kernel } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { runPart, type PartJob } from "./read-part.ts";

let kernel: Promise<Kernel> | undefined;

self.onmessage = async (event: MessageEvent<PartJob>) => {
  try {
    const { module } = event.data;
    kernel ??= module ? loadKernel(module, { poolSize: 1 }) : loadKernelFromDisk({ poolSize: 1 });
    const result = runPart(await kernel, event.data);
    postMessage({ result }, result.arenas.map((a) => a.buffer as ArrayBuffer));
  } catch (error) {
    postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
