/**
 * A file aggregated in N parts at once (`tally aggregate FILE --threads N`, and jobs reading files
 * with threads, e.g. billing-files with KERNEL_THREADS) — part 0 on this
 * thread, the others in Workers, each with its own kernel instance — then the split guesses checked
 * and the parts merged exactly (@tally/kernel-wasm: findDataStart, resolveParts, mergeParts). The
 * result equals one aggregator's over the whole file: groups, counts, sums, rejections and their
 * line numbers (property tests in packages/kernel-wasm/src/part-split.property.test.ts and
 * parallel-aggregate.test.ts here; the CLI's whole process in packages/cli).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { findDataStart, MAX_RECORD, normalizeSpec, resolveParts, sampleSplitKey, splitTargets, SPLIT_SAMPLE_BYTES } from "../../kernel.ts";
import type { AggregateResult, AggregateSpec, Kernel, PartResult, RenderTarget } from "../../kernel.ts";
import { readPart, readPartYielding, runPart, type PartJob } from "./read-part.ts";
import { startAggregateWorker, type WorkerPool } from "./worker-pool.ts";
import { runInWorker } from "./run-in-worker.ts";
import { aggregateExchanged } from "./exchange-aggregate.ts";

/**
 * What aggregating in parts needs of a loaded kernel; its compiled `module`, when given, goes to the
 * Workers with their jobs (see PartJob.module).
 */
export type PartKernel = Pick<Kernel, "createPart" | "mergeParts"> & Partial<Pick<Kernel, "module">>;

/** Below this many bytes per part a Worker's start-up (~15-40 ms) costs more than it saves. */
export const MIN_PART_BYTES = 4 * 1024 * 1024;

/** Worker threads available: Bun and Deno have Web Workers; elsewhere (Node) this returns false. */
export function canUseWorkers(): boolean {
  return typeof globalThis.Worker === "function";
}

/** The default for --threads: the cores this process may use. */
export function defaultThreads(): number {
  const n = globalThis.navigator?.hardwareConcurrency;
  return Number.isInteger(n) && n! > 0 ? n! : 1;
}

/**
 * Starts the Workers for `threads` parts (all but part 0, which runs on this thread) ahead of time:
 * a Worker takes 15-40 ms to start and load its modules, which can overlap loading ours (its kernel comes
 * compiled with its first job). Returns
 * none when splitting cannot apply (one thread, no Workers, a file too small to split).
 */
export function prestartWorkers(path: string, threads: number, minPartBytes = MIN_PART_BYTES): Worker[] {
  if (threads < 2 || !canUseWorkers()) return [];
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return []; // the caller's own stat reports it
  }
  if (size < 2 * minPartBytes) return [];
  return Array.from({ length: Math.min(threads, Math.floor(size / minPartBytes)) - 1 }, startAggregateWorker);
}

export interface ParallelOptions {
  /** Smallest part (default MIN_PART_BYTES); tests lower it to split small files. */
  minPartBytes?: number;
  /** Workers to use first (from prestartWorkers); they and any started here are ended afterwards. */
  workers?: Worker[];
  /** Where Workers come from and go back to instead (a service): none are ended while healthy. */
  pool?: WorkerPool;
  /** Awaited after each read of part 0, which runs on this thread: a service's keep-alive. */
  onChunk?: () => void | Promise<void>;
  /** The groups as output rows when the kernel can write them (see the aggregator option `render`). */
  render?: RenderTarget;
  /**
   * Two parts written as rows with one CSV key: a key-range exchange between them (exchange-aggregate.ts)
   * when the keys sampled from the file are many ("auto", the default), never, or around this split key
   * (tests). The rows are the same in every case.
   */
  exchange?: "auto" | "never" | { split: Uint8Array };
}

/**
 * Aggregates `path` in up to `threads` parts; null when splitting does not apply (one thread, a
 * small file, no Workers, a header not found in the first MiB) and the caller should stream it.
 */
export async function aggregateFileParallel(path: string, spec: AggregateSpec, threads: number, kernel: PartKernel, options: ParallelOptions = {}): Promise<AggregateResult | null> {
  const workers: Worker[] = options.workers ?? [];
  const fromPool: Worker[] = [];
  const take = (i: number): Worker => {
    if (i < workers.length) return workers[i]!;
    const w = options.pool ? options.pool.take(1)[0]! : startAggregateWorker();
    (options.pool ? fromPool : workers).push(w);
    return w;
  };
  let healthy = false;
  try {
    const result = await splitAndAggregate(path, spec, threads, kernel, take, options);
    healthy = true;
    return result;
  } finally {
    for (const w of workers) w.terminate();
    options.pool?.give(fromPool, healthy);
  }
}

