// The CSV hot loops. Blocks of 64 bytes are classified into '"' ',' '\n' masks; in-quote regions
// come from a prefix XOR of the quote bits, so quoted commas and LFs drop out without branches and
// quoting rules are checked with bit operations. Specs with a key: batches of clean blocks are
// indexed, then fields are read from the index (csvFastIndexed; one key and a sum straight into the
// table, others through accept()); count-only specs walk the unquoted LF bits (csvFastMasked), or,
// in the scalar build, the older quote-aware event walk (csvFast).
// A record breaking a quoting rule, and the unfinished tail, go back to the driver, which parses them
// with parseCsvRecord (the full RFC 4180 rules, including where bad records end).
import { maxColumn, neededColumns, addLines, advance, keyCount, hasSum, scale, fieldPosition, line, reject, countAccepted, eof, pos } from "./state";
import { MAX_RECORD, STACK_BASE } from "./layout";
import { parseCsvRecord } from "./csv";
import { BLANK } from "./record";
import { spanStart, spanLen, spanKind } from "./spans";
import { parseShort, parseUnits, parsedUnits } from "./decimal";
import { upsertShort, addToEntry } from "./table";
import { classifyCsvBlock, blockQuotesAndNewlines, splitCsvBlock, blockQuotes, blockCommas, blockNewlines, prefixXor } from "./scan";
import { setSpan, KIND_RAW, KIND_CSV_ESCAPED } from "./spans";
import { setRecord } from "./record";
import { commit } from "./commit";

/** The record at `pos` breaks a quoting rule: parse it with parseCsvRecord. */
export const FAST_SLOW_RECORD = 0;
/** No complete record at `pos`: parse the tail with parseCsvRecord (incomplete, or the last record). */
export const FAST_TAIL = 1;
/** The group table is full; resume at `pos` after a drain. */
export const FAST_FULL = 2;

/**
 * Processes records from `p`; returns why it stopped (pos is left at a record start). Specs with a
 * key: csvFastIndexed; count only: csvFastMasked (SIMD) or the quote-aware event walk below (scalar).
 */
export function csvFast(p: usize, end: usize): i32 {
  if (keyCount >= 1) return csvFastIndexed(p, end);
  if (ASC_FEATURE_SIMD) return csvFastMasked(p, end, false);
  const maxCol = maxColumn;
  const needed = neededColumns;
  // Only count-only specs get here (csvFastIndexed above): every record takes the generic hand-off.
  let rec = p;
  let fs = p;
  let field = 0;
  let newlines: i64 = 0;
  let inQuotes = false;
  // Past the last needed column: commas no longer matter.
  let tail = maxCol < 0;
  let close: usize = 0; // closing quote of the current field, 0 if unquoted
  let escaped = false;
  let b = p & ~(<usize>63);
  const first = (<u64>-1) << <u64>(p - b);
  let all = classifyCsvBlock(b) & first;
  let qn = blockQuotesAndNewlines & first;
  while (true) {
    let m = tail || inQuotes ? qn : all;
    while (m == 0) {
      b += 64;
      if (b >= end) {
        advance(rec);
        return FAST_TAIL;
      }
      all = classifyCsvBlock(b);
      qn = blockQuotesAndNewlines;
      m = tail || inQuotes ? qn : all;
    }
    const k = ctz(m);
    const i = b + <usize>k;
    if (i >= end) {
      advance(rec);
      return FAST_TAIL;
    }
    const isComma = ((qn >> k) & 1) == 0;
    const keep = (<u64>-2) << k;
    all &= keep;
    qn &= keep;
    if (isComma) {
      // Only visited outside quotes and before the tail: the common event, kept branch-light.
      if (field >= 64 || (needed >> <u64>field) & 1) {
        if (close != 0) setSpan(field, fs + 1, close - fs - 1, escaped ? KIND_CSV_ESCAPED : KIND_RAW);
        else setSpan(field, fs, i - fs, KIND_RAW);
      }
      field++;
      fs = i + 1;
      close = 0;
      tail = field > maxCol;
      continue;
    }
    const c = load<u8>(i);
    if (inQuotes) {
      if (c == 10) {
        newlines++;
        continue;
      }
      if (i + 2 >= end) {
        // Deciding needs the next byte(s); the tail path knows about end of input.
        advance(rec);
        return FAST_TAIL;
      }
      const n = load<u8>(i + 1);
      if (n == 34) {
        escaped = true;
        const skip = (<u64>-4) << k; // also drop the pair's second quote (if it is in this block)
        all &= skip;
        qn &= skip;
        if (k == 63) {
          // The second quote opens the next block: classify from just after it.
          b += 64;
          const from = (<u64>-2);
          all = classifyCsvBlock(b) & from;
          qn = blockQuotesAndNewlines & from;
        }
        continue;
      }
      if (n != 44 && n != 10 && !(n == 13 && load<u8>(i + 2) == 10)) {
        advance(rec);
        return FAST_SLOW_RECORD;
      }
      inQuotes = false;
      close = i;
      continue;
    }
    if (c == 34) {
      if (tail ? i != rec && load<u8>(i - 1) != 44 : i != fs) {
        advance(rec);
        return FAST_SLOW_RECORD;
      }
      if (!tail) fs = i;
      inQuotes = true;
      escaped = false;
      continue;
    }
    // LF outside quotes: the last field ends here.
    if (!tail && (field >= 64 || (needed >> <u64>field) & 1)) {
      if (close != 0) setSpan(field, fs + 1, close - fs - 1, escaped ? KIND_CSV_ESCAPED : KIND_RAW);
      else setSpan(field, fs, (i > fs && load<u8>(i - 1) == 13 ? i - 1 : i) - fs, KIND_RAW);
    }
    // LF outside quotes: end of record, or a blank line.
    if (field == 0 && close == 0 && (i == rec || (i == rec + 1 && load<u8>(rec) == 13))) {
      addLines(1);
    } else {
      setRecord(i + 1, i - rec, newlines, tail ? maxCol + 2 : field + 1, 0);
      advance(rec);
      if (!commit()) return FAST_FULL;
    }
    rec = i + 1;
    fs = rec;
    field = 0;
    newlines = 0;
    close = 0;
    tail = maxCol < 0;
  }
  return FAST_TAIL;
}

