/**
 * A file split in two and aggregated with a key-range exchange (part-exchange.ts in
 * @tally/kernel-wasm): part 0 on this thread keeps the keys below a split key sampled from the file,
 * the Worker's part the others, each sending the other's records across; then each sorts and writes
 * its own rows, part 0's before the Worker's. For many keys (463k) this replaces two tables of every
 * key and their join at the end. Whenever the exchange cannot give the one-thread result — the split
 * guess was inside a quoted record, a table filled, a key the kernel cannot write — this returns null
 * before any row is written, and the caller aggregates the file without it.
 */
import { createExchange, KernelError, partCounts, type AggregateResult, type AggregateSpec, type Kernel, type PartResult, type RenderedRows, type RenderTarget } from "../../kernel.ts";
import { readPart, readPartYielding, type PartJob } from "./read-part.ts";
import { runInWorker, type WorkerPart } from "./run-in-worker.ts";

export interface ExchangePlan {
  spec: AggregateSpec;
  /** CSV column positions from the header (findDataStart). */
  positions: number[];
  /** [first record, split point, end of file]. */
  bounds: readonly [number, number, number];
  /** The physical line of the first record. */
  firstLine: number;
  split: Uint8Array;
  render: RenderTarget;
  job: (from: number, to: number, eof: boolean) => PartJob;
  onChunk?: () => void | Promise<void>;
}

/** The two parts' result with the exchange, or null (nothing written) when the caller must do without. */
export async function aggregateExchanged(plan: ExchangePlan, kernel: Pick<Kernel, "createPart">, worker: Worker): Promise<AggregateResult | null> {
  const { bounds, render } = plan;
  const [mine, theirs] = createExchange(plan.split);
  const format = typeof render === "string" ? render : render.format;
  const w = runInWorker(worker, { ...plan.job(bounds[1], bounds[2], true), exchange: theirs, rows: format });
  const part0 = kernel.createPart(plan.spec, plan.positions);
  let first: PartResult;
  try {
    part0.exchange(mine);
    const job0 = plan.job(bounds[0], bounds[1], false);
    first = plan.onChunk ? await readPartYielding(part0, job0, true, plan.onChunk) : readPart(part0, job0, true);
  } catch (error) {
    // The Worker's side ends too (the exchange is aborted): wait until it is done with the job.
    await done(w);
    if (isExchangeAbort(error)) return null;
    throw error;
  }
  let second: PartResult;
  try {
    second = await w.result;
  } catch (error) {
    part0.release();
    await done(w);
    if (isExchangeAbort(error)) return null;
    throw error;
  }
  // Part 0 ended at a record boundary: the split guess was a true record start (part-plan.ts).
  if (first.tail !== 0 || first.skipping || !part0.canRenderKept() || !(await w.renderable)) {
    part0.release();
    await done(w);
    return null;
  }
  const own = part0.renderKept(render);
  const other = (await w.follow)?.rows ?? null;
  // Both kernels said they could write every row before part 0 wrote any: a failure now is a kernel bug.
  if (!own || !other) throw new KernelError("RENDER_FAILED", "a part's rows could not be written after its kernel said they could");
  if (typeof render !== "string") render.write(other.bytes);
  return { groups: [], ...partCounts([first, second], plan.firstLine), bytes: bounds[2], keyOrdered: true, rendered: joinRows(own, other, typeof render === "string") };
}

/** Part 0's rows then the Worker's: one buffer when collected, the count only when a sink took them. */
function joinRows(a: RenderedRows, b: RenderedRows, collected: boolean): RenderedRows {
  if (!collected) return { format: a.format, bytes: new Uint8Array(0), count: a.count + b.count };
  const bytes = new Uint8Array(a.bytes.length + b.bytes.length);
  bytes.set(a.bytes);
  bytes.set(b.bytes, a.bytes.length);
  return { format: a.format, bytes, count: a.count + b.count };
}

function isExchangeAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "ExchangeAbortedError" || error.message.includes("ExchangeAbortedError"));
}

/** Settles once the Worker has answered everything for its job. */
async function done(w: WorkerPart): Promise<void> {
  await Promise.allSettled([w.result, w.follow]);
}
