// What one parsed record looks like to the driver, shared by the three format parsers.

/** The record is not complete in the window yet (and this is not the end of input). */
export const INCOMPLETE = 0;
/** A record was parsed: see the rec* globals. */
export const PARSED = 1;
/** An empty line (or a lone CR before LF): skipped, not counted. */
export const BLANK = 2;

/** Position just past the record's terminating LF (or the end of input). */
export let recNext: usize = 0;
/** Bytes from the record start to its LF (exclusive) or end of input. */
export let recLen: usize = 0;
/** LF bytes inside the record (CSV quoted fields), for physical line numbers. */
export let recNewlines: i64 = 0;
/** Fields seen (CSV columns / log fields). */
export let recFields: i32 = 0;
/** First problem found (a reason code), or 0. */
export let recBad: i32 = 0;

/** Publishes a parsed record. */
// @ts-ignore: decorator
@inline export function setRecord(next: usize, len: usize, newlines: i64, fields: i32, bad: i32): i32 {
  recNext = next;
  recLen = len;
  recNewlines = newlines;
  recFields = fields;
  recBad = bad;
  return PARSED;
}

/** Publishes a blank line ending before `next`. */
// @ts-ignore: decorator
@inline export function setBlank(next: usize): i32 {
  recNext = next;
  return BLANK;
}
