/**
 * The JS half of the kernel boundary: copies each chunk once into the kernel's input region, drives
 * push/resume/finish, drains groups when the kernel's table fills, and reads results from memory.
 */
import * as C from "./constants.ts";
import { CsvHeaderReader } from "./csv-header.ts";
import { AggregatorStateError, KernelTrapError } from "./errors.ts";
import { GroupMap } from "./group-map.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { pushStaged, settleFull } from "./push-staged.ts";
import { writeSpec } from "./kernel-spec.ts";
import { BomStripper } from "./prelude.ts";
import { reasonText } from "./reasons.ts";
import type { NormalizedSpec } from "./spec.ts";
import { RawGroups } from "./raw-groups.ts";
import { readTable } from "./read-groups.ts";
import type { RenderedRows, RenderTarget } from "./rendered-rows.ts";
import type { AggregateResult, Aggregator, DirectInput, Group, Rejection } from "./types.ts";

export interface AggregatorOptions {
  /**
   * Bytes gathered in the input region before the kernel parses them (default 64 KiB). Small pushes
   * are batched so a record spread over many tiny chunks is not re-parsed for each one; tests set 1
   * to exercise record carry-over between kernel calls.
   */
  batchBytes?: number;
  /** Most bytes copied or offered by `inputSpace()` per kernel parse (default PARSE_PIECE, 256 KiB). */
  pieceBytes?: number;
  /** Groups in key order when the kernel can sort them (see AggregateResult.keyOrdered). */
  keyOrder?: boolean;
  /**
   * Return the groups as `result.raw` (the arena's bytes, see RawGroups) with `groups` empty, when
   * the kernel's table was read only once, at the end (it is for any input under ~600k groups);
   * otherwise `raw` is absent and `groups` is filled as usual.
   */
  rawGroups?: boolean;
  /**
   * Return the groups as output rows (`result.rendered`, see rendered-rows.ts) with `groups` empty,
   * when the kernel sorted them (`keyOrder`) and every key is ASCII; otherwise `groups` as usual.
   * A RowSink takes the rows piece by piece instead (`rendered.bytes` is then empty).
   */
  render?: RenderTarget;
}

/**
 * Default most bytes copied (or offered by `inputSpace()`) before the kernel parses them. The parse
 * then reads bytes still in the L2 cache; copying a 4 MiB chunk whole and parsing it afterwards read
 * them back from further out (bench/kernel-piece-ab.ts; figures in bench/RESULTS.md).
 */
export const PARSE_PIECE = 256 * 1024;

/**
 * Called once per aggregator with its instance when the aggregator is done with it: after `finish()`,
 * on `release()`, or after an error. `reusable` is false after a trap (the instance's state is then
 * unknown and it must be dropped); otherwise the instance may serve a later aggregator, whose
 * `init()` resets every piece of kernel state.
 */
export type ReleaseInstance = (x: KernelExports, reusable: boolean) => void;

export class KernelAggregator implements Aggregator, DirectInput {
  private readonly bom = new BomStripper();
  private readonly header: CsvHeaderReader | null;
  private configured = false;
  private staged = 0;
  private bytes = 0;
  private readonly groups: GroupMap;
  private readonly batch: number;
  private readonly piece: number;
  private result: AggregateResult | null = null;
  private finalGroups: Group[] | null = null;
  private keyOrdered = false;
  private readonly keyOrder: boolean;
  private readonly rawWanted: boolean;
  private raw: RawGroups | null = null;
  private readonly renderAs: RenderTarget | undefined;
  private rendered: RenderedRows | null = null;
  private dead = false;
  /** release() was called before finish(). */
  private released = false;
  /** The kernel instance, until it is handed back (finish, release, error); then null. */
  private x: KernelExports | null;
  /** Length of the last `inputSpace()` view, and whether it was the JS scratch buffer (-1: none). */
  private spaceLength = -1;
  private spaceScratch: Uint8Array | null = null;

