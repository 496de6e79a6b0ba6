// Turns a parsed record's spans into a group update: composite key, exact sum, then the table.
import { FORMAT_NDJSON, FORMAT_LOG, REASON_MISSING_KEY, REASON_BAD_KEY, REASON_MISSING_SUM, REASON_BAD_DECIMAL, REASON_MISSING_COLUMN, REASON_FIELD_COUNT, REASON_MISSING_SUFFIX, REASON_NEGATIVE } from "../src/constants";
import { SCRATCH_BASE, SCRATCH_VALUE, SPEC_BYTES } from "./layout";
import { format, keyCount, hasSum, scale, suffixLen, fieldsRequired, maxColumn, fieldPosition, rejectNegative } from "./state";
import {
  spanStart, spanLen, spanKind, KIND_NONE, KIND_CSV_ESCAPED, KIND_JSON_ESCAPED, KIND_JSON_NULL,
  KIND_JSON_CONTAINER, KIND_JSON_BOOL, KIND_JSON_TYPED_STRING,
} from "./spans";
import { copyCsvEscaped, copyJsonEscaped } from "./unescape";
import { parseUnits, parsedUnits } from "./decimal";
import { upsert, addToEntry } from "./table";
import { recFields } from "./record";
import { foreignKey, sendAway } from "./route";

/** accept() result when the table has no room: nothing was changed, retry after a drain. */
export const ACCEPT_FULL: i32 = -1;

/** Copies a value's bytes to `dst`, resolving escapes; returns the length. */
// @ts-ignore: decorator
@inline function copyValue(dst: usize, s: i32): usize {
  const kind = spanKind(s);
  const start = spanStart(s);
  const len = spanLen(s);
  if (kind == KIND_CSV_ESCAPED) return copyCsvEscaped(dst, start, len);
  if (kind == KIND_JSON_ESCAPED) return copyJsonEscaped(dst, start, len);
  // Keys are short: word copies beat memory.copy's call overhead. Over-reads stay inside the input
  // padding and over-writes inside the scratch area (the next key field overwrites them).
  for (let i: usize = 0; i < len; i += 8) store<u64>(dst + i, load<u64>(start + i));
  return len;
}

/** Checks that the record has every needed field; returns a reason or 0. */
// @ts-ignore: decorator
@inline function checkShape(): i32 {
  if (format == FORMAT_NDJSON) return 0;
  if (format == FORMAT_LOG) {
    if (fieldsRequired >= 0 ? recFields != fieldsRequired : recFields <= maxColumn) return REASON_FIELD_COUNT;
    return 0;
  }
  return recFields <= maxColumn ? REASON_MISSING_COLUMN : 0;
}

/** Parses the sum field (span `s`) into parsedUnits; returns a reason or 0. */
// @ts-ignore: decorator
@inline function parseSum(s: i32): i32 {
  const kind = spanKind(s);
  if (kind == KIND_NONE || kind == KIND_JSON_NULL) return REASON_MISSING_SUM;
  if (kind == KIND_JSON_BOOL || kind == KIND_JSON_CONTAINER || kind == KIND_JSON_TYPED_STRING) return REASON_BAD_DECIMAL;
  let p = spanStart(s);
  let len = spanLen(s);
  if (kind == KIND_CSV_ESCAPED || kind == KIND_JSON_ESCAPED) {
    len = copyValue(SCRATCH_VALUE, s);
    p = SCRATCH_VALUE;
  }
  if (format == FORMAT_LOG && suffixLen > 0) {
    const n = <usize>suffixLen;
    if (len < n || memory.compare(p + len - n, SPEC_BYTES, n) != 0) return REASON_MISSING_SUFFIX;
    len -= n;
  }
  const r = parseUnits(p, len, scale);
  return r == 0 && rejectNegative && parsedUnits < 0 ? REASON_NEGATIVE : r;
}

/** Counts the parsed record into its group. Returns 0, a rejection reason, or ACCEPT_FULL. */
// @ts-ignore: decorator
@inline export function accept(): i32 {
  const shape = checkShape();
  if (shape != 0) return shape;
  const byName = format == FORMAT_NDJSON;
  // One key field (the usual case): the key is the value's bytes, hashed and compared where they lie
  // in the input unless escapes must be resolved first. Several: length-prefixed values in scratch.
  let key = SCRATCH_BASE;
  let keyLen: usize = 0;
  if (keyCount == 1) {
    const s = byName ? 0 : fieldPosition(0);
    const kind = spanKind(s);
    if (kind == KIND_NONE || kind == KIND_JSON_NULL) return REASON_MISSING_KEY;
    if (kind == KIND_JSON_CONTAINER) return REASON_BAD_KEY;
    if (kind == KIND_CSV_ESCAPED || kind == KIND_JSON_ESCAPED) keyLen = copyValue(SCRATCH_BASE, s);
    else {
      key = spanStart(s);
      keyLen = spanLen(s);
    }
  } else {
    let o = SCRATCH_BASE;
    for (let i = 0; i < keyCount; i++) {
      const s = byName ? i : fieldPosition(i);
      const kind = spanKind(s);
      if (kind == KIND_NONE || kind == KIND_JSON_NULL) return REASON_MISSING_KEY;
      if (kind == KIND_JSON_CONTAINER) return REASON_BAD_KEY;
      const n = copyValue(o + 4, s);
      store<u32>(o, <u32>n);
      o += 4 + n;
    }
    keyLen = o - SCRATCH_BASE;
  }
  let units: i64 = 0;
  if (hasSum) {
    const r = parseSum(byName ? keyCount : fieldPosition(keyCount));
    if (r != 0) return r;
    units = parsedUnits;
  }
  if (foreignKey(key, keyLen)) return sendAway(key, keyLen, units) ? 0 : ACCEPT_FULL;
  const entry = upsert(key, keyLen);
  if (entry == 0) return ACCEPT_FULL;
  addToEntry(entry, units);
  return 0;
}
