// The CSV hot loop: classifies 64 bytes at a time (v128 or SWAR) and walks the set bits, so a field
// costs a few instructions. Inside quotes and after the last needed column only '"' and '\n' are
// visited. Well-formed quoted fields are handled here; a record breaking a quoting rule, and the
// unfinished tail, go back to the driver, which parses them with parseCsvRecord (the full RFC 4180
// rules, including where bad records end).
import { maxColumn, neededColumns, addLines, advance, keyCount, hasSum, scale, fieldPosition, line, reject, countAccepted } from "./state";
import { MAX_RECORD } from "./layout";
import { spanStart, spanLen, spanKind } from "./spans";
import { parseShort, parseUnits, parsedUnits } from "./decimal";
import { upsertShort, addToEntry } from "./table";
import { classifyCsvBlock, blockQuotesAndNewlines } from "./scan";
import { setSpan, KIND_RAW, KIND_CSV_ESCAPED } from "./spans";
import { setRecord } from "./record";
import { commit } from "./commit";

/** The record at `pos` breaks a quoting rule: parse it with parseCsvRecord. */
export const FAST_SLOW_RECORD = 0;
/** No complete record at `pos`: parse the tail with parseCsvRecord (incomplete, or the last record). */
export const FAST_TAIL = 1;
/** The group table is full; resume at `pos` after a drain. */
export const FAST_FULL = 2;

/** Processes records from `p`; returns why it stopped (pos is left at a record start). */
export function csvFast(p: usize, end: usize): i32 {
  const maxCol = maxColumn;
  const needed = neededColumns;
  // One key and a sum (the usual billing spec): records are counted right here, skipping the
  // generic record hand-off; anything unusual (escapes, missing columns, long records) takes it.
  const simple = keyCount == 1 && hasSum;
  const keyCol = simple ? fieldPosition(0) : 0;
  const sumCol = simple ? fieldPosition(1) : 0;
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
    } else if (
      simple && (tail || field >= maxCol) && i - rec <= MAX_RECORD &&
      spanKind(keyCol) == KIND_RAW && spanKind(sumCol) == KIND_RAW
    ) {
      const ss = spanStart(sumCol);
      const sl = spanLen(sumCol);
      const reason = sl > 0 && parseShort(ss, sl, scale) == 0 ? 0 : parseUnits(ss, sl, scale);
      if (reason != 0) reject(line, reason);
      else {
        const entry = upsertShort(spanStart(keyCol), spanLen(keyCol));
        if (entry == 0) {
          advance(rec);
          return FAST_FULL;
        }
        addToEntry(entry, parsedUnits);
        countAccepted();
      }
      addLines(1 + newlines);
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