  /**
   * `x` is this aggregator's own instance until it hands it to `onRelease` (exactly once); no other
   * live aggregator may use it meanwhile.
   */
  constructor(
    x: KernelExports,
    private readonly spec: NormalizedSpec,
    options: AggregatorOptions = {},
    private readonly onRelease: ReleaseInstance = () => {},
  ) {
    this.x = x;
    this.batch = Math.max(1, Math.min(options.batchBytes ?? 65536, C.MAX_CHUNK));
    this.piece = Math.max(1, Math.min(options.pieceBytes ?? PARSE_PIECE, C.MAX_CHUNK));
    this.groups = new GroupMap(spec.sum !== undefined);
    this.keyOrder = options.keyOrder === true;
    this.rawWanted = options.rawGroups === true;
    this.renderAs = options.render;
    this.header = spec.format === "csv" ? new CsvHeaderReader(spec) : null;
    if (!this.header) this.guard(() => this.configure([], 1));
  }

  /** Diagnostics: the kernel instance's current linear-memory size (at most 64 MiB); 0 once handed back. */
  get memoryBytes(): number {
    return this.x?.memory.buffer.byteLength ?? 0;
  }

  /** The instance; only reached after checkUsable(), so it is still ours. */
  private get k(): KernelExports {
    if (this.x === null) throw new AggregatorStateError("aggregator has handed back its kernel instance");
    return this.x;
  }

  /**
   * Gives the kernel instance back without finishing (an abandoned stream, a failed source): it goes
   * back to the kernel's pool for a later aggregator. Idempotent; a no-op after `finish()` (which
   * already gave it back) or after an error (which did too). push/finish afterwards throw
   * AggregatorStateError; a finished aggregator's `finish()` still returns its result.
   */
  release(): void {
    if (!this.result) this.released = true;
    this.handBack(true);
  }

  private handBack(reusable: boolean): void {
    const x = this.x;
    if (x === null) return;
    this.x = null;
    this.spaceScratch = null;
    this.spaceLength = -1;
    this.onRelease(x, reusable);
  }

  push(chunk: Uint8Array): void {
    this.checkUsable();
    this.spaceLength = -1; // a pending inputSpace() view may be overwritten now
    this.bytes += chunk.length;
    this.guard(() => this.feed(this.bom.feed(chunk), false));
  }

  /**
   * DirectInput: where the next bytes go. Once the header (CSV) and a possible BOM are behind us this
   * is a view on the input region just after the staged bytes (and the carried tail); before that a
   * small JS scratch buffer whose bytes `pushWritten` passes to `push`. Valid until the next call.
   */
  inputSpace(): Uint8Array {
    this.checkUsable();
    if (!this.configured || !this.bom.settled) {
      this.spaceScratch ??= new Uint8Array(this.batch);
      this.spaceLength = this.spaceScratch.length;
      return this.spaceScratch;
    }
    this.spaceScratch = null;
    const room = Math.min(this.k.inputRoom() - this.staged, this.piece);
    this.spaceLength = room;
    // A fresh view: earlier kernel calls may have grown (and so detached) the memory buffer.
    return new Uint8Array(this.k.memory.buffer, this.k.inputPtr() + this.staged, room);
  }

  /** DirectInput: `n` bytes were written at the start of the last `inputSpace()` view. */
  pushWritten(n: number): void {
    this.checkUsable();
    const room = this.spaceLength;
    const scratch = this.spaceScratch;
    if (!Number.isSafeInteger(n) || n < 0 || n > room) {
      throw new RangeError(room < 0 ? "pushWritten without inputSpace" : `pushWritten(${n}): the input space holds ${room} bytes`);
    }
    this.spaceLength = -1;
    this.spaceScratch = null;
    if (scratch) return this.push(scratch.subarray(0, n));
    this.bytes += n;
    this.staged += n;
    if (this.staged >= this.batch || n === room) this.guard(() => this.flushStaged());
  }

