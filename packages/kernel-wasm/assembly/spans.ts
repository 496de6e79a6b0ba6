// Field spans found while parsing one record: where a value's bytes are and how to read them.
import { FIELDS_BASE } from "./layout";

/** Not present in the record. */
export const KIND_NONE: u32 = 0;
/** Bytes are the value as is. */
export const KIND_RAW: u32 = 1;
/** CSV quoted content containing doubled quotes to collapse. */
export const KIND_CSV_ESCAPED: u32 = 2;
/** JSON string content (between the quotes) containing backslash escapes. */
export const KIND_JSON_ESCAPED: u32 = 3;
/** JSON number text. */
export const KIND_JSON_NUMBER: u32 = 4;
/** JSON true / false (text is the value). */
export const KIND_JSON_BOOL: u32 = 5;
export const KIND_JSON_NULL: u32 = 6;
/** JSON object or array. */
export const KIND_JSON_CONTAINER: u32 = 7;
/** JSON string without escapes. */
export const KIND_JSON_STRING: u32 = 8;
/** A JSON string's source text with its quotes and escapes as written (typed specs): read as is. */
export const KIND_JSON_TYPED_STRING: u32 = 9;

// @ts-ignore: decorator
@inline export function setSpan(i: i32, start: usize, len: usize, kind: u32): void {
  const p = FIELDS_BASE + (<usize>i << 4);
  store<u32>(p, <u32>start);
  store<u32>(p, <u32>len, 4);
  store<u32>(p, kind, 8);
}

// @ts-ignore: decorator
@inline export function spanStart(i: i32): usize {
  return <usize>load<u32>(FIELDS_BASE + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline export function spanLen(i: i32): usize {
  return <usize>load<u32>(FIELDS_BASE + (<usize>i << 4), 4);
}

// @ts-ignore: decorator
@inline export function spanKind(i: i32): u32 {
  return load<u32>(FIELDS_BASE + (<usize>i << 4), 8);
}
