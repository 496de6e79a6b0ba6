// JSON token validators over [p, e). Each returns the position after the token, or 0 when invalid
// (0 is never a valid position: the input region is far above address 0).
import { STACK_BASE } from "./layout";
import { nextStringEvent } from "./scan";

/** Set by scanString: the string had at least one backslash escape. */
export let stringEscaped = false;

// @ts-ignore: decorator
@inline function isHex(c: u32): bool {
  return c - 48 < 10 || (c | 0x20) - 97 < 6;
}

// @ts-ignore: decorator
@inline export function skipWs(p: usize, e: usize): usize {
  while (p < e) {
    const c = load<u8>(p);
    // Every token byte is above the space: one compare for them (compact JSON has no whitespace), the
    // four for what remains — 0.75× the time of the JSON projection's whole pass (bench/RESULTS.md).
    if (c > 32 || (c != 32 && c != 9 && c != 13 && c != 10)) break;
    p++;
  }
  return p;
}

/** `p` is just after the opening quote. Returns the position of the closing quote, or 0. */
export function scanString(p: usize, e: usize): usize {
  stringEscaped = false;
  while (true) {
    const i = nextStringEvent(p, e);
    if (i >= e) return 0;
    const c = load<u8>(i);
    if (c == 34) return i;
    if (c != 92 || i + 1 >= e) return 0;
    stringEscaped = true;
    const x = load<u8>(i + 1);
    if (x == 117) {
      if (i + 6 > e) return 0;
      if (!isHex(load<u8>(i + 2)) || !isHex(load<u8>(i + 3)) || !isHex(load<u8>(i + 4)) || !isHex(load<u8>(i + 5))) return 0;
      p = i + 6;
    } else if (x == 34 || x == 92 || x == 47 || x == 98 || x == 102 || x == 110 || x == 114 || x == 116) {
      p = i + 2;
    } else return 0;
  }
  return 0;
}

// @ts-ignore: decorator
@inline function digitsFrom(p: usize, e: usize): usize {
  while (p < e && <u32>load<u8>(p) - 48 < 10) p++;
  return p;
}

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` at p. */
export function scanNumber(p: usize, e: usize): usize {
  if (p < e && load<u8>(p) == 45) p++;
  if (p >= e) return 0;
  const c = load<u8>(p);
  if (c == 48) p++;
  else if (c >= 49 && c <= 57) p = digitsFrom(p + 1, e);
  else return 0;
  if (p < e && load<u8>(p) == 46) {
    const q = digitsFrom(p + 1, e);
    if (q == p + 1) return 0;
    p = q;
  }
  if (p < e && (load<u8>(p) | 0x20) == 101) {
    p++;
    if (p < e && (load<u8>(p) == 43 || load<u8>(p) == 45)) p++;
    const q = digitsFrom(p, e);
    if (q == p) return 0;
    p = q;
  }
  return p;
}

/** true / false / null at p (first byte already known to be t, f or n). */
export function scanLiteral(p: usize, e: usize): usize {
  const c = load<u8>(p);
  if (c == 102) {
    // "alse" after 'f'
    return p + 5 <= e && load<u32>(p + 1) == 0x65736c61 ? p + 5 : 0;
  }
  if (p + 4 > e) return 0;
  const w = load<u32>(p);
  return w == 0x65757274 || w == 0x6c6c756e ? p + 4 : 0;
}

/** Scalar value (string, number, literal) at p; 0 if none/invalid. */
function scanScalar(p: usize, e: usize): usize {
  const c = load<u8>(p);
  if (c == 34) {
    const q = scanString(p + 1, e);
    return q == 0 ? 0 : q + 1;
  }
  if (c == 116 || c == 102 || c == 110) return scanLiteral(p, e);
  if (c == 45 || (c >= 48 && c <= 57)) return scanNumber(p, e);
  return 0;
}

const WANT_KEY = 0;
const WANT_VALUE = 1;
const AFTER_VALUE = 2;

/** Validates the object or array at p ('{' or '['), any depth, without recursion. */
export function scanContainer(p: usize, e: usize): usize {
  let depth: usize = 0;
  let state = WANT_VALUE;
  while (true) {
    p = skipWs(p, e);
    if (p >= e) return 0;
    const c = load<u8>(p);
    if (state == AFTER_VALUE) {
      const open = load<u8>(STACK_BASE + depth - 1);
      if (c == 44) {
        p++;
        state = open == 123 ? WANT_KEY : WANT_VALUE;
        continue;
      }
      if (c != open + 2) return 0; // '{'+2 = '}', '['+2 = ']'
      p++;
      depth--;
      if (depth == 0) return p;
      continue;
    }
    if (state == WANT_KEY) {
      if (c != 34) return 0;
      const q = scanString(p + 1, e);
      if (q == 0) return 0;
      p = skipWs(q + 1, e);
      if (p >= e || load<u8>(p) != 58) return 0;
      p++;
      state = WANT_VALUE;
      continue;
    }
    // WANT_VALUE
    if (c == 123 || c == 91) {
      store<u8>(STACK_BASE + depth, c);
      depth++;
      p = skipWs(p + 1, e);
      if (p >= e) return 0;
      if (load<u8>(p) == c + 2) {
        p++;
        depth--;
        if (depth == 0) return p;
        state = AFTER_VALUE;
        continue;
      }
      state = c == 123 ? WANT_KEY : WANT_VALUE;
      continue;
    }
    if (depth == 0) return 0;
    p = scanScalar(p, e);
    if (p == 0) return 0;
    state = AFTER_VALUE;
  }
  return 0;
}
