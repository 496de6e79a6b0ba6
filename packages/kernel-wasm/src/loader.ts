/**
 * Loads the kernel from wasm bytes or a precompiled module. Runtime-neutral: no `node:` imports, so it
 * works on Bun, Node, Deno and edge workers (which cannot compile bytes at run time — give them a
 * precompiled WebAssembly.Module).
 */
import { KernelError, KernelLoadError } from "./errors.ts";
import { KernelAggregator, type AggregatorOptions } from "./kernel-aggregator.ts";
import { missingExports, type KernelExports } from "./kernel-exports.ts";
import { PartAggregator, type PartResult } from "./part-aggregator.ts";
import { mergeParts } from "./part-merge.ts";
import { joinParts, type SortedEntries } from "./part-join.ts";
import { JsonProjector, type JsonProjectorOptions } from "./json-projector.ts";
import type { RenderTarget } from "./rendered-rows.ts";
import { normalizeSpec } from "./spec.ts";
import type { AggregateResult, AggregateSpec, Aggregator, DirectInput } from "./types.ts";

export type WasmSource = BufferSource | WebAssembly.Module;

/**
 * One build, or both: `{ simd, scalar }` picks the SIMD build when this runtime validates it and
 * falls back to the scalar build otherwise.
 */
export type KernelSource = WasmSource | { simd?: WasmSource; scalar: WasmSource };

export interface LoadKernelOptions {
  /** false: use the scalar build even where SIMD works. true: fail unless the SIMD build loads. */
  simd?: boolean;
  /**
   * Idle instances kept for later aggregators (default DEFAULT_POOL_SIZE; 0: every aggregator
   * instantiates its own, ~0.4–0.6 ms each).
   */
  poolSize?: number;
}

/** Default `poolSize`: idle kernel instances kept per loaded kernel. */
export const DEFAULT_POOL_SIZE = 4;

/** How Kernel.mergeParts combines the parts. */
export interface MergeOptions {
  /** Groups in key order (one key field: UTF-8 byte order). */
  keyOrder?: boolean;
  /** The groups as output rows (see the aggregator option `render`). */
  render?: RenderTarget;
  /** The aggregator of parts[0] when it kept its table (end(eof, true)): merged into. */
  first?: PartAggregator;
  /**
   * Two parts, written as `render` rows: parts[0]'s kept table sorted at `order` (first.sortKept())
   * and parts[1]'s entries in key order (its aggregator's planGather().sorted), walked together instead of
   * merged (part-join.ts). Ignored (the parts are merged) when the join does not apply.
   */
  sorted?: { order: number; other: SortedEntries };
}

export interface Kernel {
  /** Whether the loaded build uses v128 SIMD. */
  readonly simd: boolean;
  /** The compiled module (reusable, e.g. to hand to a worker). */
  readonly module: WebAssembly.Module;
  /**
   * A streaming aggregator with a kernel instance of its own (own memory, at most 64 MiB) for as long
   * as it lives: an idle one from the pool, else a new one. `finish()`, `release()` or an error hands
   * the instance back; a pooled instance is reset by the next aggregator's `init()`. An aggregator
   * that is dropped without either just lets its instance be garbage-collected.
   */
  createAggregator(spec: AggregateSpec, options?: AggregatorOptions): Aggregator & DirectInput & { release(): void };
  /**
   * An aggregator for one part of a split input (see part-aggregator.ts): starts at a record,
   * reads no header (`positions` are the CSV columns from findDataStart), keeps groups as raw arena
   * bytes. `end()` hands its instance back.
   */
  createPart(spec: AggregateSpec, positions: number[], options?: AggregatorOptions): PartAggregator;
  /** Merges consecutive parts' results into one AggregateResult (see part-merge.ts). */
  mergeParts(spec: AggregateSpec, parts: readonly PartResult[], firstLine: number, bytes: number, options?: MergeOptions): AggregateResult;
  /**
   * A projector of `fields` from JSON arrays of objects (see json-projector.ts), with a kernel
   * instance of its own for its whole life (not pooled: it is meant to be kept and called often).
   */
  createProjector(fields: readonly string[], options?: JsonProjectorOptions): JsonProjector;
  /** Diagnostics: idle instances in the pool now. */
  readonly pooledInstances: number;
}

function isPair(s: KernelSource): s is { simd?: WasmSource; scalar: WasmSource } {
  return typeof s === "object" && s !== null && "scalar" in s;
}

