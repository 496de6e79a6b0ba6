// Quote masks per block: the record walk only sees unquoted ',' and '\n'. Walks count-only specs,
// and single records for csv-indexed.ts where a block could not be indexed.
import { maxColumn, neededColumns, addLines, advance, keyCount, hasSum, fieldPosition, line } from "./state";
import { MAX_RECORD } from "./layout";
import { spanStart, spanLen, spanKind, setSpan, KIND_RAW } from "./spans";
import { splitCsvBlock, blockQuotes, blockCommas, blockNewlines, prefixXor } from "./scan";
import { setRecord } from "./record";
import { commit } from "./commit";
import { FAST_SLOW_RECORD, FAST_TAIL, FAST_FULL, FAST_ONE } from "./csv-fast-status";
import { addRawRecord } from "./csv-raw-record";
import { misplacedQuotes } from "./csv-quote-placement";

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
export function csvFastMasked(p: usize, end: usize, one: bool): i32 {
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
