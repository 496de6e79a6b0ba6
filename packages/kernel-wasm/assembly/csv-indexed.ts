// One key or more: index a batch of blocks, then read the fields of each record from the index.
import { maxColumn, addLines, advance, keyCount, hasSum, fieldPosition, line, eof, pos } from "./state";
import { MAX_RECORD, STACK_BASE, TOUCH_SLOTS } from "./layout";
import { parseCsvRecord } from "./csv";
import { BLANK, setRecord } from "./record";
import { setSpan, KIND_RAW } from "./spans";
import { splitCsvBlock, blockQuotes, blockCommas, blockNewlines, prefixXor } from "./scan";
import { commit } from "./commit";
import { FAST_TAIL, FAST_FULL, FAST_ONE } from "./csv-fast-status";
import { csvFastMasked } from "./csv-masked";
import { addRawRecord, addQuotedKeyRecord } from "./csv-raw-record";
import { groups, hashOfShort, touchHashed, TOUCH_AHEAD_GROUPS } from "./table";
import { misplacedQuotes } from "./csv-quote-placement";
import { routing } from "./route";

// The index (in the JSON container stack, unused by CSV) holds the position of every unquoted comma,
// and per unquoted LF its position and the number of commas before it. Only blocks without quoting
// errors and without LFs inside quotes are indexed; records touching another block are walked by
// csvFastMasked one at a time.

const IDX_COMMAS: usize = STACK_BASE;
const IDX_LFS: usize = STACK_BASE + 65536 + 64;
/** Blocks per batch: at most 4096 commas and 4096 LFs (plus overshoot) fit the index. */
const BATCH_BLOCKS: usize = 64;
const STOP_END = 0;
const STOP_CAP = 1;
const STOP_DIRTY = 2;
let idxLfs: usize = 0;
/** Fewer than 1 block in 4 of the last measured batch held a quote: quote-free blocks skip the quote work. */
let quietBlocks = true;
let quotedBatches = 0;

/** Every aggregation starts measuring quotes afresh (init: a pooled instance may have run a quoted file). */
export function resetIndexMode(): void {
  quietBlocks = true;
  quotedBatches = 0;
}

/**
 * Writes the index entry of the LF at the lowest bit of `y` in the block at `b` (`c`: its unquoted
 * commas, `nc`: the commas indexed before the block): its position, and the commas before it.
 */
// @ts-ignore: decorator
@inline function putLf(at: usize, b: usize, y: u64, nc: usize, c: u64): void {
  const k = ctz(y);
  store<u32>(at, <u32>(b + <usize>k));
  store<u32>(at, <u32>(nc + <usize>popcnt(c & (((<u64>1) << k) - 1))), 4);
}

/**
 * Indexes blocks from the record start p; returns why it stopped (idxLfs = LFs indexed). `quiet` (a
 * constant in each of the two copies below): a block without a quote skips the quote work.
 */