async function compile(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  try {
    return await WebAssembly.compile(source);
  } catch (e) {
    throw new KernelLoadError(`cannot compile kernel: ${String(e)}`, { cause: e });
  }
}

/**
 * Compiles (or takes) the kernel module and checks it. With `{ simd, scalar }` the SIMD build is used
 * when this runtime compiles it (and `opts.simd` is not false), else the scalar build. Compiling is
 * the test: a WebAssembly.validate first cost more than the compile itself (~2 ms of every start).
 */
export async function loadKernel(source: KernelSource, opts: LoadKernelOptions = {}): Promise<Kernel> {
  let module: WebAssembly.Module;
  if (isPair(source)) {
    // A runtime without SIMD refuses the SIMD build with a CompileError: then the scalar build.
    const unsupported = (e: KernelLoadError) => (e.cause instanceof WebAssembly.CompileError ? null : Promise.reject(e));
    const simd = opts.simd !== false && source.simd !== undefined ? await compile(source.simd).catch(unsupported) : null;
    if (opts.simd === true && !simd) throw new KernelLoadError("SIMD build requested but not usable here");
    module = simd ?? (await compile(source.scalar));
  } else {
    module = await compile(source);
  }
  const missing = missingExports(module);
  if (missing.length > 0) throw new KernelLoadError(`not a Tally kernel: missing exports ${missing.join(", ")}`);
  const first = instantiate(module);
  const simd = first.simd() === 1;
  if (opts.simd === true && !simd) throw new KernelLoadError("SIMD build requested but the module is the scalar build");
  if (opts.simd === false && simd) throw new KernelLoadError("scalar build requested but the module is the SIMD build");
  const poolSize = opts.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 0) throw new KernelLoadError(`poolSize must be an integer >= 0, got ${poolSize}`);
  const pool = new InstancePool(poolSize, first.memory.buffer.byteLength);
  pool.give(first, true);
  return {
    simd,
    module,
    createAggregator(spec, options) {
      const normalized = normalizeSpec(spec); // a bad spec throws before an instance is taken
      return new KernelAggregator(pool.take() ?? instantiate(module), normalized, options, (x, reusable) => pool.give(x, reusable));
    },
    createPart(spec, positions, options) {
      const normalized = normalizeSpec(spec);
      return new PartAggregator(pool.take() ?? instantiate(module), normalized, positions, (x, reusable) => pool.give(x, reusable), options?.pieceBytes);
    },
    mergeParts(spec, parts, firstLine, bytes, options) {
      const normalized = normalizeSpec(spec);
      // `first`: the aggregator of parts[0] when it kept its table (end(eof, true)); merged into.
      const kept = parts[0]?.kept ? options?.first?.takeKept() : null;
      if (parts[0]?.kept && !kept) throw new RangeError("mergeParts: parts[0] kept its table: pass its aggregator as options.first");
      const x = kept?.x ?? pool.take() ?? instantiate(module);
      let reusable = false;
      try {
        const { sorted, render } = options ?? {};
        const joined = kept && sorted && render && sorted.order !== 0 ? joinParts(x, normalized, parts, firstLine, bytes, sorted.order, sorted.other, render) : null;
        const result = joined ?? mergeParts(x, normalized, parts, firstLine, bytes, options?.keyOrder, render);
        reusable = true;
        return result;
      } finally {
        if (kept) kept.giveBack(x, reusable);
        else pool.give(x, reusable);
      }
    },
    createProjector(fields, options) {
      return new JsonProjector(instantiate(module), fields, options);
    },
    get pooledInstances() {
      return pool.size;
    },
  };
}

/**
 * Idle kernel instances. An instance is in here or owned by exactly one live aggregator, never both:
 * `take` removes it, and each aggregator gives its instance back once. Only instances whose memory
 * never grew are kept (a grown one holds up to 64 MiB; it is left to the garbage collector).
 */
class InstancePool {
  private readonly idle: KernelExports[] = [];

  constructor(
    private readonly max: number,
    private readonly initialBytes: number,
  ) {}

  get size(): number {
    return this.idle.length;
  }

  take(): KernelExports | undefined {
    return this.idle.pop();
  }

  give(x: KernelExports, reusable: boolean): void {
    if (reusable && this.idle.length < this.max && x.memory.buffer.byteLength <= this.initialBytes) this.idle.push(x);
  }
}

function instantiate(module: WebAssembly.Module): KernelExports {
  try {
    return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch (e) {
    if (e instanceof KernelError) throw e;
    throw new KernelLoadError(`cannot instantiate kernel: ${String(e)}`, { cause: e });
  }
}
