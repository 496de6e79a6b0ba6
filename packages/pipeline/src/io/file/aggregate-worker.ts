/**
 * Worker entry for aggregateFileParallel: one message with a PartJob in, one PartResult out, or
 * `{ error }` (a job with `sorted`: then `{ sorted }` too). The part's last group table is lent, not
 * copied: its arena is a view into the kernel instance's shared memory, which the merging thread
 * reads (and so are its sorted entries); the instance is held until the next job
 * (the sender has merged by then). Other arenas (a table that filled up and drained) are transferred.
 * Each worker has its own kernel instance, made from the module its first job brings (the sender's,
 * already compiled and tiered up) or, for a job without one, loaded from disk. A Worker serves one
 * kernel for its life: later modules are ignored.
 */
// The one import of the kernel outside ../../kernel.ts: a Worker entry shares no module state with
// the thread that started it.
import { loadKernel, type Kernel, type PartAggregator } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { readPart, type PartJob } from "./read-part.ts";

let kernel: Promise<Kernel> | undefined;
let lent: PartAggregator | undefined;

self.onmessage = async (event: MessageEvent<PartJob>) => {
  // The sender merged the last job's table before it sent this one.
  lent?.release();
  lent = undefined;
  try {
    const { module, spec, positions } = event.data;
    kernel ??= module ? loadKernel(module, { poolSize: 1 }) : loadKernelFromDisk({ poolSize: 1 });
    const part = (await kernel).createPart(spec, positions);
    if (event.data.exchange) {
      part.exchange(event.data.exchange);
      const result = readPart(part, event.data, true);
      const renderable = part.canRenderKept();
      postMessage({ result, renderable });
      // Written while part 0 writes its own (the two tables hold disjoint key ranges), into this
      // instance's shared memory, which the sender reads them from: held until the next job.
      const rows = renderable ? part.renderKeptInPlace(event.data.rows ?? "jsonl") : null;
      lent = part;
      postMessage({ rows });
      return;
    }
    const result = readPart(part, event.data, "lend");
    lent = part;
    const copies = result.arenas.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    postMessage({ result }, copies);
    // Sorted while the sender sorts part 0: a view into this instance's shared memory, as the table is.
    if (event.data.sorted) {
      const plan = part.planGather();
      postMessage({ sorted: plan?.sorted ?? null });
      plan?.gather();
    }
  } catch (error) {
    postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
