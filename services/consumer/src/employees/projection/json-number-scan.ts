import { LONG_RUN } from "./long-number-run.ts";

/**
 * Reading JSON numbers from bytes for the projecting reader: `numberEnd` checks one and moves past
 * it (as strictly as JSON.parse: no leading zeros, no bare `.` or exponent), and `lastNumberValue`
 * then gives its value — from what `numberEnd` gathered on the way, so a wanted number costs one pass.
 */

/** What `numberEnd` saw of the last number: its digits as an integer, fraction digits, sign, exponent. */
let mantissa = 0;
let fractionDigits = 0;
let negative = false;
let exponent = false;

/** Past the number starting at `i` (`-`, or a digit), or -1 (json-skip.ts's FAIL) — also when it is 16 characters or longer (long-number-run.ts). */
export function numberEnd(bytes: Uint8Array, i: number): number {
  const from = i;
  let c = bytes[i]!;
  negative = c === 45;
  if (negative) c = bytes[++i]!;
  let m = 0;
  if (c === 48) c = bytes[++i]!;
  else if (c >= 49 && c <= 57) {
    do {
      m = m * 10 + (c - 48);
      c = bytes[++i]!;
    } while (c >= 48 && c <= 57);
  } else return -1;
  let point = 0;
  if (c === 46) {
    point = ++i;
    c = bytes[i]!;
    if (!(c >= 48 && c <= 57)) return -1;
    do {
      m = m * 10 + (c - 48);
      c = bytes[++i]!;
    } while (c >= 48 && c <= 57);
  }
  fractionDigits = point === 0 ? 0 : i - point;
  exponent = c === 101 || c === 69;
  if (exponent) {
    c = bytes[++i]!;
    if (c === 43 || c === 45) c = bytes[++i]!;
    if (!(c >= 48 && c <= 57)) return -1;
    do c = bytes[++i]!;
    while (c >= 48 && c <= 57);
  }
  mantissa = m;
  // Every character of a number is a number character: the regex matches it when it is this long.
  return i - from >= LONG_RUN ? -1 : i;
}

/** Exact powers of ten as doubles (every one up to 10^22 is). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The double JSON.parse gives for the number `numberEnd` last passed, which is `text` from character
 * `at`, `length` characters long.
 *
 * Without an exponent a number shorter than 16 characters has at most 15 digits: as an integer they
 * are below 2^53, held exactly, and one IEEE division by an exact power of ten is the correctly
 * rounded quotient — the nearest double to the decimal, which is what JSON.parse (any correct reader)
 * gives. With an exponent the engine's own reader answers. `-0` stays negative zero, as in JSON.parse.
 */
export function lastNumberValue(text: string, at: number, length: number): number {
  if (exponent) return Number(text.slice(at, at + length));
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
  return negative ? -value : value;
}
