import { closeSync, openSync, readSync } from "node:fs";
import { PARSE_PIECE, type AggregateSpec, type ExchangeSide, type Kernel, type PartAggregator, type PartResult, type RowFormat } from "../../kernel.ts";

/** A part of a split file: bytes [start, end) of `path`, aggregated on their own (see @tally/kernel-wasm part-plan.ts). */
export interface PartJob {
  path: string;
  start: number;
  end: number;
  /** `end` is the end of the file: the tail is the last record. */
  eof: boolean;
  spec: AggregateSpec;
  /** CSV column positions from the header (findDataStart). */
  positions: number[];
  /**
   * The sender's compiled kernel (a WebAssembly.Module crosses postMessage): a Worker's first job
   * with one instantiates it instead of compiling its own from disk — one compile, and one tier-up
   * of the hot code, for all threads (~15-35 ms less CPU per 100 MB file on 2 threads here).
   */
  module?: WebAssembly.Module;
  /**
   * After its result, the part's entries in key order follow in a second message (`{ sorted }`:
   * SortedEntries, or null when the kernel cannot), for a join with part 0 (part-join.ts in
   * @tally/kernel-wasm). A Worker's lent table only.
   */
  sorted?: boolean;
  /**
   * A key-range exchange with part 0 (part-exchange.ts in @tally/kernel-wasm): this part's side. The
   * result message then says whether the kernel can write the part's rows (`renderable`), and a
   * second message brings them in this format (`{ rows }`: RenderedRows, or null).
   */
  exchange?: ExchangeSide;
  rows?: RowFormat;
}

/** Reads the part straight into a kernel instance's input region (no copy) and aggregates it. */
export function runPart(kernel: Pick<Kernel, "createPart">, job: PartJob): PartResult {
  return readPart(kernel.createPart(job.spec, job.positions), job);
}

/**
 * Like readPart, awaiting `onChunk` after each piece (PARSE_PIECE) read: part 0 runs on the caller's
 * thread, and a service must keep answering (heartbeats, HTTP) while it reads a big part.
 */
export async function readPartYielding(part: PartAggregator, job: PartJob, keep: boolean, onChunk: () => void | Promise<void>): Promise<PartResult> {
  const fd = openFor(part, job.path);
  try {
    for (let at = job.start; at < job.end; ) {
      const n = part.readFile(readSync, fd, at, Math.min(job.end, at + PARSE_PIECE));
      if (n === 0) break; // the file shrank: what was read is the part
      at += n;
      await onChunk();
    }
  } catch (error) {
    part.release(); // also when onChunk failed (idempotent after a failed read)
    throw error;
  } finally {
    closeSync(fd);
  }
  return part.end(job.eof, keep);
}

/** Reads the part's bytes into `part` and ends it (`keep`: see PartAggregator.end). */
export function readPart(part: PartAggregator, job: PartJob, keep: boolean | "lend" = false): PartResult {
  const fd = openFor(part, job.path);
  try {
    part.readFile(readSync, fd, job.start, job.end); // a file that shrank: what was read is the part
  } catch (error) {
    part.release();
    throw error;
  } finally {
    closeSync(fd);
  }
  return part.end(job.eof, keep);
}

/** Opens the part's file; releases the part if it cannot. */
function openFor(part: PartAggregator, path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    part.release();
    throw error;
  }
}