// @ts-ignore: decorator
@inline function indexBlocks(p: usize, end: usize, quiet: bool): i32 {
  let b = p & ~(<usize>63);
  // The in-quote state and "byte before is , LF or quote" bit, kept in locals (maskBlock's globals
  // are only for csvFastMasked).
  let carry: u64 = 0;
  let prev: u64 = 0;
  let first = (<u64>-1) << <u64>(p - b);
  let start = (<u64>1) << <u64>(p - b);
  let nc: usize = 0;
  let nl: usize = 0;
  let stop = STOP_END;
  const from = b;
  let quoteBlocks = 0;
  const capEnd = b + BATCH_BLOCKS * 64;
  while (true) {
    let q: u64, c0: u64, l0: u64;
    if (ASC_FEATURE_SIMD) {
      const v0 = v128.load(b);
      const v1 = v128.load(b, 16);
      const v2 = v128.load(b, 32);
      const v3 = v128.load(b, 48);
      const sq = i8x16.splat(34);
      const sc = i8x16.splat(44);
      const sl = i8x16.splat(10);
      q = (<u64>i8x16.bitmask(i8x16.eq(v0, sq))) | ((<u64>i8x16.bitmask(i8x16.eq(v1, sq))) << 16) |
        ((<u64>i8x16.bitmask(i8x16.eq(v2, sq))) << 32) | ((<u64>i8x16.bitmask(i8x16.eq(v3, sq))) << 48);
      c0 = (<u64>i8x16.bitmask(i8x16.eq(v0, sc))) | ((<u64>i8x16.bitmask(i8x16.eq(v1, sc))) << 16) |
        ((<u64>i8x16.bitmask(i8x16.eq(v2, sc))) << 32) | ((<u64>i8x16.bitmask(i8x16.eq(v3, sc))) << 48);
      l0 = (<u64>i8x16.bitmask(i8x16.eq(v0, sl))) | ((<u64>i8x16.bitmask(i8x16.eq(v1, sl))) << 16) |
        ((<u64>i8x16.bitmask(i8x16.eq(v2, sl))) << 32) | ((<u64>i8x16.bitmask(i8x16.eq(v3, sl))) << 48);
    } else {
      splitCsvBlock(b);
      q = blockQuotes;
      c0 = blockCommas;
      l0 = blockNewlines;
    }
    q &= first;
    c0 &= first;
    l0 &= first;
    const d = q | c0 | l0;
    // A block without a quote keeps the carried in-quote state and has no misplaced quote.
    let inside = carry;
    let bad: u64 = 0;
    if (!quiet || q != 0) {
      inside = prefixXor(q) ^ carry;
      bad = misplacedQuotes(b, q, inside, d, prev | start);
    }
    if (quiet) quoteBlocks += q != 0 ? 1 : 0;
    const out = ~inside;
    if ((bad | (l0 & inside)) != 0) {
      stop = STOP_DIRTY;
      break;
    }
    carry = <u64>(<i64>inside >> 63);
    prev = d >> 63;
    first = <u64>-1;
    start = 0;
    const rem = end - b;
    const lim: u64 = rem >= 64 ? <u64>-1 : ((<u64>1) << <u64>rem) - 1;
    const l = l0 & out & lim;
    const c = c0 & out & lim;
    // Commas: eight positions written unconditionally (extra ones are overwritten later).
    let x = c;
    let w = IDX_COMMAS + (nc << 2);
    const cnt = <usize>popcnt(c);
    store<u32>(w, <u32>(b + <usize>ctz(x)));
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 4);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 8);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 12);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 16);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 20);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 24);
    x &= x - 1;
    store<u32>(w, <u32>(b + <usize>ctz(x)), 28);
    x &= x - 1;
    if (cnt > 8) {
      w += 32;
      while (x != 0) {
        store<u32>(w, <u32>(b + <usize>ctz(x)));
        x &= x - 1;
        w += 4;
      }
    }
    // LFs: two written unconditionally, with the comma count before each.
    let y = l;
    let v = IDX_LFS + (nl << 3);
    const lcnt = <usize>popcnt(l);
    putLf(v, b, y, nc, c);
    y &= y - 1;
    putLf(v + 8, b, y, nc, c);
    y &= y - 1;
    if (lcnt > 2) {
      // Short rows have three or four: both written, so the loop (and its mispredicted exit) is rare.
      putLf(v + 16, b, y, nc, c);
      y &= y - 1;
      putLf(v + 24, b, y, nc, c);
      y &= y - 1;
      v += 32;
      while (y != 0) {
        putLf(v, b, y, nc, c);
        y &= y - 1;
        v += 8;
      }
    }
    nc += cnt;
    nl += lcnt;
    b += 64;
    if (b >= end) break;
    if (b >= capEnd) {
      stop = STOP_CAP;
      break;
    }
  }
  idxLfs = nl;
  if (quiet) quietBlocks = quoteBlocks * 4 < <i32>((b - from) >> 6);
  return stop;
}

