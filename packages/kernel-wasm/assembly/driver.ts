// The record loop over the input window: parse, reject or accept, carry the unfinished tail.
import { FORMAT_CSV, FORMAT_NDJSON, REASON_TOO_LONG, STATUS_OK, STATUS_FULL } from "../src/constants";
import { MAX_RECORD } from "./layout";
import { format, line, pos, end, eof, advance, addLines, reject, carryTail } from "./state";
import { resetScanCache, nextNewline } from "./scan";
import { parseCsvRecord, skipCsv, resetCsvSkip } from "./csv";
import { parseNdjsonRecord } from "./ndjson";
import { parseLogRecord } from "./log";
import { INCOMPLETE, BLANK, recNext } from "./record";
import { commit } from "./commit";
import { csvFast, FAST_FULL, FAST_SLOW_RECORD } from "./csv-fast";
import { resetIndexMode } from "./csv-indexed";
import { routing, ingestStage } from "./route";

/** True while discarding the rest of a record that outgrew MAX_RECORD (already rejected). */
export let skipping = false;

/** Forgets a skip in progress, the scan cache and the index's quote mode (init: a pooled instance may have stopped mid-skip). */
export function resetDriver(): void {
  skipping = false;
  resetCsvSkip();
  resetScanCache();
  resetIndexMode();
}

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
  // Set when the CSV fast path found no complete record at pos: parse the tail the slow way, once.
  let fastDeclined = false;
  while (true) {
    if (skipping) {
      if (!skipLongRecord(pos)) break;
      skipping = false;
    }
    if (pos >= end) break;
    if (format == FORMAT_CSV && !fastDeclined) {
      const f = csvFast(pos, end);
      if (f == FAST_FULL) return settleStage(STATUS_FULL);
      // A quoted record is parsed below, then the fast path resumes; the tail is parsed below once.
      if (f != FAST_SLOW_RECORD) fastDeclined = true;
      if (pos >= end) break;
    }
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
    if (!commit()) return settleStage(STATUS_FULL);
    fastDeclined = false;
  }
  carryTail();
  return settleStage(STATUS_OK);
}

/** A call's staged records (key-range exchange) go into the table before it returns: STATUS_FULL if they do not fit. */
function settleStage(status: i32): i32 {
  return routing && !ingestStage() ? STATUS_FULL : status;
}
