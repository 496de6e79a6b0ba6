// The CSV hot loops. Blocks of 64 bytes are classified into '"' ',' '\n' masks; in-quote regions
// come from a prefix XOR of the quote bits, so quoted commas and LFs drop out without branches and
// quoting rules are checked with bit operations. Specs with a key: batches of clean blocks are
// indexed, then fields are read from the index (csv-indexed.ts; one key and a sum straight into the
// table, others through accept()); count-only specs walk the unquoted LF bits (csv-masked.ts), or,
// in the scalar build, the older quote-aware event walk below.
// A record breaking a quoting rule, and the unfinished tail, go back to the driver, which parses them
// with parseCsvRecord (the full RFC 4180 rules, including where bad records end).
import { maxColumn, neededColumns, addLines, advance, keyCount } from "./state";
import { classifyCsvBlock, blockQuotesAndNewlines } from "./scan";
import { setSpan, KIND_RAW, KIND_CSV_ESCAPED } from "./spans";
import { setRecord } from "./record";
import { commit } from "./commit";
import { FAST_SLOW_RECORD, FAST_TAIL, FAST_FULL } from "./csv-fast-status";
import { csvFastMasked } from "./csv-masked";
import { csvFastIndexed } from "./csv-indexed";

export { FAST_SLOW_RECORD, FAST_TAIL, FAST_FULL } from "./csv-fast-status";

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
