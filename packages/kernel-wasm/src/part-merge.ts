/**
 * Merges the results of consecutive parts of one input (PartAggregator, usually run in workers)
 * into the result one aggregator over the whole input would give: groups merged exactly in a kernel
 * instance's table (first-seen order kept), counts added, rejections concatenated with their line
 * numbers moved to the physical lines of the whole input and capped at REJECT_CAP.
 */
import * as C from "./constants.ts";
import { KernelTrapError } from "./errors.ts";
import { GroupMap } from "./group-map.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { writeSpec } from "./kernel-spec.ts";
import type { PartResult } from "./part-result.ts";
import { readGroups, readTable } from "./read-groups.ts";
import type { RenderTarget } from "./rendered-rows.ts";
import type { NormalizedSpec } from "./spec.ts";
import type { AggregateResult, Group, Rejection } from "./types.ts";

/**
 * `parts` in input order, each starting where the previous one's last complete record ended;
 * `firstLine`: the physical line of the first part's first byte (after the CSV header); `bytes`:
 * the whole input's size. `x` is a kernel instance this call may use (its table is reset first).
 */
export function mergeParts(x: KernelExports, spec: NormalizedSpec, parts: readonly PartResult[], firstLine: number, bytes: number, keyOrder = false, render?: RenderTarget): AggregateResult {
  // A first part that kept its table in `x` (and never drained before) is merged into, not copied.
  const into = parts[0]?.kept === true;
  if (into && parts[0]!.arenas.length > 0) throw new RangeError("mergeParts: a kept first part must not have drained");
  if (!into) {
    writeSpec(x.memory, spec, [], 1);
    if (x.init() !== 0) throw new KernelTrapError("kernel static data overlaps the layout");
  }
  const withSum = spec.sum !== undefined;
  const spill = new GroupMap(withSum);
  let spilled = false;
  const drain = () => {
    for (const g of readGroups(x.memory, x.arenaStart(), x.arenaEnd(), spec.keys.length, withSum).groups) spill.add(g.key, g.count, g.sum ?? 0n);
    spilled = true;
    x.reset();
  };
  for (const part of parts) for (const arena of part.arenas) mergeArena(x, arena, drain);
  let groups: Group[];
  const last = readTable(x, spec, keyOrder && !spilled, spilled ? undefined : render);
  const { keyOrdered, rendered } = last;
  if (!spilled && last.distinct) groups = last.groups;
  else {
    for (const g of last.groups) spill.add(g.key, g.count, g.sum ?? 0n);
    groups = spill.toArray();
  }
  x.reset();
  return { groups, ...partCounts(parts, firstLine), bytes, ...(keyOrdered ? { keyOrdered } : {}), ...(rendered ? { rendered } : {}) };
}

/**
 * The parts' records and rejections as one input's: counts added, rejections concatenated with their
 * line numbers moved to the whole input's physical lines and capped at REJECT_CAP.
 */
export function partCounts(parts: readonly PartResult[], firstLine: number): Pick<AggregateResult, "records" | "rejectedCount" | "rejections"> {
  let records = 0;
  let rejectedCount = 0;
  const rejections: Rejection[] = [];
  let line = firstLine;
  for (const part of parts) {
    records += part.records;
    rejectedCount += part.rejectedCount;
    for (const r of part.rejections) {
      if (rejections.length >= C.REJECT_CAP) break;
      rejections.push({ line: r.line - 1 + line, reason: r.reason });
    }
    line += part.lines;
  }
  return { records, rejectedCount, rejections };
}

/** Copies whole entries into the input region piece by piece and merges them into the table. */
function mergeArena(x: KernelExports, arena: Uint8Array, drain: () => void): void {
  const view = new DataView(arena.buffer, arena.byteOffset, arena.byteLength);
  const entrySize = (at: number) => (C.ENTRY_KEY + view.getUint32(at + C.ENTRY_KEY_LEN, true) + 7) & ~7;
  const room = x.inputRoom() - 64;
  for (let from = 0; from < arena.length; ) {
    let to = from;
    while (to < arena.length && to - from + entrySize(to) <= room) to += entrySize(to);
    const base = x.inputPtr();
    new Uint8Array(x.memory.buffer, base, to - from).set(arena.subarray(from, to));
    let p = base;
    const end = base + (to - from);
    for (;;) {
      p = x.mergeEntries(p, end);
      if (p === end) break;
      drain();
    }
    from = to;
  }
}
