// Key-range exchange between the two parts of a file aggregated on two threads: each part keeps the
// keys on its side of a split key and writes the other keys' records to an outbox, which JS copies
// into the other instance's inbox; that instance adds them to its table (ingest). The two tables then
// hold disjoint key ranges, each about half the groups: each sorts and writes its own rows, and
// neither looks up the other's keys. This part's own records are staged the same way and added a
// batch at a time: which side a record goes to is a select, not a branch (it is a coin toss per record
// with many keys), and the table's loop runs apart from the parser's with a smaller table.
import * as C from "../src/constants";
import { upsert, upsertShort, addToEntry, groups, hashOfShort, touchHashed, tailMask, TOUCH_AHEAD_GROUPS } from "./table";
import { compareKeys } from "./sort";
import { TOUCH_SLOTS } from "./layout";

const ROUTE_SPLIT: usize = <usize>C.ROUTE_SPLIT;
const OUTBOX_BASE: usize = <usize>C.OUTBOX_BASE;
const OUTBOX_END: usize = <usize>(C.OUTBOX_BASE + C.OUTBOX_SIZE);
const STAGE_BASE: usize = <usize>C.STAGE_BASE;
const STAGE_END: usize = <usize>(C.STAGE_BASE + C.STAGE_SIZE);

/** Whether records are routed (setRoute with a side): the record paths call routeRecord. */
export let routing = false;
/** True: this part keeps keys below the split key; false: at or above it. */
let keepBelow = false;
let splitLen: usize = 0;
/** The split key's first 16 bytes as two big-endian words (zeros past its end). */
let split0: u64 = 0;
let split1: u64 = 0;
let outTop: usize = OUTBOX_BASE;
let stageTop: usize = STAGE_BASE;
/** Set when a record found no room in the outbox: the push stopped there (STATUS_FULL) for JS to take it. */
let outboxFull = false;

/** No exchange (init: a pooled instance may have routed before). */
export function resetRoute(): void {
  routing = false;
  splitLen = 0;
  outTop = OUTBOX_BASE;
  stageTop = STAGE_BASE;
  outboxFull = false;
}

/**
 * Starts routing: `side` 1 keeps keys below the split key (the `len` bytes JS wrote at ROUTE_SPLIT,
 * compared as unsigned bytes, a prefix first), 2 keeps the others; 0 stops. Returns 1 for bad arguments.
 */
export function setRoute(side: i32, len: i32): i32 {
  if (side < 0 || side > 2 || len < 0 || len > C.ROUTE_SPLIT_MAX) return 1;
  resetRoute();
  routing = side != 0;
  keepBelow = side == 1;
  splitLen = <usize>len;
  // Zeros past the key: the word compares read up to 16 bytes.
  memory.fill(ROUTE_SPLIT + splitLen, 0, 16);
  split0 = bswap<u64>(load<u64>(ROUTE_SPLIT));
  split1 = bswap<u64>(load<u64>(ROUTE_SPLIT, 8));
  return 0;
}

/** Bytes written to the outbox since it was last taken. */
export function outboxUsed(): i32 {
  return <i32>(outTop - OUTBOX_BASE);
}

/** JS copied the outbox away: it starts empty again. */
export function outboxTaken(): void {
  outTop = OUTBOX_BASE;
  outboxFull = false;
}

/** Whether the last STATUS_FULL came from the outbox (1) rather than the table (0). */
export function outboxWasFull(): i32 {
  return outboxFull ? 1 : 0;
}

/** Bytes a record of a `len`-byte key takes in the outbox, the inbox and the stage (routeRecord writes up to 32). */
// @ts-ignore: decorator
@inline function recordSize(len: usize): usize {
  return len <= 8 ? 24 : 16 + ((len + 7) & ~(<usize>7));
}

/** Whether key [k, k+len) sorts before the split key, in the rows' order (sort.ts). */
// @ts-ignore: decorator
@inline function belowSplit(k: usize, len: usize): bool {
  return compareKeys(k, len, ROUTE_SPLIT, splitLen) < 0;
}

