// One JSON object per line. The whole line is validated; only top-level members are matched against
// the needed names (nested members and string contents are skipped as tokens, never searched).
// A member repeated at top level: the last one wins, as with JSON.parse.
import { REASON_BAD_JSON } from "../src/constants";
import { MAX_RECORD, SCRATCH_VALUE } from "./layout";
import { neededCount, fieldNamePtr, fieldNameLen, typed } from "./state";
import { nextNewline } from "./scan";
import { skipWs, scanString, scanNumber, scanLiteral, scanContainer, stringEscaped } from "./json-scan";
import {
  setSpan, KIND_NONE, KIND_JSON_STRING, KIND_JSON_ESCAPED, KIND_JSON_NUMBER, KIND_JSON_BOOL,
  KIND_JSON_NULL, KIND_JSON_CONTAINER, KIND_JSON_TYPED_STRING,
} from "./spans";
import { copyJsonEscaped } from "./unescape";
import { INCOMPLETE, setRecord, setBlank } from "./record";

function bytesEqual(a: usize, b: usize, len: usize): bool {
  for (let i: usize = 0; i < len; i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  return true;
}

/** Records the value span for every needed field whose name equals the member name. */
function matchName(name: usize, nameLen: usize, escaped: bool, start: usize, len: usize, kind: u32): void {
  let n = name;
  let nl = nameLen;
  if (escaped) {
    nl = copyJsonEscaped(SCRATCH_VALUE, name, nameLen);
    n = SCRATCH_VALUE;
  }
  for (let i = 0; i < neededCount; i++) {
    if (<usize>fieldNameLen(i) == nl && bytesEqual(fieldNamePtr(i), n, nl)) setSpan(i, start, len, kind);
  }
}

/** Validates [s, e) as one JSON object, filling spans of needed top-level members; false if invalid. */
function parseObject(s: usize, e: usize): bool {
  let p = skipWs(s, e);
  if (p >= e || load<u8>(p) != 123) return false;
  p = skipWs(p + 1, e);
  if (p < e && load<u8>(p) == 125) return skipWs(p + 1, e) == e;
  while (true) {
    if (p >= e || load<u8>(p) != 34) return false;
    const nameEnd = scanString(p + 1, e);
    if (nameEnd == 0) return false;
    const nameEscaped = stringEscaped;
    const name = p + 1;
    p = skipWs(nameEnd + 1, e);
    if (p >= e || load<u8>(p) != 58) return false;
    p = skipWs(p + 1, e);
    if (p >= e) return false;
    const c = load<u8>(p);
    let vs = p;
    let vl: usize = 0;
    let kind: u32;
    if (c == 34) {
      const q = scanString(p + 1, e);
      if (q == 0) return false;
      if (typed) {
        // The source text, quotes included, so the key shows it was a string.
        vl = q + 1 - vs;
        kind = KIND_JSON_TYPED_STRING;
      } else {
        vs = p + 1;
        vl = q - vs;
        kind = stringEscaped ? KIND_JSON_ESCAPED : KIND_JSON_STRING;
      }
      p = q + 1;
    } else if (c == 123 || c == 91) {
      p = scanContainer(p, e);
      if (p == 0) return false;
      kind = KIND_JSON_CONTAINER;
    } else if (c == 116 || c == 102 || c == 110) {
      p = scanLiteral(p, e);
      if (p == 0) return false;
      vl = p - vs;
      kind = c == 110 ? KIND_JSON_NULL : KIND_JSON_BOOL;
    } else {
      p = scanNumber(p, e);
      if (p == 0) return false;
      vl = p - vs;
      kind = KIND_JSON_NUMBER;
    }
    matchName(name, nameEnd - name, nameEscaped, vs, vl, kind);
    p = skipWs(p, e);
    if (p >= e) return false;
    const d = load<u8>(p);
    if (d == 125) return skipWs(p + 1, e) == e;
    if (d != 44) return false;
    p = skipWs(p + 1, e);
  }
  return false;
}

/** Parses the line at `p` (< end). Returns INCOMPLETE, BLANK or PARSED (see record.ts). */
export function parseNdjsonRecord(p: usize, end: usize, eof: bool): i32 {
  const lf = nextNewline(p, end);
  if (lf >= end && !eof) return INCOMPLETE;
  const next = lf >= end ? end : lf + 1;
  const len = lf - p;
  if (len == 0 || (len == 1 && load<u8>(p) == 13)) return setBlank(next);
  for (let i = 0; i < neededCount; i++) setSpan(i, 0, 0, KIND_NONE);
  // Over-long lines are rejected by the driver before their content matters; skip the work.
  if (len > <usize>MAX_RECORD) return setRecord(next, len, 0, 0, 0);
  const ok = parseObject(p, lf);
  return setRecord(next, len, 0, 0, ok ? 0 : REASON_BAD_JSON);
}