  finish(): AggregateResult {
    if (this.result) return this.result;
    this.checkUsable();
    const result = this.guard(() => {
      this.feed(this.bom.finish(), true);
      if (this.configured) {
        this.flushStaged();
        settleFull(this.k, this.k.finish(), () => this.drain());
        this.drain(true);
      }
      this.result = {
        groups: this.finalGroups ?? this.groups.toArray(),
        records: this.configured ? this.k.recordCount() : 0,
        rejectedCount: this.configured ? this.k.rejectedCount() : 0,
        rejections: this.configured ? this.readRejections() : [],
        bytes: this.bytes,
        ...(this.keyOrdered ? { keyOrdered: true } : {}),
        ...(this.raw ? { raw: this.raw } : {}),
        ...(this.rendered ? { rendered: this.rendered } : {}),
      };
      return this.result;
    });
    // Everything is copied out of WASM memory: the instance can serve the next aggregator.
    this.handBack(true);
    return result;
  }

  private checkUsable(): void {
    if (this.result) throw new AggregatorStateError("aggregator already finished");
    if (this.dead) throw new AggregatorStateError("aggregator unusable after an earlier error");
    if (this.released) throw new AggregatorStateError("aggregator released");
  }

  /**
   * Runs `f`; a trap becomes KernelTrapError, and any error leaves the aggregator unusable and hands
   * its instance back. Only a trap can leave the instance inconsistent (a kernel call has no imports,
   * so nothing else interrupts one): such an instance is dropped, any other goes back to the pool.
   */
  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.dead = true;
      const trap = e instanceof WebAssembly.RuntimeError || e instanceof KernelTrapError;
      this.handBack(!trap);
      throw e instanceof WebAssembly.RuntimeError ? new KernelTrapError(e) : e;
    }
  }

  private configure(positions: number[], lineBase: number): void {
    writeSpec(this.k.memory, this.spec, positions, lineBase);
    if (this.k.init() !== 0) throw new KernelTrapError("kernel static data overlaps the layout");
    this.configured = true;
  }

  private feed(data: Uint8Array, eof: boolean): void {
    if (!this.configured) {
      const h = this.header!.feed(data, eof);
      if (!h) return;
      this.configure(h.positions, h.nextLine);
      data = h.rest;
    }
    let off = 0;
    while (off < data.length) {
      const room = this.k.inputRoom() - this.staged;
      const n = Math.min(room, data.length - off, this.piece);
      // A fresh view each time: kernel calls may have grown (and so detached) the memory buffer.
      new Uint8Array(this.k.memory.buffer, this.k.inputPtr() + this.staged, n).set(data.subarray(off, off + n));
      this.staged += n;
      off += n;
      if (this.staged >= this.batch || n === room) this.flushStaged();
    }
  }

  private flushStaged(): void {
    if (this.staged === 0) return;
    const n = this.staged;
    this.staged = 0;
    pushStaged(this.k, n, () => this.drain());
  }

  /**
   * Moves the kernel's groups to JS and empties the kernel table. A single final drain with
   * well-formed keys is already the answer; otherwise groups merge in a Map (slow for many groups).
   */
  private drain(final = false): void {
    const only = final && this.groups.size === 0;
    if (only && this.rawWanted) {
      const start = this.k.arenaStart();
      // A copy into a fresh array: ArrayBuffer.slice of the WASM memory cost ~1.7 µs more per message.
      const arena = new Uint8Array(this.k.arenaEnd() - start);
      arena.set(new Uint8Array(this.k.memory.buffer, start, arena.length));
      this.raw = new RawGroups(arena, this.spec.keys.length);
      this.finalGroups = [];
      this.k.reset();
      return;
    }
    const r = readTable(this.k, this.spec, only && this.keyOrder, only ? this.renderAs : undefined);
    if (only && r.distinct) {
      this.finalGroups = r.groups;
      this.keyOrdered = r.keyOrdered;
      this.rendered = r.rendered ?? null;
    } else for (const g of r.groups) this.groups.add(g.key, g.count, g.sum ?? 0n);
    this.k.reset();
  }

  private readRejections(): Rejection[] {
    const n = this.k.rejectionsStored();
    const view = new DataView(this.k.memory.buffer, C.REJECT_BASE, n * C.REJECT_ENTRY);
    const out: Rejection[] = [];
    for (let i = 0; i < n; i++) {
      const at = i * C.REJECT_ENTRY;
      out.push({ line: Number(view.getBigInt64(at, true)), reason: reasonText(view.getInt32(at + 8, true)) });
    }
    return out;
  }
}