// ---- Quote masks per block: the record walk only sees unquoted ',' and '\n' ----

/** In-quote state after the last masked block: all ones inside quotes. */
let mCarry: u64 = 0;
/** Bit 0 set when the byte before the next block is ',' '\n' or '"'. */
let mPrev: u64 = 0;
/** Unquoted ',' and '\n' of the last masked block. */
let mStruct: u64 = 0;
/** Unquoted '\n'. */
let mLf: u64 = 0;
/** '\n' inside quotes (physical lines within a record). */
let mQuotedLf: u64 = 0;
/** Quotes breaking a rule: an opening quote not at a field start, a closing one followed by text. */
let mBad: u64 = 0;

/**
 * Masks the block at b: bits below `first` are ignored; `start` marks the record start (a quote
 * there opens a field whatever precedes it). A doubled quote toggles the in-quote state twice, so
 * it reads as a closing quote followed by an opening one: both are accepted when next to a quote.
 */
// @ts-ignore: decorator
@inline function maskBlock(b: usize, first: u64, start: u64): void {
  splitCsvBlock(b);
  const q = blockQuotes & first;
  const c = blockCommas & first;
  const l = blockNewlines & first;
  const inside = prefixXor(q) ^ mCarry;
  mCarry = <u64>(<i64>inside >> 63);
  const out = ~inside;
  const d = q | c | l;
  mStruct = (c | l) & out;
  mLf = l & out;
  mQuotedLf = l & inside;
  mBad = misplacedQuotes(b, q, inside, d, mPrev | start);
  mPrev = d >> 63;
}

