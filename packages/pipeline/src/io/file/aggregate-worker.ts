/**
 * Worker entry for aggregateFileParallel: one message with a PartJob in, one PartResult out
 * (its group arenas transferred, not copied), or `{ error }`. Each worker has its own kernel instance.
 */
// The Worker loads its own kernel instance from disk (the one import of the kernel outside ../../kernel.ts:
// a Worker entry shares no module state with the thread that started it).
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { runPart, type PartJob } from "./read-part.ts";

const kernel = loadKernelFromDisk({ poolSize: 1 });
kernel.catch(() => {}); // reported with the first job (the main thread fails first anyway)

self.onmessage = async (event: MessageEvent<PartJob>) => {
  try {
    const result = runPart(await kernel, event.data);
    postMessage({ result }, result.arenas.map((a) => a.buffer as ArrayBuffer));
  } catch (error) {
    postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
