// Projection of a JSON array of objects: validates the whole text as strictly as JSON.parse and keeps,
// per element, only the members the spec names (src/json-projector.ts). It answers only when it can
// answer exactly; anything it does not read itself makes it give up (PROJECT_GAVE_UP) and the caller
// reads the text another way — so it never has to be right about what it does not handle.
import {
  PROJECT_FIELD_COUNT, PROJECT_REFUSED_COUNT, PROJECT_LONG_RUN, PROJECT_MAX_TEXT,
  PROJECT_KIND_STRING, PROJECT_KIND_NUMBER, PROJECT_KIND_TRUE, PROJECT_KIND_FALSE, PROJECT_KIND_NULL,
} from "../src/constants";
import { INPUT_BASE } from "./layout";
import * as C from "../src/constants";
import { nextStringEvent } from "./scan";
import { scanContainer, scanString, skipWs, stringEscaped } from "./json-scan";
import { hasLongRun } from "./long-run";
import { numberEnd, numberValue, exponent } from "./json-number-value";
import { fieldOf, learnedEnd, learnedField, learnKey, resetKeys, REFUSED } from "./json-project-keys";

const SPEC: usize = <usize>C.PROJECT_SPEC;
const ROWS: usize = <usize>C.PROJECT_ROWS;
const ROWS_END: usize = <usize>C.PROJECT_ROWS_END;
/** Not valid JSON, or not something this reader answers for. */
export const PROJECT_GAVE_UP: i32 = -1;
const BAD: usize = 0;

let fields: i32 = 0;
let longRun: i32 = 0;
let fieldsAt: usize = 0;
let capacity: i32 = 0;

/** Set by stringEnd: the string had a backslash escape. */
let escaped = false;

/** The closing quote of the string whose content starts at p, or BAD; sets `escaped`. */
// @ts-ignore: decorator
@inline function stringEnd(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) {
    // The common string: no escape before its quote, found 16 bytes at a time in place (a strings-only
    // twin of scan.ts's nextStringEvent, kept inline on the pass's hottest path).
    const q = i8x16.splat(34);
    const bs = i8x16.splat(92);
    const sp = i8x16.splat(32);
    for (let i = p; i < end; i += 16) {
      const v = v128.load(i);
      const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, q), i8x16.eq(v, bs)), i8x16.lt_u(v, sp)));
      if (m == 0) continue;
      const at = i + <usize>ctz(m);
      if (at < end && load<u8>(at) == 34) {
        escaped = false;
        return at;
      }
      break;
    }
  }
  const e = scanString(p, end);
  escaped = stringEscaped;
  return e;
}

/** Whether [s, e) (a string's content) holds a byte that is not ASCII. */
function nonAscii(s: usize, e: usize): bool {
  for (let p = s; p < e; p++) if (load<u8>(p) >= 128) return true;
  return false;
}

/** Copies the spec words JS wrote into globals and works out where the rows go; returns the row capacity. */
export function projectInit(): i32 {
  fields = load<i32>(SPEC + (<usize>PROJECT_FIELD_COUNT << 2));
  resetKeys(fields, load<i32>(SPEC + (<usize>PROJECT_REFUSED_COUNT << 2)));
  longRun = load<i32>(SPEC + (<usize>PROJECT_LONG_RUN << 2));
  const stride: usize = 4 + (<usize>fields << 4);
  capacity = <i32>((ROWS_END - ROWS) / stride);
  fieldsAt = (ROWS + (<usize>capacity << 2) + 15) & ~(<usize>15);
  return capacity;
}

/** Where row r's fields start: fieldsAt + r * fields * 16. */
export function projectFieldsAt(): usize {
  return fieldsAt;
}

/**
 * Projects the `len` bytes of UTF-8 at INPUT_BASE (followed by at least 64 zero bytes): the number of
 * rows, or PROJECT_GAVE_UP when the text is not valid JSON or holds anything this reader leaves to
 * its caller — a top level that is not an array, an element that is not an object, more than
 * `maxRows` elements (or than the row capacity), a key with an escape, a refused key, a wanted key
 * twice in one object, a wanted value that is an object, an array, a string with an escape or a
 * non-ASCII byte, or a number with an exponent or more than 15 digits, or `longRun` consecutive
 * characters of `0-9.eE+-` anywhere (when longRun > 0).
 */