/** indexBlocks for a batch after one where fewer than 1 block in 4 held a quote (a branch the CPU then predicts: the quoted bench file has at most 12 of 64). */
function indexQuietBatch(p: usize, end: usize): i32 {
  return indexBlocks(p, end, true);
}

/** indexBlocks doing the quote work for every block (46 % of the billing file's blocks hold a quote). */
function indexQuotedBatch(p: usize, end: usize): i32 {
  return indexBlocks(p, end, false);
}

/** End of field `f` of a record with `count` commas from comma index `j0`, ending at the LF `i`. */
// @ts-ignore: decorator
@inline function fieldEnd(f: i32, j0: usize, count: usize, i: usize, start: usize): usize {
  if (<usize>f < count) return <usize>load<u32>(IDX_COMMAS + ((j0 + <usize>f) << 2));
  return i > start && load<u8>(i - 1) == 13 ? i - 1 : i;
}

// @ts-ignore: decorator
@inline function fieldStart(f: i32, j0: usize, rec: usize): usize {
  if (f == 0) return rec;
  return <usize>load<u32>(IDX_COMMAS + ((j0 + <usize>f - 1) << 2)) + 1;
}

/**
 * Sets the span of every field the spec reads (column fieldPosition(f)) from the index; false when
 * one of them is quoted (the full parser unescapes it).
 */
// @ts-ignore: decorator
@inline function indexedSpans(fields: i32, j0: usize, count: usize, i: usize, rec: usize): bool {
  for (let f = 0; f < fields; f++) {
    const col = fieldPosition(f);
    const s = fieldStart(col, j0, rec);
    const e = fieldEnd(col, j0, count, i, s);
    if (load<u8>(s) == 34) return false;
    setSpan(col, s, e - s, KIND_RAW);
  }
  return true;
}

/**
 * Before a batch's records are counted, the hashes of their keys (no table access) for touchHashed,
 * which loads the slots and entries their lookups will need (table.ts).
 */
function touchAhead(nl: usize, rec: usize, keyCol: i32): void {
  let j0: usize = 0;
  let n: usize = 0;
  for (let r: usize = 0; r < nl; r++) {
    const e = IDX_LFS + (r << 3);
    const i = <usize>load<u32>(e);
    const j1 = <usize>load<u32>(e, 4);
    const count = j1 - j0;
    if (<usize>keyCol <= count) {
      const ks = fieldStart(keyCol, j0, rec);
      const kl = fieldEnd(keyCol, j0, count, i, ks) - ks;
      if (kl <= 16) store<u64>(TOUCH_SLOTS + (n++ << 3), hashOfShort(ks, kl));
    }
    rec = i + 1;
    j0 = j1;
  }
  touchHashed(n);
}

/**
 * Whether the record [rec, i) with `count` unquoted commas can be read from the index: every column the
 * spec reads is there, it is not over-long, and it is not a blank line (empty, or a lone CR).
 */
// @ts-ignore: decorator
@inline function indexable(count: usize, maxCol: usize, i: usize, rec: usize): bool {
  return count >= maxCol && i - rec <= MAX_RECORD && (count > 0 || (i > rec && !(i == rec + 1 && load<u8>(rec) == 13)));
}

/** Set by the batch loops when the group table filled: the record at `pos` is handed back. */
let batchFull = false;

/**
 * The record the index cannot take (blank line, missing columns, a quoted key or sum): the full parser
 * from `rec`. False when the table filled (`pos` is at the record).
 */
function parseWhole(rec: usize, end: usize): bool {
  advance(rec);
  if (parseCsvRecord(rec, end, eof) == BLANK) addLines(1);
  else if (!commit()) return false;
  return true;
}

/**
 * Counts the `nl` records indexed from `rec` for a spec of one key and one sum; returns where the next
 * record starts (batchFull: the table filled at it). A function of its own, apart from the other specs'
 * loop and the batch loop around: 1.7 KB of WebAssembly where the one function holding all three was
 * 5.3 KB, so the engine's optimizing tier, which compiles it while the first pieces run slower code, has
 * it ready sooner (whole process 0.91–0.98×: bench/RESULTS.md, session 13).
 */
