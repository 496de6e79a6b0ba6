import { Counter, type Registry } from "prom-client";
import { HttpError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import type { ComputeReply, ComputeRequest } from "./compute-worker.ts";

/** A pure function a route computes its answer with: structured-cloneable arguments and result. */
export type ComputeFn<A extends unknown[], R> = (...args: A) => R;

export interface ComputePoolOptions<A extends unknown[], R> {
  /** What the pool is for, in logs. */
  name: string;
  /** The function itself, run in the caller's thread until the workers are ready (and when threads is 0). */
  fn: ComputeFn<A, R>;
  /** The module that exports the same function under `exportName`, loaded by each worker. */
  module: string | URL;
  exportName: string;
  /** Worker threads; 0 computes every call in the caller's thread. */
  threads: number;
  logger?: Logger;
  /** Where `tally_compute_calls_total{pool,on}` is registered (on = worker or caller). */
  registry?: Registry;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Calls handed to this worker and not yet answered, by id: their arguments, for a re-run if it dies. */
  pending: Map<number, { args: unknown[]; resolve: (r: never) => void; reject: (e: unknown) => void }>;
}

/**
 * Runs a pure, CPU-bound function on worker threads, so a hot route that only computes (POST /process)
 * uses every core while the service's own thread keeps reading and answering HTTP — one front for every
 * route, no port sharing, and each call goes to the least busy worker (with SO_REUSEPORT a connection
 * stays on the thread that accepted it, and an uneven split of connections became the slow tail).
 *
 * The workers start on the first call, in the background; until one is ready — and always when `threads`
 * is 0 — a call runs in the caller's thread, synchronously. A worker that dies has its calls run again
 * here (the function is pure), and is replaced once. An HttpError thrown by the function keeps its
 * status, code and message across the thread; anything else becomes a 500 as it would in the thread.
 */
export class ComputePool<A extends unknown[], R> {
  private slots: Slot[] = [];
  private started = false;
  private closed = false;
  private nextId = 0;
  private replaced = 0;
  private readonly counted: { worker: () => void; caller: () => void };

  constructor(private readonly opts: ComputePoolOptions<A, R>) {
    this.counted = callCounters(opts.name, opts.registry);
  }

  /** The answer, synchronously when computed here, else a promise of the worker's answer. */
  run(...args: A): R | Promise<R> {
    if (!this.started) this.start();
    let best: Slot | undefined;
    for (const slot of this.slots) if (slot.ready && (best === undefined || slot.pending.size < best.pending.size)) best = slot;
    if (best === undefined) {
      this.counted.caller();
      return this.opts.fn(...args);
    }
    this.counted.worker();
    const target = best;
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      if (target.pending.size === 0) held(target.worker).ref();
      target.pending.set(id, { args, resolve: resolve as (r: never) => void, reject });
      target.worker.postMessage([id, ...args] satisfies ComputeRequest);
    });
  }

  /** Workers currently ready. */
  get readyThreads(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /** Resolves once every worker answered its start (ready or failed); starts them if needed. */
  async whenStarted(timeoutMs = 10_000): Promise<void> {
    if (!this.started) this.start();
    const deadline = Date.now() + timeoutMs;
    while (this.slots.some((s) => !s.ready) && !this.closed) {
      if (Date.now() > deadline) throw new Error(`${this.opts.name}: compute workers not ready after ${timeoutMs} ms`);
      await Bun.sleep(5);
    }
  }

  /** Stops the workers; calls in flight are computed here so none is lost. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots) this.retire(slot, "closed");
  }

  private start(): void {
    this.started = true;
    for (let i = 0; i < this.opts.threads; i++) this.spawn();
  }

  private spawn(): void {
    if (this.closed) return;
    const worker = new Worker(new URL("./compute-worker.ts", import.meta.url).href);
    const slot: Slot = { worker, ready: false, pending: new Map() };
    this.slots.push(slot);
    worker.onmessage = (event: MessageEvent<ComputeReply>) => this.reply(slot, event.data);
    worker.onerror = (event) => this.lost(slot, event.message);
    worker.addEventListener("close", () => this.lost(slot, "exited"));
    held(worker).unref();
    worker.postMessage({ kind: "load", module: String(this.opts.module), exportName: this.opts.exportName } satisfies ComputeRequest);
  }

  private reply(slot: Slot, msg: ComputeReply): void {
    if (!Array.isArray(msg)) {
      if (msg.kind === "loaded") {
        slot.ready = true;
        return;
      }
      this.opts.logger?.error("compute worker could not load its function; computing in the service's thread", { pool: this.opts.name, error: msg.message });
      this.retire(slot, "load failed");
      return;
    }
    const call = slot.pending.get(msg[0]);
    if (call === undefined) return;
    slot.pending.delete(msg[0]);
    if (slot.pending.size === 0) held(slot.worker).unref();
    if (msg[1] === 0) call.resolve(msg[2] as never);
    else call.reject(msg[2] === 0 ? new Error(msg[4]) : new HttpError(msg[2] as never, msg[3], msg[4]));
  }

  /** A worker that failed or exited on its own: its calls are re-run here, and it is replaced once. */
  private lost(slot: Slot, why: string): void {
    if (!this.slots.includes(slot)) return; // retired already (closed, or it could not load)
    this.opts.logger?.error("compute worker died", { pool: this.opts.name, error: why });
    this.retire(slot, "died");
    if (this.replaced++ < this.opts.threads) this.spawn();
  }

  /** Takes a worker out of the pool; what it still owed is computed here. */
  private retire(slot: Slot, why: string): void {
    this.slots = this.slots.filter((s) => s !== slot);
    slot.ready = false;
    slot.worker.terminate();
    for (const call of slot.pending.values()) {
      this.counted.caller();
      try {
        call.resolve(this.opts.fn(...(call.args as A)) as never);
      } catch (err) {
        call.reject(err);
      }
    }
    if (slot.pending.size > 0) this.opts.logger?.warn("compute calls re-run in the service's thread", { pool: this.opts.name, calls: slot.pending.size, why });
    slot.pending.clear();
  }
}

/**
 * An idle worker must not keep the process alive, so it is unref'd; a worker with calls in flight is
 * ref'd. Under Bun 1.4.5, a thread that awaits an unref'd worker's answer with nothing else keeping its
 * event loop alive spins instead of sleeping (a pool driven by a loop of calls burned a core in
 * postMessage); a served port keeps the loop alive, so the service itself did not show it.
 */
function held(worker: Worker): Worker & { ref(): void; unref(): void } {
  return worker as Worker & { ref(): void; unref(): void };
}

/** One counter per registry (several pools share it by label); a no-op without a registry. */
function callCounters(pool: string, registry: Registry | undefined): { worker: () => void; caller: () => void } {
  if (registry === undefined) return { worker: () => {}, caller: () => {} };
  const counter =
    (registry.getSingleMetric("tally_compute_calls_total") as Counter<"pool" | "on"> | undefined) ??
    new Counter({
      name: "tally_compute_calls_total",
      help: "Calls of a compute pool's function (e.g. POST /process) by where they were run: handed to a worker thread, or on the caller's (a call re-run there after its worker died counts once on each)",
      labelNames: ["pool", "on"] as const,
      registers: [registry],
    });
  const worker = counter.labels(pool, "worker");
  const caller = counter.labels(pool, "caller");
  return { worker: () => worker.inc(), caller: () => caller.inc() };
}