async function splitAndAggregate(
  path: string,
  spec: AggregateSpec,
  threads: number,
  kernel: PartKernel,
  worker: (i: number) => Worker,
  { minPartBytes = MIN_PART_BYTES, onChunk, render, exchange = "auto" }: ParallelOptions,
): Promise<AggregateResult | null> {
  if (threads < 2 || !canUseWorkers()) return null;
  const size = statSync(path).size;
  if (size < 2 * minPartBytes) return null;
  const fd = openSync(path, "r");
  let bounds: number[];
  let start;
  let split: Uint8Array | null = null;
  try {
    // The header from the first 64 KiB, as a rule; only a longer one costs the read of the most a
    // header may take (1 MiB more: 3-6 ms of the critical path here, for its buffer and copy).
    const normalized = normalizeSpec(spec);
    let head = readAt(fd, 0, Math.min(size, 65536));
    start = findDataStart(head, normalized, head.length === size);
    if (!start && head.length < size) {
      head = readAt(fd, 0, Math.min(size, MAX_RECORD + 65536));
      start = findDataStart(head, normalized, head.length === size);
    }
    if (!start) return null;
    const parts = Math.min(threads, Math.floor((size - start.offset) / minPartBytes));
    if (parts < 2) return null;
    const cuts = splitTargets(start.offset, size, parts).map((t) => afterNextLf(fd, t, size));
    bounds = [start.offset, ...new Set(cuts.filter((c) => c > start!.offset && c < size)), size].sort((a, b) => a - b);
    // Two parts written as rows, one key: many keys go faster with a key-range exchange (exchange-aggregate.ts).
    if (render !== undefined && bounds.length === 3 && normalized.keys.length === 1 && normalized.format === "csv" && exchange !== "never") {
      split = exchange !== "auto" ? exchange.split : sampleSplitKey([head.subarray(start.offset), readAt(fd, bounds[1]!, Math.min(SPLIT_SAMPLE_BYTES, size - bounds[1]!))], start.positions[0]!);
    }
  } finally {
    closeSync(fd);
  }
  const { positions } = start;
  const job = (from: number, to: number, eof: boolean): PartJob => ({ path, start: from, end: to, eof, spec, positions, module: kernel.module });
  if (split && render !== undefined) {
    const plan = { spec, positions, bounds: bounds as [number, number, number], firstLine: start.line, split, render, job, onChunk };
    const result = await aggregateExchanged(plan, kernel, worker(0));
    if (result) return result;
  }
  const n = bounds.length - 1;
  // Two parts written as rows: each part sorts its own table, at the same time on its own thread, and
  // part 0's instance walks both in key order instead of merging one table into the other (part-join.ts).
  const join = render !== undefined && n === 2 && normalizeSpec(spec).keys.length === 1;
  // Workers first (they take a while to start), then part 0 here meanwhile.
  const inWorkers = bounds.slice(1, -1).map((from, i) => runInWorker(worker(i), { ...job(from, bounds[i + 2]!, i + 2 === n), ...(join ? { sorted: true } : {}) }));
  // Part 0 keeps its table in its kernel instance: the other parts are merged into it.
  const part0 = kernel.createPart(spec, positions);
  let first: PartResult;
  try {
    const job0 = job(bounds[0]!, bounds[1]!, n === 1);
    first = onChunk ? await readPartYielding(part0, job0, true, onChunk) : readPart(part0, job0, true);
  } catch (error) {
    await Promise.allSettled(inWorkers.map((w) => w.result));
    throw error;
  }
  const order = join ? part0.sortKept() : 0;
  try {
    const parts = await resolveParts(bounds, [Promise.resolve(first), ...inWorkers.map((w) => w.result)], async (from, to, eof) => runPart(kernel, job(from, to, eof)));
    // The Worker's entries only while part 1 is its part (not re-run here after a wrong split guess).
    const other = order !== 0 && parts[1] === (await inWorkers[0]!.result) ? ((await inWorkers[0]!.follow)?.sorted ?? null) : null;
    return kernel.mergeParts(spec, parts, start.line, size, { keyOrder: true, render, first: part0, ...(other ? { sorted: { order, other } } : {}) });
  } finally {
    part0.release(); // when its table was not merged into (a re-run replaced part 0)
  }
}

function readAt(fd: number, at: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, at + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/**
 * Just past the first LF at or after `at` (the likeliest record start there), or `at` itself when
 * none is within 64 KiB: any guess is safe, resolveParts checks it.
 */
function afterNextLf(fd: number, at: number, size: number): number {
  const window = readAt(fd, at, Math.min(65536, size - at));
  const i = window.indexOf(10);
  return i < 0 ? at : at + i + 1;
}