/** Whether key [k, k+len) belongs to the other part's table (false without an exchange). */
export function foreignKey(k: usize, len: usize): bool {
  return routing && belowSplit(k, len) != keepBelow;
}

/**
 * Writes a record of key [k, k+len) with `units` to the outbox; false, with nothing written, when it
 * has no room (the caller stops as on a full table).
 */
export function sendAway(k: usize, len: usize, units: i64): bool {
  const size = recordSize(len);
  if (outTop + size > OUTBOX_END) {
    outboxFull = true;
    return false;
  }
  store<u64>(outTop, <u64>len);
  store<i64>(outTop, units, 8);
  memory.copy(outTop + 16, k, len);
  outTop += size;
  return true;
}

/**
 * Counts a record of key [k, k+len) with `units` while routing: to the outbox when the key is the
 * other part's, to the stage otherwise. False, with nothing counted, when the outbox is full or the
 * table has no room for the staged records.
 */
// @ts-ignore: decorator
@inline export function routeRecord(k: usize, len: usize, units: i64): bool {
  if (len > 16) return routeLong(k, len, units);
  if (outTop + 32 > OUTBOX_END) {
    outboxFull = true;
    return false;
  }
  if (stageTop + 32 > STAGE_END && !ingestStage()) return false;
  const w0 = load<u64>(k) & tailMask(len);
  const w1 = len > 8 ? load<u64>(k, 8) & tailMask(len - 8) : 0;
  const a0 = bswap<u64>(w0);
  const a1 = bswap<u64>(w1);
  // The key's words against the split key's (zeros past both ends), then the lengths; no branch.
  const below = (a0 < split0) | ((a0 == split0) & ((a1 < split1) | ((a1 == split1) & (len < splitLen))));
  const away = below != keepBelow;
  const dst = select<usize>(outTop, stageTop, away);
  store<u64>(dst, <u64>len);
  store<i64>(dst, units, 8);
  store<u64>(dst, w0, 16);
  store<u64>(dst, w1, 24);
  // 24 bytes for a key of up to 8, 32 up to 16 (the second key word written in either case is
  // overwritten by the next record).
  const size: usize = 24 + (<usize>(len > 8) << 3);
  outTop += select<usize>(size, 0, away);
  stageTop += select<usize>(0, size, away);
  return true;
}

/** routeRecord for a key longer than 16 bytes: straight to the table or the outbox. */
function routeLong(k: usize, len: usize, units: i64): bool {
  if (foreignKey(k, len)) return sendAway(k, len, units);
  const entry = upsert(k, len);
  if (entry == 0) return false;
  addToEntry(entry, units);
  return true;
}

/** Adds the staged records to the table; false when it filled (the rest stay staged). */
export function ingestStage(): bool {
  const stop = ingest(STAGE_BASE, stageTop);
  if (stop == stageTop) {
    stageTop = STAGE_BASE;
    return true;
  }
  memory.copy(STAGE_BASE, stop, stageTop - stop);
  stageTop = STAGE_BASE + (stageTop - stop);
  return false;
}

/** Hashes of up to 64 records' keys from `p` for touchHashed, as the record loops do. */
function touchAhead(p: usize, e: usize): void {
  let n: usize = 0;
  for (let i = 0; i < 64 && p < e; i++) {
    const len = <usize>load<u32>(p);
    if (len <= 16) store<u64>(TOUCH_SLOTS + (n++ << 3), hashOfShort(p + 16, len));
    p += recordSize(len);
  }
  touchHashed(n);
}

/**
 * Adds the records in [p, e) (the stage, or another instance's outbox copied into this one's inbox)
 * to the table: a count of one and the units each. Returns where it stopped: `e`, or the first record
 * the full table had no room for.
 */
export function ingest(p: usize, e: usize): usize {
  let batch = 0;
  while (p < e) {
    if (batch == 0) {
      batch = 64;
      if (groups > TOUCH_AHEAD_GROUPS) touchAhead(p, e);
    }
    batch--;
    const len = <usize>load<u32>(p);
    const entry = upsertShort(p + 16, len);
    if (entry == 0) return p;
    addToEntry(entry, load<i64>(p, 8));
    p += recordSize(len);
  }
  return e;
}
