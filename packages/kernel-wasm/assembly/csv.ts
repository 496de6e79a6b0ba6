// RFC 4180 record parser. A field is quoted only when it starts with '"'; inside, '""' is a quote and
// commas/newlines are text. A quote inside an unquoted field, or text after a closing quote, makes the
// record bad (the rest of that field is read as unquoted text so the record still ends where a reader
// would expect). The record's content excludes one CR before its LF (or before end of input).
import { REASON_BAD_QUOTE, REASON_UNTERMINATED_QUOTE } from "../src/constants";
import { maxColumn } from "./state";
import { nextCsvEvent } from "./scan";
import { setSpan, KIND_RAW, KIND_CSV_ESCAPED } from "./spans";
import { INCOMPLETE, BLANK, setRecord, setBlank } from "./record";

const LF: u8 = 10;
const CR: u8 = 13;
const COMMA: u8 = 44;
const QUOTE: u8 = 34;

/** Next ',' or '\n' from `from`, treating quotes as text; `end` if none. */
// @ts-ignore: decorator
@inline function nextDelimiter(from: usize, end: usize): usize {
  let e = nextCsvEvent(from, end);
  while (e < end && load<u8>(e) == QUOTE) e = nextCsvEvent(e + 1, end);
  return e;
}

/** Value end before a record terminator: drops one trailing CR. */
// @ts-ignore: decorator
@inline function trimCr(start: usize, stop: usize): usize {
  return stop > start && load<u8>(stop - 1) == CR ? stop - 1 : stop;
}

/** Parses the record at `p` (< end). Returns INCOMPLETE, BLANK or PARSED (see record.ts). */
export function parseCsvRecord(p: usize, end: usize, eof: bool): i32 {
  const c0 = load<u8>(p);
  if (c0 == LF) return setBlank(p + 1);
  if (c0 == CR) {
    if (p + 1 < end) {
      if (load<u8>(p + 1) == LF) return setBlank(p + 2);
    } else if (eof) return setBlank(p + 1);
    else return INCOMPLETE;
  }
  const maxCol = maxColumn;
  let field = 0;
  let bad = 0;
  let newlines: i64 = 0;
  let fs = p;
  while (true) {
    if (fs < end && load<u8>(fs) == QUOTE) {
      let q = fs + 1;
      let escaped = false;
      let close: usize = 0;
      while (true) {
        const e = nextCsvEvent(q, end);
        if (e >= end) {
          if (!eof) return INCOMPLETE;
          if (bad == 0) bad = REASON_UNTERMINATED_QUOTE;
          return setRecord(end, end - p, newlines, field + 1, bad);
        }
        const c = load<u8>(e);
        if (c != QUOTE) {
          if (c == LF) newlines++;
          q = e + 1;
          continue;
        }
        if (e + 1 >= end) {
          if (!eof) return INCOMPLETE;
        } else if (load<u8>(e + 1) == QUOTE) {
          escaped = true;
          q = e + 2;
          continue;
        }
        close = e;
        break;
      }
      if (field <= maxCol) setSpan(field, fs + 1, close - fs - 1, escaped ? KIND_CSV_ESCAPED : KIND_RAW);
      const a = close + 1;
      if (a >= end) return setRecord(end, end - p, newlines, field + 1, bad);
      const n = load<u8>(a);
      if (n == COMMA) {
        fs = a + 1;
        field++;
        continue;
      }
      if (n == LF) return setRecord(a + 1, a - p, newlines, field + 1, bad);
      if (n == CR) {
        if (a + 1 >= end) {
          if (!eof) return INCOMPLETE;
          return setRecord(end, end - p, newlines, field + 1, bad);
        }
        if (load<u8>(a + 1) == LF) return setRecord(a + 2, a + 1 - p, newlines, field + 1, bad);
      }
      // Text after the closing quote.
      if (bad == 0) bad = REASON_BAD_QUOTE;
      const e = nextDelimiter(a, end);
      if (e >= end) {
        if (!eof) return INCOMPLETE;
        return setRecord(end, end - p, newlines, field + 1, bad);
      }
      if (load<u8>(e) == COMMA) {
        fs = e + 1;
        field++;
        continue;
      }
      return setRecord(e + 1, e - p, newlines, field + 1, bad);
    }
    // Unquoted field: the hot path.
    let e = nextCsvEvent(fs, end);
    if (e < end && load<u8>(e) == QUOTE) {
      if (bad == 0) bad = REASON_BAD_QUOTE;
      e = nextDelimiter(e + 1, end);
    }
    if (e >= end) {
      if (!eof) return INCOMPLETE;
      if (field <= maxCol) setSpan(field, fs, trimCr(fs, end) - fs, KIND_RAW);
      return setRecord(end, end - p, newlines, field + 1, bad);
    }
    if (load<u8>(e) == COMMA) {
      if (field <= maxCol) setSpan(field, fs, e - fs, KIND_RAW);
      fs = e + 1;
      field++;
      continue;
    }
    if (field <= maxCol) setSpan(field, fs, trimCr(fs, e) - fs, KIND_RAW);
    return setRecord(e + 1, e - p, newlines, field + 1, bad);
  }
  return INCOMPLETE;
}

// ---- Skipping a record too long to keep: only where it ends matters. ----

const SKIP_FIELD_START = 0;
const SKIP_UNQUOTED = 1;
const SKIP_QUOTED = 2;
const SKIP_QUOTE_IN_QUOTED = 3;

/** Scanner state of the record being skipped. */
export let skipState: i32 = SKIP_FIELD_START;

export function resetCsvSkip(): void {
  skipState = SKIP_FIELD_START;
}

/**
 * Advances the skip scanner over [from, end) with the same record-boundary rules as parseCsvRecord.
 * Returns the position of the LF that ends the record, or `end` if it goes on.
 */
export function skipCsv(from: usize, end: usize): usize {
  let s = skipState;
  for (let i = from; i < end; i++) {
    const c = load<u8>(i);
    if (s == SKIP_QUOTED) {
      if (c == QUOTE) s = SKIP_QUOTE_IN_QUOTED;
      continue;
    }
    if (s == SKIP_QUOTE_IN_QUOTED && c == QUOTE) {
      s = SKIP_QUOTED;
      continue;
    }
    if (c == LF) {
      skipState = SKIP_FIELD_START;
      return i;
    }
    if (c == COMMA) s = SKIP_FIELD_START;
    else if (s == SKIP_FIELD_START && c == QUOTE) s = SKIP_QUOTED;
    else s = SKIP_UNQUOTED;
  }
  skipState = s;
  return end;
}
