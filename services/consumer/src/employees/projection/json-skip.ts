import { numberEnd } from "./json-number-scan.ts";
import { hasLongNumberRun, LONG_RUN } from "./long-number-run.ts";

/**
 * Moving past JSON tokens in UTF-8 bytes (utf8-bytes.ts) while checking them exactly as strictly as
 * JSON.parse (RFC 8259: whitespace is space, tab, LF, CR; no leading zeros, bare control characters,
 * unknown escapes, single quotes or trailing commas) without building anything. Each function takes
 * the index where its token starts and answers the index just past it, or FAIL — for text that is
 * not valid JSON, and also for a run of 16 number characters (long-number-run.ts), which sends the
 * body to the exact-text parse. The caller never has to say which: JSON.parse runs then and answers.
 *
 * The bytes end with a 0 (BYTES_SLACK), which no loop here accepts, so no loop checks the length.
 */

/** Not valid here (or not for the projection): give up. */
export const FAIL = -1;

/**
 * Bytes beyond characters in the strings read since `resetCharShift` (utf8-bytes.ts): 1 for each
 * 2-byte character, 2 for each 3- or 4-byte one (a 4-byte character is 2 UTF-16 code units).
 * Module state, like the scratch bytes it describes: the reader is synchronous.
 */
let charShift = 0;

/** Starts counting for a new text. */
export function resetCharShift(): void {
  charShift = 0;
}

/** Byte offset minus character offset at the point reached in the text. */
export function currentCharShift(): number {
  return charShift;
}

/** Whether `c` is JSON whitespace. */
export function isSpace(c: number): boolean {
  return c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9);
}

/**
 * The index of the closing quote of the string whose content starts at `from`, or FAIL. With
 * `escapes` false a backslash fails too: the string's text would not be its value. Kept small so
 * the JIT inlines it: ASCII text without escapes here, anything else in `anyStringEnd`.
 */
export function stringEnd(bytes: Uint8Array, view: DataView, from: number, escapes: boolean): number {
  let i = from;
  // Four bytes at a time while none is a quote, a backslash, a control character or non-ASCII (the
  // classic "has zero byte" test on the word xor each), then byte by byte.
  for (;;) {
    const x = view.getInt32(i, true);
    const q = x ^ 0x22222222;
    const s = x ^ 0x5c5c5c5c;
    if ((((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s) | ((x - 0x20202020) & ~x) | x) & 0x80808080) break;
    i += 4;
  }
  let c = bytes[i]!;
  while ((c >= 35 && c !== 92 && c < 128) || c === 32 || c === 33) c = bytes[++i]!;
  if (c !== 34) return anyStringEnd(bytes, from, i, escapes);
  return i - from < LONG_RUN || !hasLongNumberRun(bytes, from, i) ? i : FAIL;
}

/** `stringEnd` from `i` on, byte by byte, through escapes and non-ASCII characters. */
function anyStringEnd(bytes: Uint8Array, from: number, i: number, escapes: boolean): number {
  for (let c = bytes[i]!; c !== 34; c = bytes[i]!) {
    if (c >= 128) {
      // A lead byte (11xxxxxx) starts a character of 2 bytes (110xxxxx) or of 3–4 (1110xxxx, 11110xxx).
      if (c >= 0xc0) charShift += c >= 0xe0 ? 2 : 1;
      i++;
    } else if (c === 92) {
      if (!escapes) return FAIL;
      c = bytes[++i]!;
      if (c === 117) {
        if (!(isHex(bytes[i + 1]!) && isHex(bytes[i + 2]!) && isHex(bytes[i + 3]!) && isHex(bytes[i + 4]!))) return FAIL;
        i += 5;
      } else if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) i++;
      else return FAIL;
    } else if (c < 32) return FAIL;
    else i++;
  }
  return i - from < LONG_RUN || !hasLongNumberRun(bytes, from, i) ? i : FAIL;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Past `true`, `false` or `null` starting at `i`, or FAIL. */
export function literalEnd(bytes: Uint8Array, i: number): number {
  const c = bytes[i]!;
  if (c === 116) return bytes[i + 1] === 114 && bytes[i + 2] === 117 && bytes[i + 3] === 101 ? i + 4 : FAIL;
  if (c === 102) return bytes[i + 1] === 97 && bytes[i + 2] === 108 && bytes[i + 3] === 115 && bytes[i + 4] === 101 ? i + 5 : FAIL;
  if (c === 110) return bytes[i + 1] === 117 && bytes[i + 2] === 108 && bytes[i + 3] === 108 ? i + 4 : FAIL;
  return FAIL;
}

/** Past any one JSON value starting at `i` (after whitespace), or FAIL. */
export function valueEnd(bytes: Uint8Array, view: DataView, i: number): number {
  const c = bytes[i]!;
  if (c === 34) {
    const end = stringEnd(bytes, view, i + 1, true);
    return end === FAIL ? FAIL : end + 1;
  }
  if (c === 45 || (c >= 48 && c <= 57)) return numberEnd(bytes, i);
  if (c === 123 || c === 91) return containerEnd(bytes, view, i);
  return literalEnd(bytes, i);
}

/** Most open objects and arrays `containerEnd` follows; deeper ones are left to JSON.parse. */
const MAX_DEPTH = 30;

/**
 * Past the object or array starting at `i`, or FAIL. Iterative, with the open containers as the bits
 * of one number (1 = array), so nesting costs neither recursion nor allocation.
 */
export function containerEnd(bytes: Uint8Array, view: DataView, i: number): number {
  let open = 0;
  let depth = 0;
  for (;;) {
    // At the start of a value, whitespace skipped.
    let c = bytes[i]!;
    if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return FAIL;
      const array = c === 91;
      open = (open << 1) | (array ? 1 : 0);
      do c = bytes[++i]!; while (isSpace(c));
      if (c !== (array ? 93 : 125)) {
        if (!array && (i = memberValueStart(bytes, view, i)) === FAIL) return FAIL;
        continue;
      }
      i++;
      depth--;
      open >>>= 1;
    } else if ((i = valueEnd(bytes, view, i)) === FAIL) return FAIL;
    // After a value: a bracket closes its container, a comma goes on to the next element or member.
    for (;;) {
      if (depth === 0) return i;
      c = bytes[i]!;
      while (isSpace(c)) c = bytes[++i]!;
      const inArray = (open & 1) === 1;
      if (c === 44) {
        do c = bytes[++i]!; while (isSpace(c));
        if (!inArray && (i = memberValueStart(bytes, view, i)) === FAIL) return FAIL;
        break;
      }
      if (c !== (inArray ? 93 : 125)) return FAIL;
      i++;
      depth--;
      open >>>= 1;
    }
  }
}

/** From a member's opening quote to the start of its value (`"name" :` and whitespace), or FAIL. */
function memberValueStart(bytes: Uint8Array, view: DataView, i: number): number {
  if (bytes[i] !== 34) return FAIL;
  i = stringEnd(bytes, view, i + 1, true);
  if (i === FAIL) return FAIL;
  let c = bytes[++i]!;
  while (isSpace(c)) c = bytes[++i]!;
  if (c !== 58) return FAIL;
  do c = bytes[++i]!; while (isSpace(c));
  return i;
}
