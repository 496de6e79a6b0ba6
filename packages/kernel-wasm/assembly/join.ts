// Output rows of two group tables at once, in key order: this instance's, sorted (sortGroups), and
// another instance's entries gathered in key order (gatherSorted there) and copied into this
// instance's input region piece by piece. Two parts of a file sort their tables at the same time on
// their own threads, and this walk replaces merging one table into the other (a lookup per group,
// at random, in a table far bigger than the caches) before the sort.
import { ENTRY_KEY_LEN, ENTRY_KEY, JOIN_FULL, JOIN_MORE, JOIN_DONE } from "../src/constants";
import { ARENA_BASE } from "./layout";
import { arenaTop, entrySize, addEntry, highKeys, maxKeyLen } from "./table";
import { compareEntries } from "./sort";
import { AHEAD, beginRows, endRows, rowFits, writeRow, touchRows, room, renderedStart, pastOrder } from "./render";

let nextB: usize = 0;
let rowsWritten: i32 = 0;
let stopped: i32 = JOIN_FULL;
/** This table's own entries gathered in key order (gatherKept), for the order at keptOrder; 0: none. */
let keptStart: usize = 0;
let keptEnd: usize = 0;
let keptOrder: usize = 0;
/** The next of them joinRows reads. */
let keptNext: usize = 0;

/**
 * Gathers this table's entries, sorted at `order`, past the order array (as gatherStart and
 * gatherSorted do for the other part), so that joinRows reads them in order instead of at random:
 * done by part 0's thread while the other part still sorts. Returns 0 when the memory budget has no
 * room (joinRows then reads the entries where they are).
 */
export function gatherKept(order: usize, n: i32): i32 {
  keptStart = 0;
  const start = gatherStart(order, n);
  if (start == 0) return 0;
  keptEnd = gatherSorted(order, 0, n, start);
  keptStart = start;
  keptOrder = order;
  return 1;
}

/** Forgets gathered entries (init, reset: the table they copied is gone). */
export function forgetKept(): void {
  keptStart = 0;
}

/** -1 when a key in the table holds a byte >= 0x80 (joinRows cannot write those), else the longest key's bytes. */
export function keyTraits(): i32 {
  return highKeys ? -1 : <i32>maxKeyLen;
}

/**
 * Where gatherSorted writes the entries of a table sorted at `order` (`n` u32 addresses from
 * sortGroups): just past the order array, with room for all of them (arenaEnd() - arenaStart()
 * bytes); 0 when the memory budget has no room.
 */
export function gatherStart(order: usize, n: i32): usize {
  const start = pastOrder(order, n);
  return room(start + (arenaTop - ARENA_BASE)) ? start : 0;
}

/**
 * Copies the entries order[from..to) to `dst`, one after the other, and returns where they end: called
 * piece by piece from gatherStart(), the table's entries in key order.
 */
export function gatherSorted(order: usize, from: i32, to: i32, dst: usize): usize {
  let o = dst;
  for (let i = from; i < to; i++) {
    if (((i - from) & (AHEAD - 1)) == 0) touchRows(order, i + AHEAD, i + (AHEAD << 1) < to ? i + (AHEAD << 1) : to);
    const e = <usize>load<u32>(order + (<usize>i << 2));
    const size = entrySize(<usize>load<u32>(e, ENTRY_KEY_LEN));
    memory.copy(o, e, size);
    o += size;
  }
  return o;
}

/** The complete entry at `b` before `end`, or 0. */
// @ts-ignore: decorator
@inline function entryAt(b: usize, end: usize): usize {
  if (b + ENTRY_KEY > end) return 0;
  return b + entrySize(<usize>load<u32>(b, ENTRY_KEY_LEN)) <= end ? b : 0;
}

/**
 * Writes, as renderRows does, the rows of this table's entries order[from..n) and of the other
 * table's entries at [b, bEnd) (both in key order; `bLongest`: the other's longest key), one row per
 * key, a key in both with the two counts and sums added (into this table's entry). Stops when the
 * piece is full, or when the other's entries run out and `bFinal` is 0 (an entry cut at bEnd waits
 * for the next piece), or when all are written (joinStop() says which). Returns the next index into
 * order; joinedB() is the next entry of the other's, joinedRows() the rows written. -1 when a key of this table holds a byte >= 0x80, -2 when the memory
 * budget has no room for the longest row.
 */
export function joinRows(order: usize, from: i32, n: i32, b: usize, bEnd: usize, bFinal: i32, bLongest: i32, format: i32, withSum: i32, scale: i32): i32 {
  rowsWritten = 0;
  nextB = b;
  if (highKeys) return -1;
  // This table's entries gathered in key order (gatherKept) are read one after the other.
  const gathered = keptStart != 0 && keptOrder == order;
  if (gathered && from == 0) keptNext = keptStart;
  const limit = beginRows(gathered ? (keptEnd + 7) & ~(<usize>7) : pastOrder(order, n), maxKeyLen > <usize>bLongest ? maxKeyLen : <usize>bLongest);
  if (limit == 0) return -2;
  const sc = <usize>scale;
  let o = renderedStart();
  let i = from;
  let a = keptNext;
  let mark = from;
  let rows = 0;
  let why = JOIN_FULL;
  while (true) {
    const eb = entryAt(b, bEnd);
    if (eb == 0 && bFinal == 0) {
      why = JOIN_MORE;
      break;
    }
    if (!gathered && i >= mark) {
      touchRows(order, mark + AHEAD, mark + (AHEAD << 1) < n ? mark + (AHEAD << 1) : n);
      mark += AHEAD;
    }
    const ea: usize = i >= n ? <usize>0 : gathered ? a : <usize>load<u32>(order + (<usize>i << 2));
    if (ea == 0 && eb == 0) {
      why = JOIN_DONE;
      break;
    }
    const c = ea == 0 ? 1 : eb == 0 ? -1 : compareEntries(ea, eb);
    const e = c <= 0 ? ea : eb;
    if (!rowFits(o, e, limit)) break;
    if (c == 0) addEntry(ea, eb);
    o = writeRow(o, e, format, withSum, sc);
    rows++;
    if (c <= 0) {
      i++;
      if (gathered) a += entrySize(<usize>load<u32>(ea, ENTRY_KEY_LEN));
    }
    if (c >= 0) b += entrySize(<usize>load<u32>(eb, ENTRY_KEY_LEN));
  }
  keptNext = a;
  endRows(o);
  nextB = b;
  rowsWritten = rows;
  stopped = why;
  return i;
}

/** Why the last joinRows call stopped: JOIN_FULL, JOIN_MORE or JOIN_DONE. */
export function joinStop(): i32 {
  return stopped;
}

/** Where joinRows stopped in the other table's entries. */
export function joinedB(): usize {
  return nextB;
}

/** Rows the last joinRows call wrote. */
export function joinedRows(): i32 {
  return rowsWritten;
}
