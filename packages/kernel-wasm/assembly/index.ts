// Kernel exports. The JS side (src/kernel-aggregator.ts) writes the spec and input bytes into memory
// at the addresses in src/constants.ts and drives these calls; results are read from memory.
import { STATUS_BAD_CALL } from "../src/constants";
import { INPUT_END, ARENA_BASE } from "./layout";
import { loadSpec, appendInput, setEof, end, records, rejected, rejectStored, line, scale } from "./state";
import { run, resetDriver, skipping } from "./driver";
export { mergeEntries } from "./merge";
export { sortGroups } from "./sort";
export { renderRows, renderRowsAt, renderedStart, renderedEnd } from "./render";
export { projectInit, projectArray, projectFieldsAt } from "./json-project";
import { resetTable, groups, arenaTop } from "./table";
import { startDecimals } from "./decimal";

/**
 * Reads the spec region and starts a fresh aggregation. Returns 0, or 1 if the layout is unusable.
 * Resets every piece of state a run keeps between calls (counters and input window, group table,
 * over-long-record skip, scan cache), so an instance that served an earlier aggregator — finished
 * or abandoned mid-stream — behaves exactly like a fresh one (JS pools instances). The other globals
 * (record spans, CSV block masks, JSON scan flags, parsed decimal) are written before they are read
 * within a call; memory past the input window's end is never read as data.
 */
export function init(): i32 {
  if (__heap_base > <usize>65536) return 1;
  loadSpec();
  resetTable();
  forgetKept();
  resetRoute();
  resetDriver();
  startDecimals(scale);
  return 0;
}

/** Where JS writes the next chunk (just after the carried tail). */
export function inputPtr(): usize {
  return end;
}

/** Bytes JS may write at inputPtr(). */
export function inputRoom(): i32 {
  return <i32>(INPUT_END - end);
}

/**
 * JS wrote `len` bytes at `ptr` (which must be inputPtr()): process them.
 * Returns STATUS_OK, STATUS_FULL, or STATUS_BAD_CALL when the bytes are not where the window ends.
 */
export function push(ptr: usize, len: i32): i32 {
  if (ptr != end || len < 0 || len > inputRoom()) return STATUS_BAD_CALL;
  appendInput(len);
  return run();
}

/** Continues after a STATUS_FULL once JS has drained the table. */
export function resume(): i32 {
  return run();
}

/** End of input: the tail is the last record. Returns STATUS_OK or STATUS_FULL (drain, then resume). */
export function finish(): i32 {
  setEof();
  return run();
}

/** Empties the group table (after JS read the groups). */
export function reset(): void {
  resetTable();
  forgetKept();
}

export function groupCount(): i32 {
  return groups;
}

export function arenaStart(): usize {
  return ARENA_BASE;
}

export function arenaEnd(): usize {
  return arenaTop;
}

export function recordCount(): f64 {
  return <f64>records;
}

export function rejectedCount(): f64 {
  return <f64>rejected;
}

export function rejectionsStored(): i32 {
  return rejectStored;
}

export function nextLine(): f64 {
  return <f64>line;
}

/**
 * 1 while the rest of an over-long record is being discarded: the input so far did not end at a
 * record boundary even when the window is empty (a part of a file split for threads checks this).
 */
export function skippingRecord(): i32 {
  return skipping ? 1 : 0;
}

/** 1 in the SIMD build, 0 in the scalar one. */
export function simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
export { keyTraits, gatherStart, gatherSorted, gatherKept, joinRows, joinedB, joinedRows, joinStop } from "./join";
import { forgetKept } from "./join";
export { setRoute, outboxUsed, outboxTaken, outboxWasFull, ingest } from "./route";
import { resetRoute } from "./route";
