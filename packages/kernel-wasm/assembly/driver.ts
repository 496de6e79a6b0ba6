// The record loop over the input window: parse, reject or accept, carry the unfinished tail.
import { FORMAT_CSV, FORMAT_NDJSON, REASON_TOO_LONG, STATUS_OK, STATUS_FULL } from "../src/constants";
import { MAX_RECORD } from "./layout";
import { format, line, pos, end, eof, advance, addLines, countAccepted, reject, carryTail } from "./state";
import { resetScanCache, nextNewline } from "./scan";
import { parseCsvRecord, skipCsv, resetCsvSkip } from "./csv";
import { parseNdjsonRecord } from "./ndjson";
import { parseLogRecord } from "./log";
import { INCOMPLETE, BLANK, recNext, recLen, recNewlines, recBad } from "./record";
import { accept, ACCEPT_FULL } from "./accept";

/** True while discarding the rest of a record that outgrew MAX_RECORD (already rejected). */
let skipping = false;

// @ts-ignore: decorator
@inline function parseRecord(p: usize, e: usize, atEof: bool): i32 {
  if (format == FORMAT_CSV) return parseCsvRecord(p, e, atEof);
  if (format == FORMAT_NDJSON) return parseNdjsonRecord(p, e, atEof);
  return parseLogRecord(p, e, atEof);
}

function countNewlines(from: usize, to: usize): i64 {
  let n: i64 = 0;
  let i = nextNewline(from, to);
  while (i < to) {
    n++;
    i = nextNewline(i + 1, to);
  }
  return n;
}

/** Discards bytes of the over-long record; returns true once its end was found (or input ended). */
function skipLongRecord(from: usize): bool {
  const stop = format == FORMAT_CSV ? skipCsv(from, end) : nextNewline(from, end);
  if (stop >= end) {
    addLines(countNewlines(from, end));
    advance(end);
    return eof;
  }
  addLines(countNewlines(from, stop) + 1);
  advance(stop + 1);
  return true;
}

/** Processes every complete record in the window. Returns STATUS_OK or STATUS_FULL (resume later). */
export function run(): i32 {
  resetScanCache();
  while (true) {
    if (skipping) {
      if (!skipLongRecord(pos)) break;
      skipping = false;
    }
    if (pos >= end) break;
    const start = pos;
    const r = parseRecord(start, end, eof);
    if (r == INCOMPLETE) {
      if (end - start > <usize>MAX_RECORD) {
        reject(line, REASON_TOO_LONG);
        skipping = true;
        resetCsvSkip();
        continue;
      }
      break;
    }
    if (r == BLANK) {
      addLines(1);
      advance(recNext);
      continue;
    }
    let reason = recLen > <usize>MAX_RECORD ? REASON_TOO_LONG : recBad;
    if (reason == 0) {
      reason = accept();
      if (reason == ACCEPT_FULL) return STATUS_FULL;
    }
    if (reason == 0) countAccepted();
    else reject(line, reason);
    addLines(1 + recNewlines);
    advance(recNext);
  }
  carryTail();
  return STATUS_OK;
}
