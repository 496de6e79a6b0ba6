/**
 * Two parts of one input written as output rows without merging their tables: each part sorts its own
 * table on its own thread (part 0 here, the other in its Worker, at the same time), the other part
 * gathers its entries in key order (`planGather`), and this instance walks both in key order
 * (the kernel's joinRows), adding the counts and sums of a key found in both. For 463k groups this
 * replaces a merge that looked every one of the other part's groups up in a table far bigger than the
 * caches (~35 ms here), then a sort of the merged table, with a sort on each thread at once and a
 * sequential walk. The rows are byte for byte those of mergeParts with the same render target.
 */
import * as C from "./constants.ts";
import { KernelError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { partCounts } from "./part-merge.ts";
import type { PartResult } from "./part-result.ts";
import { RowPieces, type RenderTarget } from "./rendered-rows.ts";
import type { NormalizedSpec } from "./spec.ts";
import type { AggregateResult } from "./types.ts";

/** A part's group entries in key order (constants.ts entry layout), and the longest key's bytes. */
export interface SortedEntries {
  /** A view into the part's kernel memory (shared): valid while its aggregator holds the instance. */
  entries: Uint8Array;
  longestKey: number;
  /**
   * Bytes of `entries` written so far (element 0, read with Atomics; -1: the writing failed) while
   * the part's thread writes them; absent when all are written.
   */
  ready?: Int32Array;
}

/** SortedEntries whose entries `gather()` then writes, piece by piece, on the part's thread. */
export interface GatherPlan {
  sorted: SortedEntries;
  gather(): void;
}

/**
 * Fewer groups than this are merged instead: a small table merges in the caches (2,700 groups: ~1 ms),
 * and the join would wait for the other thread's sort.
 */
export const JOIN_MIN_GROUPS = 1 << 16;

/** Entries gathered per call: about 2 MB of 463k keys' entries, so the joining thread starts early. */
const GATHER_STEP = 1 << 16;
/** How long the joining thread waits for the next gathered piece before it gives up. */
const GATHER_WAIT_MS = 30_000;

/** Whether kernel instance `x` can take part in a sorted join (kernels built before join.ts cannot). */
export function canJoin(x: KernelExports): boolean {
  return typeof x.joinRows === "function" && typeof x.joinStop === "function" && typeof x.gatherSorted === "function";
}

/**
 * Sorts the table of instance `x` and reserves room for its entries in key order just past the order
 * array: null when the join does not apply (fewer than `minGroups` groups) or the kernel cannot
 * (no join support, a key byte >= 0x80, no room in the memory budget). The table is not changed.
 */
export function planGather(x: KernelExports, minGroups = JOIN_MIN_GROUPS): GatherPlan | null {
  if (!canJoin(x) || x.groupCount() < minGroups) return null;
  const longestKey = x.keyTraits!();
  if (longestKey < 0) return null;
  const order = x.sortGroups();
  const n = x.groupCount();
  const start = order === 0 ? 0 : x.gatherStart!(order, n);
  if (start === 0) return null;
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const sorted = { entries: new Uint8Array(x.memory.buffer, start, x.arenaEnd() - x.arenaStart()), longestKey, ready };
  const gather = () => {
    let at = start;
    try {
      for (let i = 0; i < n; i += GATHER_STEP) {
        at = x.gatherSorted!(order, i, Math.min(n, i + GATHER_STEP), at);
        Atomics.store(ready, 0, at - start);
        Atomics.notify(ready, 0);
      }
    } catch (error) {
      Atomics.store(ready, 0, -1);
      Atomics.notify(ready, 0);
      throw error;
    }
  };
  return { sorted, gather };
}

/** Bytes of `sorted.entries` written, waiting until more than `taken` are (or all). */
function written(sorted: SortedEntries, taken: number): number {
  const { ready, entries } = sorted;
  if (!ready) return entries.length;
  for (;;) {
    const r = Atomics.load(ready, 0);
    if (r < 0) throw new KernelError("RENDER_FAILED", "the other part stopped writing its sorted entries");
    if (r > taken || r === entries.length) return r;
    if (Atomics.wait(ready, 0, r, GATHER_WAIT_MS) === "timed-out") throw new KernelError("RENDER_FAILED", `no sorted entries from the other part in ${GATHER_WAIT_MS} ms`);
  }
}

/**
 * The result of parts [first, second] of one input: `x` holds the first part's table, sorted at
 * `order` (sortGroups), `other` the second's entries. Null, with nothing written to `render`, when the
 * kernel cannot write this table's rows (a key byte >= 0x80, no memory for the longest row): the
 * caller merges instead (the table is unchanged then). `other`'s entries come into the input region
 * `room` bytes at a time (tests make it small).
 */
export function joinParts(x: KernelExports, spec: NormalizedSpec, parts: readonly PartResult[], firstLine: number, bytes: number, order: number, other: SortedEntries, render: RenderTarget, room = x.inputRoom() - 64): AggregateResult | null {
  if (parts.length !== 2 || spec.keys.length !== 1 || !canJoin(x)) return null;
  const out = new RowPieces(render);
  const n = x.groupCount();
  const withSum = spec.sum !== undefined ? 1 : 0;
  const base = x.inputPtr();
  const src = other.entries;
  let taken = 0; // bytes of src copied in
  let carried = 0; // bytes of a cut entry at base, from the last piece
  let i = 0;
  let rows = 0;
  for (;;) {
    const take = Math.min(room - carried, written(other, taken) - taken);
    if (take === 0 && taken < src.length) throw new KernelError("RENDER_FAILED", "an entry longer than the input region");
    new Uint8Array(x.memory.buffer, base + carried, take).set(src.subarray(taken, taken + take));
    taken += take;
    const end = base + carried + take;
    const final = taken === src.length ? 1 : 0;
    let b = base;
    for (;;) {
      const next = x.joinRows!(order, i, n, b, end, final, other.longestKey, out.formatCode, withSum, spec.scale);
      if (next < 0) {
        if (rows === 0 && i === 0) return null;
        // joinRows decides on its first call; a later refusal would be a kernel bug.
        throw new KernelError("RENDER_FAILED", `the kernel stopped writing rows after ${rows}`);
      }
      rows += x.joinedRows!();
      out.take(x);
      i = next;
      b = x.joinedB!();
      const why = x.joinStop!();
      if (why === C.JOIN_DONE || why === C.JOIN_MORE) break;
    }
    if (final === 1) break;
    carried = end - b;
    new Uint8Array(x.memory.buffer).copyWithin(base, b, end);
  }
  x.reset();
  return { groups: [], ...partCounts(parts, firstLine), bytes, keyOrdered: true, rendered: out.rows(rows) };
}