function simpleBatch(nl: usize, rec: usize, end: usize): usize {
  const maxCol = <usize>maxColumn;
  const keyCol = fieldPosition(0);
  const sumCol = fieldPosition(1);
  let j0: usize = 0;
  for (let r: usize = 0; r < nl; r++) {
    const e = IDX_LFS + (r << 3);
    const i = <usize>load<u32>(e);
    const j1 = <usize>load<u32>(e, 4);
    const count = j1 - j0;
    if (indexable(count, maxCol, i, rec)) {
      const ks = fieldStart(keyCol, j0, rec);
      const ke = fieldEnd(keyCol, j0, count, i, ks);
      const ss = fieldStart(sumCol, j0, rec);
      const se = fieldEnd(sumCol, j0, count, i, ss);
      // A quoted key is read here too (addQuotedKeyRecord): the whole-record parser, and its optimizing
      // compile mid-run, only for a quoted sum or a key cut short.
      const quotedKey = load<u8>(ks) == 34;
      if (load<u8>(ss) != 34 && (!quotedKey || (ke - ks >= 2 && load<u8>(ke - 1) == 34))) {
        if (!(quotedKey ? addQuotedKeyRecord(ks, ke - ks, ss, se - ss, line) : addRawRecord(ks, ke - ks, ss, se - ss, line))) {
          advance(rec);
          batchFull = true;
          return rec;
        }
        addLines(1);
        rec = i + 1;
        j0 = j1;
        continue;
      }
    }
    if (!parseWhole(rec, end)) {
      batchFull = true;
      return rec;
    }
    rec = i + 1;
    j0 = j1;
  }
  return rec;
}

/** simpleBatch for the other specs (several keys, or no sum): the generic accept() reads the spans. */
function spansBatch(nl: usize, rec: usize, end: usize): usize {
  const maxCol = <usize>maxColumn;
  const specFields = keyCount + (hasSum ? 1 : 0);
  let j0: usize = 0;
  for (let r: usize = 0; r < nl; r++) {
    const e = IDX_LFS + (r << 3);
    const i = <usize>load<u32>(e);
    const j1 = <usize>load<u32>(e, 4);
    const count = j1 - j0;
    if (indexable(count, maxCol, i, rec) && indexedSpans(specFields, j0, count, i, rec)) {
      setRecord(i + 1, i - rec, 0, <i32>count + 1, 0);
      advance(rec);
      if (!commit()) {
        batchFull = true;
        return rec;
      }
    } else if (!parseWhole(rec, end)) {
      batchFull = true;
      return rec;
    }
    rec = i + 1;
    j0 = j1;
  }
  return rec;
}

/** Processes records from `p` for specs with a key; returns why it stopped (see csv-fast-status.ts). */
export function csvFastIndexed(p: usize, end: usize): i32 {
  const simple = keyCount == 1 && hasSum;
  let rec = p;
  while (true) {
    // The quote work is skipped for quote-free blocks while fewer than 1 in 4 hold a quote; after a batch
    // with more, 63 batches do it for every block, then one measures again.
    const stop = quietBlocks || (++quotedBatches & 63) == 0 ? indexQuietBatch(rec, end) : indexQuotedBatch(rec, end);
    const nl = idxLfs;
    // Routed records reach the table through ingest (route.ts), which touches ahead itself.
    if (simple && !routing && groups > TOUCH_AHEAD_GROUPS) touchAhead(nl, rec, fieldPosition(0));
    rec = simple ? simpleBatch(nl, rec, end) : spansBatch(nl, rec, end);
    if (batchFull) {
      batchFull = false;
      return FAST_FULL;
    }
    if (stop == STOP_END) {
      advance(rec);
      return FAST_TAIL;
    }
    if (stop == STOP_CAP && nl > 0) continue;
    const f = csvFastMasked(rec, end, true);
    if (f != FAST_ONE) return f;
    rec = pos;
  }
  return FAST_TAIL;
}