export function projectArray(len: i32, maxRows: i32): i32 {
  if (len < 0 || len > PROJECT_MAX_TEXT) return PROJECT_GAVE_UP;
  const end = INPUT_BASE + <usize>len;
  const limit = min(maxRows, capacity);
  let p = skipWs(INPUT_BASE, end);
  if (load<u8>(p) != 91) return PROJECT_GAVE_UP;
  p = skipWs(p + 1, end);
  let n: i32 = 0;
  if (load<u8>(p) == 93) return skipWs(p + 1, end) == end ? 0 : PROJECT_GAVE_UP;
  while (true) {
    if (load<u8>(p) != 123 || n >= limit) return PROJECT_GAVE_UP;
    p = projectObject(skipWs(p + 1, end), end, fieldsAt + (<usize>n * <usize>fields << 4), ROWS + (<usize>n << 2));
    if (p == BAD) return PROJECT_GAVE_UP;
    n++;
    p = skipWs(p, end);
    const c = load<u8>(p);
    if (c == 93) break;
    if (c != 44) return PROJECT_GAVE_UP;
    p = skipWs(p + 1, end);
  }
  return skipWs(p + 1, end) == end ? n : PROJECT_GAVE_UP;
}

/**
 * Whether the token in [s, e) has `longRun` number characters in a row. Only strings, numbers and
 * literals hold such characters and tokens are separated by others, so a run never spans two tokens.
 */
// @ts-ignore: decorator
@inline function longToken(s: usize, e: usize): bool {
  return longRun > 0 && <i32>(e - s) >= longRun && hasLongRun(s, e, longRun);
}

/** The members of the object whose `{` is before p (whitespace skipped): past its `}`, or BAD. */
function projectObject(p: usize, end: usize, row: usize, presence: usize): usize {
  let seen: u32 = 0;
  if (load<u8>(p) == 125) {
    store<u32>(presence, 0);
    return p + 1;
  }
  for (let slot: usize = 0; ; slot++) {
    if (load<u8>(p) != 34) return BAD;
    const ks = p + 1;
    let ke = learnedEnd(ks, slot);
    let f: i32;
    if (ke != BAD) f = learnedField(slot);
    else {
      ke = nextStringEvent(ks, end);
      if (ke >= end || load<u8>(ke) != 34) return BAD; // an escape or control character in a key, or no end
      if (longToken(ks, ke)) return BAD; // before it is learned: a learned key is never checked again
      f = fieldOf(ks, ke - ks);
      learnKey(slot, ks, ke, f);
    }
    if (f == REFUSED) return BAD;
    p = skipWs(ke + 1, end);
    if (load<u8>(p) != 58) return BAD;
    p = skipWs(p + 1, end);
    const c = <u32>load<u8>(p);
    const vs = p;
    let kind: i32;
    if (c == 34) {
      const e = stringEnd(p + 1, end);
      if (e == BAD || longToken(p + 1, e)) return BAD;
      if (f >= 0 && (escaped || nonAscii(p + 1, e))) return BAD;
      p = e + 1;
      kind = PROJECT_KIND_STRING;
    } else if (c == 45 || c - 48 < 10) {
      p = numberEnd(p);
      if (p == BAD || (f >= 0 && exponent) || longToken(vs, p)) return BAD;
      kind = PROJECT_KIND_NUMBER;
    } else if (c == 116) {
      // In place rather than json-scan's scanLiteral: the call cost the whole pass 3–5 % (A/B of builds).
      if (load<u32>(p) != 0x65757274) return BAD;
      p += 4;
      kind = PROJECT_KIND_TRUE;
    } else if (c == 102) {
      if (load<u32>(p + 1) != 0x65736c61) return BAD;
      p += 5;
      kind = PROJECT_KIND_FALSE;
    } else if (c == 110) {
      if (load<u32>(p) != 0x6c6c756e) return BAD;
      p += 4;
      kind = PROJECT_KIND_NULL;
    } else if ((c == 123 || c == 91) && f < 0) {
      p = scanContainer(p, end);
      if (p == BAD || longToken(vs, p)) return BAD; // the tokens inside, at once: the brackets and commas between them are not number characters
      kind = 0;
    } else return BAD;
    if (f >= 0) {
      if ((seen & (1 << f)) != 0) return BAD;
      seen |= 1 << f;
      const at = row + (<usize>f << 4);
      store<i32>(at, kind);
      store<i32>(at, <i32>(vs - INPUT_BASE), 4);
      if (kind == PROJECT_KIND_NUMBER) store<f64>(at, numberValue(), 8);
      else store<i32>(at, <i32>(p - INPUT_BASE), 8);
    }
    p = skipWs(p, end);
    const d = load<u8>(p);
    if (d == 125) break;
    if (d != 44) return BAD;
    p = skipWs(p + 1, end);
  }
  store<u32>(presence, seen);
  return p + 1;
}