/** csvFast with per-block quote masks (same results and stop reasons). */
function csvFastMasked(p: usize, end: usize, one: bool): i32 {
  const maxCol = maxColumn;
  const needed = neededColumns;
  const simple = keyCount == 1 && hasSum;
  const keyCol = simple ? fieldPosition(0) : 0;
  const sumCol = simple ? fieldPosition(1) : 0;
  let rec = p;
  let fs = p;
  let field = 0;
  let newlines: i64 = 0;
  // A needed field is quoted: the record goes to parseCsvRecord (unescaping).
  let quotedNeed = false;
  let tail = maxCol < 0;
  let b = p & ~(<usize>63);
  mCarry = 0;
  mPrev = 0;
  maskBlock(b, (<u64>-1) << <u64>(p - b), (<u64>1) << <u64>(p - b));
  let s = mStruct;
  let lf = mLf;
  let qlf = mQuotedLf;
  let bad = mBad;
  while (true) {
    let m = tail ? lf : s;
    while (m == 0) {
      // The record goes on past this block.
      if (bad != 0) {
        advance(rec);
        return FAST_SLOW_RECORD;
      }
      newlines += <i64>popcnt(qlf);
      b += 64;
      if (b >= end) {
        advance(rec);
        return FAST_TAIL;
      }
      maskBlock(b, <u64>-1, 0);
      s = mStruct;
      lf = mLf;
      qlf = mQuotedLf;
      bad = mBad;
      m = tail ? lf : s;
    }
    const k = ctz(m);
    const i = b + <usize>k;
    if (i >= end) {
      advance(rec);
      return FAST_TAIL;
    }
    const keep = (<u64>-2) << k;
    const isLf = (lf >> k) & 1;
    s &= keep;
    lf &= keep;
    if (isLf == 0) {
      if (field >= 64 || (needed >> <u64>field) & 1) {
        if (load<u8>(fs) == 34) quotedNeed = true;
        else setSpan(field, fs, i - fs, KIND_RAW);
      }
      field++;
      fs = i + 1;
      tail = field > maxCol;
      continue;
    }
    // Unquoted LF: the record ends here.
    if (!tail && (field >= 64 || (needed >> <u64>field) & 1)) {
      if (fs < i && load<u8>(fs) == 34) quotedNeed = true;
      else setSpan(field, fs, (i > fs && load<u8>(i - 1) == 13 ? i - 1 : i) - fs, KIND_RAW);
    }
    const done = ~keep;
    if ((bad & done) != 0 || quotedNeed) {
      advance(rec);
      return FAST_SLOW_RECORD;
    }
    newlines += <i64>popcnt(qlf & done);
    bad &= keep;
    qlf &= keep;
    if (field == 0 && (i == rec || (i == rec + 1 && load<u8>(rec) == 13))) {
      addLines(1);
    } else if (
      simple && (tail || field >= maxCol) && i - rec <= MAX_RECORD &&
      spanKind(keyCol) == KIND_RAW && spanKind(sumCol) == KIND_RAW
    ) {
      if (!addRawRecord(spanStart(keyCol), spanLen(keyCol), spanStart(sumCol), spanLen(sumCol), line)) {
        advance(rec);
        return FAST_FULL;
      }
      addLines(1 + newlines);
    } else {
      setRecord(i + 1, i - rec, newlines, tail ? maxCol + 2 : field + 1, 0);
      advance(rec);
      if (!commit()) return FAST_FULL;
    }
    rec = i + 1;
    if (one) {
      advance(rec);
      return FAST_ONE;
    }
    fs = rec;
    field = 0;
    newlines = 0;
    tail = maxCol < 0;
  }
  return FAST_TAIL;
}

/** csvFastMasked(one = true) finished one record; pos is past it. */
const FAST_ONE = 3;

// ---- One key and a sum: index a batch of blocks, then read the fields of each record from it ----
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

