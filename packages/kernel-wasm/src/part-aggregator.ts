/**
 * One part of a file split for parallel aggregation: bytes from a record start (past the CSV header
 * and any BOM) up to a split point. Unlike KernelAggregator it reads no header and keeps the groups
 * as raw arena bytes (merged later by mergeParts in another instance), and when the part is not the
 * end of the input it says whether its bytes ended exactly at a record boundary — the check that
 * makes a speculative split point safe under RFC 4180 (see parallel.md).
 */
import * as C from "./constants.ts";
import { AggregatorStateError, KernelTrapError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { canJoin, JOIN_MIN_GROUPS, planGather, type GatherPlan } from "./part-join.ts";
import { PartExchange, type ExchangeSide } from "./part-exchange.ts";
import { readTable } from "./read-groups.ts";
import { renderRowsInPlace, type RenderedRows, type RenderTarget, type RowFormat } from "./rendered-rows.ts";
import { pushStaged, settleFull, settlePush } from "./push-staged.ts";
import { writeSpec } from "./kernel-spec.ts";
import { PARSE_PIECE, type ReleaseInstance } from "./kernel-aggregator.ts";
import { reasonText } from "./reasons.ts";
import type { NormalizedSpec } from "./spec.ts";
import type { Rejection } from "./types.ts";
import type { PartResult } from "./part-result.ts";

export type { PartResult };

/** node:fs readSync's signature: bytes of `fd` at `position` into `into` at `offset`; 0 at the end of the file. */
export type ReadAt = (fd: number, into: Uint8Array, offset: number, length: number, position: number) => number;

export class PartAggregator {
  private x: KernelExports | null;
  private staged = 0;
  private space = -1;
  private readonly arenas: Uint8Array[] = [];
  private exchanged: PartExchange | null = null;

  /** `positions`: CSV columns of the keys then the sum (ignored for ndjson and log). */
  constructor(
    x: KernelExports,
    private readonly spec: NormalizedSpec,
    positions: number[],
    private readonly onRelease: ReleaseInstance = () => {},
    private readonly piece = PARSE_PIECE,
    private readonly batch = 65536,
  ) {
    this.x = x;
    try {
      writeSpec(x.memory, spec, positions, 1);
      if (x.init() !== 0) throw new KernelTrapError("kernel static data overlaps the layout");
    } catch (e) {
      this.handBack(false);
      throw e;
    }
  }

  private get k(): KernelExports {
    if (this.x === null) throw new AggregatorStateError("part aggregator already ended");
    return this.x;
  }

  /**
   * Takes part in a key-range exchange with the other part of a file split in two (part-exchange.ts),
   * before the first bytes: this part's table then holds only the keys on its side, every record of
   * them from both parts; end() waits for the other part's last records. A table that fills up, or
   * the other side failing, ends the part with ExchangeAbortedError (the caller aggregates without).
   */
  exchange(side: ExchangeSide): void {
    this.guard(() => {
      this.exchanged = new PartExchange(this.k, side);
    });
  }

  /** A view on the kernel's input region for the next bytes (valid until the next call). */
  inputSpace(): Uint8Array {
    const k = this.k;
    const room = Math.min(k.inputRoom() - this.staged, this.piece);
    this.space = room;
    return new Uint8Array(k.memory.buffer, k.inputPtr() + this.staged, room);
  }

  /** `n` bytes were written at the start of the last inputSpace() view. */
  pushWritten(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.space) throw new RangeError(`pushWritten(${n}): the input space holds ${this.space} bytes`);
    this.space = -1;
    this.staged += n;
    // Gathered before each parse, as in KernelAggregator: an unfinished record is parsed again from
    // its start on every call, so tiny pieces would make a long record quadratic.
    if (this.staged >= this.batch || this.k.inputRoom() === this.staged) this.guard(() => this.flush());
  }

  /**
   * Reads bytes [start, end) of the open file `fd` straight into the input region and parses them,
   * with `read` (node:fs readSync's signature: the caller does the IO); stops early where the file
   * ends. One loop instead of an inputSpace/pushWritten call pair per read: a 50 MB part takes ~200
   * reads, which made a few small functions hot enough for the engine's optimizing compiler, and on
   * two cores those compiles took CPU from the parsing threads (whole process 0.96×: bench/RESULTS.md,
   * session 14). Returns the bytes read.
   */
  readFile(read: ReadAt, fd: number, start: number, end: number): number {
    const k = this.k;
    let at = start;
    this.guard(() => {
      while (at < end) {
        const room = Math.min(k.inputRoom() - this.staged, this.piece, end - at);
        const n = read(fd, new Uint8Array(k.memory.buffer, k.inputPtr() + this.staged, room), 0, room, at);
        if (n === 0) break;
        at += n;
        this.staged += n;
        if (this.staged < this.batch && k.inputRoom() !== this.staged) continue;
        const staged = this.staged;
        this.staged = 0;
        const status = k.push(k.inputPtr(), staged);
        if (status !== C.STATUS_OK) settlePush(k, status, () => this.onFull());
        this.exchanged?.afterPush();
      }
    });
    return at - start;
  }

  /** Copies `chunk` in (for callers without their own reads). */
  push(chunk: Uint8Array): void {
    for (let off = 0; off < chunk.length; ) {
      const space = this.inputSpace();
      const n = Math.min(space.length, chunk.length - off);
      space.set(chunk.subarray(off, off + n));
      this.pushWritten(n);
      off += n;
    }
  }

  /**
   * Ends the part. `eof`: it is the end of the input (the tail is the last record, as in finish());
   * otherwise the tail is left unparsed and reported. Hands the instance back, unless `keep`: then
   * the last table stays in it (`kept`) for `takeKept()`. `"lend"`: the last table's entries are the
   * last of `arenas` as a view into the instance's memory, not a copy, when that memory is shared (a
   * SharedArrayBuffer: another thread can read it); the instance is then held, its table unchanged,
   * until `release()` (planGather() may gather past it). For a Worker's part of 463k groups this saves copying 22 MB onto fresh pages (~20 ms).
   */
  end(eof: boolean, keep: boolean | "lend" = false): PartResult {
    let lend = false;
    const result = this.guard(() => {
      const k = this.k;
      this.flush();
      if (eof) settleFull(k, k.finish(), () => this.onFull());
      this.exchanged?.finish();
      this.exchanged = null;
      // Only a table that is the part's only one can be merged into (earlier drains come first).
      if (keep === true) keep = this.arenas.length === 0;
      lend = keep === "lend" && k.memory.buffer instanceof SharedArrayBuffer;
      if (lend) this.lendTable();
      else if (keep !== true) this.drain();
      const tail = eof ? 0 : k.inputPtr() - C.INPUT_BASE;
      return {
        arenas: this.arenas,
        records: k.recordCount(),
        rejectedCount: k.rejectedCount(),
        rejections: this.rejections(),
        lines: k.nextLine() - 1,
        tail,
        skipping: !eof && k.skippingRecord() === 1,
        ...(keep === true ? { kept: true } : {}),
      };
    });
    if (keep !== true && !lend) this.handBack(true);
    return result;
  }

  /**
   * After end(eof, "lend"): sorts the lent table (unchanged) for a join with part 0 (see part-join.ts)
   * and plans writing its entries in key order past it in the same instance; null when there is no
   * lent table, the part drained before, or planGather declines.
   */
  planGather(minGroups = JOIN_MIN_GROUPS): GatherPlan | null {
    if (this.x === null || this.arenas.length > 1) return null;
    return this.guard(() => planGather(this.k, minGroups));
  }

  /**
   * After end(eof, true) kept the table: sorts it (the kernel's sortGroups) and gathers its entries
   * in key order past it (the table unchanged), for a join with another part's sorted entries. Returns
   * the order's address, 0 when the join does not apply (fewer than `minGroups` groups) or the kernel
   * cannot.
   */
  sortKept(minGroups = JOIN_MIN_GROUPS): number {
    if (!this.keptWhole() || !canJoin(this.k) || this.k.groupCount() < minGroups) return 0;
    return this.guard(() => {
      const k = this.k;
      const order = k.sortGroups();
      // Its entries also gathered in key order (while the other part still sorts): the join then reads
      // them one after the other instead of at random (it reads them where they are when there is no room).
      if (order !== 0) k.gatherKept?.(order, k.groupCount());
      return order;
    });
  }

  /**
   * After an exchange and end(eof, true): whether the kernel can write every row of the kept table
   * (no key byte >= 0x80: see renderRows), known before any row is written.
   */
  canRenderKept(): boolean {
    return this.keptWhole() && (this.k.keyTraits?.() ?? -1) >= 0;
  }

  /**
   * After an exchange and end(eof, true): the kept table's rows in key order, one after the other in
   * the instance's memory (a view, no copy: see renderRowsInPlace), valid until release(), which the
   * caller owes. Null when the kernel cannot write them.
   */
  renderKeptInPlace(format: RowFormat): RenderedRows | null {
    if (!this.keptWhole()) return null;
    return this.guard(() => {
      const k = this.k;
      const order = k.sortGroups();
      return order === 0 ? null : renderRowsInPlace(k, order, k.groupCount(), this.spec.sum !== undefined, this.spec.scale, format);
    });
  }

  /**
   * After an exchange and end(eof, true): the kept table's rows in key order written to `target`
   * (null when the kernel cannot write them: see canRenderKept); the instance is then handed back.
   */
  renderKept(target: RenderTarget): RenderedRows | null {
    if (!this.keptWhole()) return null;
    const read = this.guard(() => readTable(this.k, this.spec, true, target));
    this.k.reset();
    this.handBack(true);
    return read.rendered ?? null;
  }

  /** Whether the instance is still held and its table is all of the part (it never drained). */
  private keptWhole(): boolean {
    return this.x !== null && this.arenas.length === 0;
  }

  /**
   * After end(eof, true): the instance with the part's last table, now the caller's to hand back
   * through `giveBack` (exactly once); null if already taken.
   */
  /** Hands back an instance still held after end(eof, true) (when its table was not used). */
  release(): void {
    this.handBack(true);
  }

  takeKept(): { x: KernelExports; giveBack: ReleaseInstance } | null {
    const x = this.x;
    if (x === null) return null;
    this.x = null;
    return { x, giveBack: this.onRelease };
  }

  private flush(): void {
    if (this.staged === 0) return;
    const n = this.staged;
    this.staged = 0;
    pushStaged(this.k, n, () => this.onFull());
    this.exchanged?.afterPush();
  }

  /** The kernel stopped with STATUS_FULL: the exchange's outbox goes out, or the table is drained. */
  private onFull(): void {
    if (this.exchanged) this.exchanged.onFull();
    else this.drain();
  }

  /** Keeps a copy of the arena (entries in first-seen order; an ArrayBuffer, transferable) and empties the table. */
  private drain(): void {
    if (this.k.groupCount() > 0) this.arenas.push(this.arenaView().slice());
    this.k.reset();
  }

  /** Keeps a view of the arena, in the shared memory the instance keeps until release(). */
  private lendTable(): void {
    if (this.k.groupCount() > 0) this.arenas.push(this.arenaView());
  }

  /** The table's entries, in the instance's memory. */
  private arenaView(): Uint8Array {
    const k = this.k;
    return new Uint8Array(k.memory.buffer, k.arenaStart(), k.arenaEnd() - k.arenaStart());
  }

  private rejections(): Rejection[] {
    const n = this.k.rejectionsStored();
    const view = new DataView(this.k.memory.buffer, C.REJECT_BASE, n * C.REJECT_ENTRY);
    const out: Rejection[] = [];
    for (let i = 0; i < n; i++) out.push({ line: Number(view.getBigInt64(i * C.REJECT_ENTRY, true)), reason: reasonText(view.getInt32(i * C.REJECT_ENTRY + 8, true)) });
    return out;
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      const trap = e instanceof WebAssembly.RuntimeError || e instanceof KernelTrapError;
      this.handBack(!trap);
      throw e instanceof WebAssembly.RuntimeError ? new KernelTrapError(e) : e;
    }
  }

  private handBack(reusable: boolean): void {
    // An exchange not finished: the other part's thread must not wait for this one.
    this.exchanged?.abort();
    this.exchanged = null;
    const x = this.x;
    if (x === null) return;
    this.x = null;
    this.onRelease(x, reusable);
  }
}
