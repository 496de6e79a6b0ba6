// Kernel state that survives between calls: counters, the input window and the rejection list.
import { REJECT_CAP, SPEC_FIELD_WORDS, SPEC_FORMAT, SPEC_KEY_COUNT, SPEC_HAS_SUM, SPEC_SCALE, SPEC_FIELDS, SPEC_SUFFIX_LEN, SPEC_LINE_BASE, SPEC_REJECT_NEGATIVE, SPEC_TYPED } from "../src/constants";
import { INPUT_BASE, REJECT_BASE, REJECT_ENTRY, SPEC_BASE, SPEC_FIELD_BASE, SPEC_BYTES } from "./layout";

// ---- spec (copied out of the spec region by init) ----
export let format: i32 = 0;
export let keyCount: i32 = 0;
export let hasSum: bool = false;
export let scale: i32 = 2;
export let fieldsRequired: i32 = -1;
export let suffixLen: i32 = 0;
/** A sum value below zero rejects its record (REASON_NEGATIVE). */
export let rejectNegative: bool = false;
/** ndjson: keys are JSON source text and a string sum is refused (AggregateSpec.typed). */
export let typed: bool = false;
/** Needed fields = keys then (if hasSum) the sum. */
export let neededCount: i32 = 0;
/** Highest CSV column / log position among the needed fields. */
export let maxColumn: i32 = 0;
/** Bit c set when column c (< 64) is needed; columns from 64 on are always recorded. */
export let neededColumns: u64 = 0;

// ---- counters ----
/** Physical line number at `pos`. */
export let line: i64 = 1;
export let records: i64 = 0;
export let rejected: i64 = 0;
export let rejectStored: i32 = 0;

// ---- input window: [pos, end) holds bytes not yet consumed ----
export let pos: usize = INPUT_BASE;
export let end: usize = INPUT_BASE;
export let eof: bool = false;

/** Reads spec word `i` written by JS. */
// @ts-ignore: decorator
@inline export function specWord(i: i32): i32 {
  return load<i32>(SPEC_BASE + (<usize>i << 2));
}

/** Column (csv/log) of needed field `i`. */
// @ts-ignore: decorator
@inline export function fieldPosition(i: i32): i32 {
  return load<i32>(SPEC_FIELD_BASE + <usize>(i * SPEC_FIELD_WORDS) * 4);
}

/** Address of the name bytes of needed field `i` (ndjson). */
// @ts-ignore: decorator
@inline export function fieldNamePtr(i: i32): usize {
  return SPEC_BYTES + <usize>load<i32>(SPEC_FIELD_BASE + <usize>(i * SPEC_FIELD_WORDS + 1) * 4);
}

// @ts-ignore: decorator
@inline export function fieldNameLen(i: i32): i32 {
  return load<i32>(SPEC_FIELD_BASE + <usize>(i * SPEC_FIELD_WORDS + 2) * 4);
}

/** Copies the spec out of memory and resets all counters. */
export function loadSpec(): void {
  format = specWord(SPEC_FORMAT);
  keyCount = specWord(SPEC_KEY_COUNT);
  hasSum = specWord(SPEC_HAS_SUM) != 0;
  scale = specWord(SPEC_SCALE);
  fieldsRequired = specWord(SPEC_FIELDS);
  suffixLen = specWord(SPEC_SUFFIX_LEN);
  rejectNegative = specWord(SPEC_REJECT_NEGATIVE) != 0;
  typed = specWord(SPEC_TYPED) != 0;
  neededCount = keyCount + (hasSum ? 1 : 0);
  maxColumn = -1;
  neededColumns = 0;
  for (let i = 0; i < neededCount; i++) {
    const c = fieldPosition(i);
    if (c > maxColumn) maxColumn = c;
    if (c < 64) neededColumns |= (<u64>1) << <u64>c;
  }
  line = <i64>specWord(SPEC_LINE_BASE);
  records = 0;
  rejected = 0;
  rejectStored = 0;
  pos = INPUT_BASE;
  end = INPUT_BASE;
  eof = false;
}

/** Moves the window end after JS appended `len` bytes at `end`. */
export function appendInput(len: i32): void {
  end += <usize>len;
}

export function setEof(): void {
  eof = true;
}

/** Consumes [pos, newPos). */
export function advance(newPos: usize): void {
  pos = newPos;
}

export function addLines(n: i64): void {
  line += n;
}

export function countAccepted(): void {
  records++;
}

/** Counts a rejected record and stores (line, reason) while the list has room. */
export function reject(atLine: i64, reason: i32): void {
  rejected++;
  if (rejectStored < REJECT_CAP) {
    const p = REJECT_BASE + <usize>rejectStored * REJECT_ENTRY;
    store<i64>(p, atLine);
    store<i32>(p, reason, 8);
    rejectStored++;
  }
}

/** Moves the unconsumed tail to the start of the input region so the next chunk lands after it. */
export function carryTail(): void {
  const tail = end - pos;
  if (pos != INPUT_BASE && tail > 0) memory.copy(INPUT_BASE, pos, tail);
  pos = INPUT_BASE;
  end = INPUT_BASE + tail;
}