/** Indexes blocks from the record start p; returns why it stopped (idxLfs = LFs indexed). */
function indexBatch(p: usize, end: usize): i32 {
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
    const inside = prefixXor(q) ^ carry;
    const out = ~inside;
    const d = q | c0 | l0;
    const bad = misplacedQuotes(b, q, inside, d, prev | start);
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
    let k = ctz(y);
    store<u32>(v, <u32>(b + <usize>k));
    store<u32>(v, <u32>(nc + <usize>popcnt(c & (((<u64>1) << k) - 1))), 4);
    y &= y - 1;
    k = ctz(y);
    store<u32>(v, <u32>(b + <usize>k), 8);
    store<u32>(v, <u32>(nc + <usize>popcnt(c & (((<u64>1) << k) - 1))), 12);
    y &= y - 1;
    if (lcnt > 2) {
      v += 16;
      while (y != 0) {
        k = ctz(y);
        store<u32>(v, <u32>(b + <usize>k));
        store<u32>(v, <u32>(nc + <usize>popcnt(c & (((<u64>1) << k) - 1))), 4);
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
  return stop;
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

function csvFastIndexed(p: usize, end: usize): i32 {
  const maxCol = <usize>maxColumn;
  const simple = keyCount == 1 && hasSum;
  const specFields = keyCount + (hasSum ? 1 : 0);
  const keyCol = fieldPosition(0);
  const sumCol = fieldPosition(1);
  let rec = p;
  while (true) {
    const stop = indexBatch(rec, end);
    const nl = idxLfs;
    let j0: usize = 0;
    for (let r: usize = 0; r < nl; r++) {
      const e = IDX_LFS + (r << 3);
      const i = <usize>load<u32>(e);
      const j1 = <usize>load<u32>(e, 4);
      const count = j1 - j0;
      if (
        count >= maxCol && i - rec <= MAX_RECORD &&
        (count > 0 || (i > rec && !(i == rec + 1 && load<u8>(rec) == 13)))
      ) {
        if (simple) {
          const ks = fieldStart(keyCol, j0, rec);
          const ke = fieldEnd(keyCol, j0, count, i, ks);
          const ss = fieldStart(sumCol, j0, rec);
          const se = fieldEnd(sumCol, j0, count, i, ss);
          if (load<u8>(ks) != 34 && load<u8>(ss) != 34) {
            if (!addRawRecord(ks, ke - ks, ss, se - ss, line)) {
              advance(rec);
              return FAST_FULL;
            }
            addLines(1);
            rec = i + 1;
            j0 = j1;
            continue;
          }
        } else if (indexedSpans(specFields, j0, count, i, rec)) {
          // Several keys, or no sum: the generic accept() reads the spans (composite key, sum).
          setRecord(i + 1, i - rec, 0, <i32>count + 1, 0);
          advance(rec);
          if (!commit()) return FAST_FULL;
          rec = i + 1;
          j0 = j1;
          continue;
        }
      }
      // Blank lines, missing columns, quoted keys or sums, over-long records: the full parser.
      advance(rec);
      if (parseCsvRecord(rec, end, eof) == BLANK) addLines(1);
      else if (!commit()) return FAST_FULL;
      rec = i + 1;
      j0 = j1;
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

/**
 * Counts one record whose key and sum are unquoted spans: parses the sum (a bad one rejects the
 * record at `line`), then adds it to the key's group. False when the group table is full: the
 * caller hands the record back so JS can drain the table first.
 */
// @ts-ignore: decorator
@inline function addRawRecord(ks: usize, kl: usize, ss: usize, sl: usize, line: i64): bool {
  const reason = sl > 0 && parseShort(ss, sl, scale) == 0 ? 0 : parseUnits(ss, sl, scale);
  if (reason != 0) {
    reject(line, reason);
    return true;
  }
  const entry = upsertShort(ks, kl);
  if (entry == 0) return false;
  addToEntry(entry, parsedUnits);
  countAccepted();
  return true;
}

/**
 * The quotes of one 64-byte block at `b` that break RFC 4180 placement (one bit each). `q` marks
 * quotes, `inside` the in-quote bytes after toggling, `d` quotes, commas and LFs, `before` the bit of
 * a delimiter just before the block (or the record start). Opening quotes need ',' '\n' '"' or the
 * record start before them; closing quotes need ',' '\n' '"' or CR LF after them — CR and the
 * block's last byte are checked byte by byte (rare). A doubled quote passes both checks.
 */
// @ts-ignore: decorator
@inline function misplacedQuotes(b: usize, q: u64, inside: u64, d: u64, before: u64): u64 {
  let bad = q & inside & ~((d << 1) | before);
  let cand = q & ~inside & ~(d >> 1);
  while (cand != 0) {
    const j = b + <usize>ctz(cand);
    const n = load<u8>(j + 1);
    if (!(n == 44 || n == 10 || n == 34 || (n == 13 && load<u8>(j + 2) == 10))) bad |= cand & (0 - cand);
    cand &= cand - 1;
  }
  return bad;
}
