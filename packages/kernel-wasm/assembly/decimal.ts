// Exact decimal text → i64 minor units. Never rounds, never wraps: problems are reason codes.
import { REASON_BAD_DECIMAL, REASON_TOO_PRECISE, REASON_OUT_OF_RANGE } from "../src/constants";

/** Result of the last successful parseUnits. */
export let parsedUnits: i64 = 0;

/** 2^63: the largest magnitude (of a negative value). */
const LIMIT: u64 = 0x8000000000000000;
/** Below this, mag * 10 + 9 < LIMIT: no division needed for the overflow check (the common case). */
const SAFE: u64 = 922337203685477580;

const ONES: u64 = 0x0101010101010101;

/** Bit 4 of byte k set when byte k of `x` (= text ^ '0'...) is not a digit 0-9. */
// @ts-ignore: decorator
@inline function nonDigits(x: u64): u64 {
  return (x & 0xf0f0f0f0f0f0f0f0) | (((x & 0x0f0f0f0f0f0f0f0f) + 0x0606060606060606) & 0x1010101010101010);
}

/** Value of the first n (1..8) digit bytes of `x` (digits already ^ '0'), without branches. */
// @ts-ignore: decorator
@inline function digitsValue(x: u64, n: u64): u64 {
  // Move the n digits to the top bytes; the zero bytes below act as leading zeros.
  let v = x << ((8 - n) << 3);
  v = v * 10 + (v >> 8);
  v = (((v & 0x000000ff000000ff) * 0x000f424000000064) + (((v >> 16) & 0x000000ff000000ff) * 0x0000271000000001)) >> 32;
  return v;
}

// @ts-ignore: decorator
@inline function lowBytes(n: u64): u64 {
  return n >= 8 ? <u64>-1 : (<u64>1 << (n << 3)) - 1;
}

const POW10: StaticArray<i64> = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000,
];

/**
 * Any short shape, from one 8-byte load: unsigned, `digits(.digits)?` with 1..scale fraction
 * digits and at most 8 bytes in all (e.g. "2241.85", "10.0", "7"). The dot is found and squeezed out
 * with word operations and the digits converted at once: no branch depends on the digits or on how
 * many fraction digits there are (costs mixing "10.0" and "10.25" mispredicted the old per-shape
 * branches). Returns 0 (parsedUnits set) or -1 when the text has another shape.
 */
// @ts-ignore: decorator
@inline export function parseSwar8(p: usize, len: usize, scale: i32): i32 {
  if (len - 1 >= 8 || <u32>scale > 10) return -1;
  const live = lowBytes(<u64>len);
  const x = (load<u64>(p) ^ (0x30 * ONES)) & live;
  // '.' ^ '0' is 0x1e: exact zero-byte test of x ^ 0x1e.. marks dots with 0x80.
  const t = x ^ (0x1e * ONES);
  const dots = ~(((t & 0x7f7f7f7f7f7f7f7f) + 0x7f7f7f7f7f7f7f7f) | t | 0x7f7f7f7f7f7f7f7f) & live;
  const hasDot = dots != 0;
  const d: u64 = hasDot ? ctz(dots) >> 3 : <u64>len;
  const below = lowBytes(d);
  const y = (x & below) | ((x >> 8) & ~below);
  const n: u64 = hasDot ? <u64>len - 1 : <u64>len;
  const frac: u64 = n - d;
  // A second dot survives the squeeze and fails the digit test.
  if ((nonDigits(y) & lowBytes(n)) != 0 || d == 0 || (hasDot && frac == 0) || frac > <u64>scale) return -1;
  parsedUnits = <i64>digitsValue(y, n) * unchecked(POW10[scale - <i32>frac]);
  return 0;
}

/**
 * The most common shape, from one 8-byte load: unsigned, exactly `scale` (>= 1) fraction digits and
 * at most 8 bytes in all (e.g. "2241.85" at scale 2). The dot is squeezed out and the remaining
 * digits converted at once. Returns 0 (parsedUnits set) or -1 when the text has another shape.
 */
// @ts-ignore: decorator
@inline function parseFixed(p: usize, len: usize, scale: i32): i32 {
  // scale + 2 <= len <= 8 (none for scale 0 or past 6) as one unsigned compare, set by startDecimals.
  if (len - fixedMin >= fixedSpan) return -1;
  const d = <u64>(len - 1 - <usize>scale); // dot index, 1..6
  const x = load<u64>(p);
  if (((x >> (d << 3)) & 0xff) != 46) return -1;
  const y = ((x & ((<u64>1 << (d << 3)) - 1)) | ((x >> ((d + 1) << 3)) << (d << 3))) ^ (0x30 * ONES);
  const n = <u64>len - 1; // 2..7 digits
  if ((nonDigits(y) & ((<u64>1 << (n << 3)) - 1)) != 0) return -1;
  parsedUnits = <i64>digitsValue(y, n);
  return 0;
}

// parseSimd8's shapes by cell intLen * 17 + tail, where tail = len - intLen: 0 without a dot, else
// 1 + the fraction digits. SHAPES[cell] is 1 for the shapes of the scale they were built for (1..8-scale
// integer digits, no dot or a dot and 1..scale fraction digits), 0 otherwise; SHUFFLES holds each
// valid cell's shuffle (16 bytes). Built by startDecimals for the run's scale (none valid for a scale
// parseSimd8 does not read), so the per-amount path tests neither the scale nor the tables.
const CELLS: usize = 17 * 17;
const SHAPES: usize = memory.data(<i32>CELLS, 16);
const SHUFFLES: usize = memory.data(16 * <i32>CELLS, 16);
let shufflesScale: i32 = -1;
/** parseFixed's lengths for the run's scale: [fixedMin, fixedMin + fixedSpan). */
let fixedMin: usize = 0;
let fixedSpan: usize = 0;

function buildShuffles(scale: i32): void {
  memory.fill(SHAPES, 0, CELLS);
  shufflesScale = scale;
  if (<u32>(scale - 1) >= 7) return;
  for (let intLen = 1; intLen <= 8 - scale; intLen++) {
    for (let fracLen = 0; fracLen <= scale; fracLen++) {
      const cell = <usize>(intLen * 17 + (fracLen == 0 ? 0 : fracLen + 1));
      store<u8>(SHAPES + cell, 1);
      const at = SHUFFLES + cell * 16;
      memory.fill(at, 0xff, 16); // lanes that read 0: leading zeros, missing fraction digits
      // The integer digits end at lane 7 - scale, the fraction digits (after the dot) follow it.
      for (let k = 0; k < intLen; k++) store<u8>(at + <usize>(8 - scale - intLen + k), <u8>k);
      for (let k = 0; k < fracLen; k++) store<u8>(at + <usize>(8 - scale + k), <u8>(intLen + 1 + k));
    }
  }
}

/**
 * The short unsigned shapes in SIMD (SIMD build; scale 1–7): `digits(.digits)?` with 1–scale fraction
 * digits and at most 8 digits in all. One 16-byte load; every byte but at most one dot must be a digit
 * (one mask test); a shuffle chosen by the integer and fraction lengths moves the digits into a fixed
 * layout of 8 - scale integer and scale fraction lanes, and two multiply-add steps make the number.
 * ~0.6× the time of the word-at-a-time forms below on the seed's short file (bench/RESULTS.md, issue
 * 13). Returns 0 (parsedUnits set) or -1 when the text has another shape. Reads the tables
 * startDecimals built for the run's scale.
 */
// @ts-ignore: decorator
@inline export function parseSimd8(p: usize, len: usize): i32 {
  if (!ASC_FEATURE_SIMD) return -1;
  if (len - 1 >= 16) return -1;
  const v = i8x16.sub(v128.load(p), i8x16.splat(48));
  // v <= 9 as min_u(v, 9) == v: two instructions on x86, where an unsigned less-than takes four.
  const digits = <u32>i8x16.bitmask(i8x16.eq(i8x16.min_u(v, i8x16.splat(9)), v));
  const dots = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>(46 - 48))));
  const live = (<u32>1 << <u32>len) - 1;
  const dot = dots & live;
  // Every live byte a digit but the first dot; then one table lookup says whether the lengths are a
  // short shape (fewer compares and flags than testing each bound).
  const intLen = ctz(dot | (<u32>1 << <u32>len));
  const cell = <usize>(intLen * 17 + (<u32>len - intLen));
  if ((live & ~digits) != (dot & (0 - dot)) || load<u8>(SHAPES + cell) == 0) return -1;
  const d = i8x16.swizzle(v, v128.load(SHUFFLES + cell * 16));
  const pairs = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(d), i16x8(10, 1, 10, 1, 10, 1, 10, 1));
  const quads = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_u(pairs, pairs), i16x8(100, 1, 100, 1, 100, 1, 100, 1));
  parsedUnits = <i64>i32x4.extract_lane(quads, 0) * 10000 + <i64>i32x4.extract_lane(quads, 1);
  return 0;
}

// Which form goes first in the SIMD build: the exact-scale one while nearly every amount has that shape
// (it is the cheapest there: all-"1234.56" files were 0.95–0.98× with SIMD first), else the SIMD form,
// which reads every short shape at one cost (1.05–1.12× on the short file, whose amounts mix "9.8" and
// "9.85"). Decided once per run from its first SAMPLE amounts.
const SAMPLE: i32 = 1024;
let sampled: i32 = 0;
let fixedMisses: i32 = 0;
let simdFirst = false;

/** Starts a run's decimals (init): the sampling over, and parseSimd8's tables for its scale. */
export function startDecimals(scale: i32): void {
  sampled = 0;
  fixedMisses = 0;
  simdFirst = false;
  if (ASC_FEATURE_SIMD && scale != shufflesScale) buildShuffles(scale);
  fixedMin = <usize>scale + 2;
  fixedSpan = scale >= 1 && scale <= 6 ? 9 - fixedMin : 0;
}

function noteShape(fixed: bool): void {
  if (!fixed) fixedMisses++;
  // More than 1 in 20 amounts of another shape: the SIMD form first from now on.
  if (++sampled == SAMPLE) simdFirst = fixedMisses * 20 > SAMPLE;
}

/**
 * The short unsigned forms (exact-scale word, then SIMD or SWAR for other short shapes): 0 with
 * parsedUnits set (never negative), or -1 for any other text. `len` >= 1.
 */
// @ts-ignore: decorator
@inline export function parseShortUnsigned(p: usize, len: usize, scale: i32): i32 {
  // Exactly `scale` fraction digits first (cheapest, and the usual shape of a cost column), then
  // any 8-byte shape: on files that mix "9.8" and "9.85" this order is ~8% slower than the SWAR
  // alone, on all-"1234.56" files ~8% faster (interleaved A/B, bench/kernel-csv-ab.ts).
  if (ASC_FEATURE_SIMD) {
    if (simdFirst) return parseSimd8(p, len);
    const fixed = parseFixed(p, len, scale) == 0;
    if (sampled < SAMPLE) noteShape(fixed);
    return fixed ? 0 : parseSimd8(p, len);
  }
  return parseFixed(p, len, scale) == 0 ? 0 : parseSwar8(p, len, scale);
}

/**
 * The word form without branches on each digit: unsigned or '-', at most 8 integer and 8 fraction
 * digits, scale at most 10. Returns 0 (parsedUnits set) or -1 to take the general path.
 */
// @ts-ignore: decorator
@inline function parseShortSigned(p: usize, len: usize, scale: i32): i32 {
  let neg = false;
  if (load<u8>(p) == 45) {
    neg = true;
    p++;
    len--;
  }
  if (len == 0 || len > 16 || scale > 10) return -1;
  const x0 = load<u64>(p) ^ (0x30 * ONES);
  const n0 = nonDigits(x0) & lowBytes(<u64>len);
  const intLen: u64 = n0 != 0 ? ctz(n0) >> 3 : 8;
  if (intLen == 0 || intLen > 8) return -1;
  let units = <i64>digitsValue(x0, intLen) * unchecked(POW10[scale]);
  const rest = <u64>len - intLen;
  if (rest != 0) {
    // Must be '.' then 1..scale digits.
    const fracLen = rest - 1;
    if (load<u8>(p + <usize>intLen) != 46 || fracLen == 0 || fracLen > <u64>scale || fracLen > 8) return -1;
    const x1 = load<u64>(p + <usize>intLen + 1) ^ (0x30 * ONES);
    if ((nonDigits(x1) & lowBytes(fracLen)) != 0) return -1;
    units += <i64>digitsValue(x1, fracLen) * unchecked(POW10[scale - <i32>fracLen]);
  }
  parsedUnits = neg ? -units : units;
  return 0;
}

/**
 * Parses `[+-]?digits(.digits)?` at [p, p+len) into minor units at `scale`.
 * Returns 0 and sets parsedUnits, or a reason: syntax first, then precision, then range.
 * Reads up to 16 bytes from p whatever len is (callers guarantee readable padding).
 */
export function parseUnits(p: usize, len: usize, scale: i32): i32 {
  return len > 0 && parseShortUnsigned(p, len, scale) == 0 ? 0 : parseUnitsRest(p, len, scale);
}

/**
 * parseUnits for an amount the short unsigned forms refused (or an empty one): the signed word form,
 * then the general one. The CSV hot path tries parseShortUnsigned itself and calls this when it fails,
 * so those forms are not tried twice.
 */
export function parseUnitsRest(p: usize, len: usize, scale: i32): i32 {
  if (len > 0 && parseShortSigned(p, len, scale) == 0) return 0;
  let i = p;
  const e = p + len;
  let neg = false;
  if (i < e) {
    const c = load<u8>(i);
    if (c == 45 || c == 43) {
      neg = c == 45;
      i++;
    }
  }
  let mag: u64 = 0;
  let overflow = false;
  const intStart = i;
  while (i < e) {
    const d = <u32>load<u8>(i) - 48;
    if (d > 9) break;
    if (mag < SAFE) mag = mag * 10 + <u64>d;
    else if (!overflow) {
      if (mag > (LIMIT - <u64>d) / 10) overflow = true;
      else mag = mag * 10 + <u64>d;
    }
    i++;
  }
  if (i == intStart) return REASON_BAD_DECIMAL;
  let fracDigits = 0;
  if (i < e && load<u8>(i) == 46) {
    i++;
    const fracStart = i;
    while (i < e) {
      const d = <u32>load<u8>(i) - 48;
      if (d > 9) break;
      if (fracDigits < scale) {
        if (mag < SAFE) mag = mag * 10 + <u64>d;
        else if (!overflow) {
          if (mag > (LIMIT - <u64>d) / 10) overflow = true;
          else mag = mag * 10 + <u64>d;
        }
      }
      fracDigits++;
      i++;
    }
    if (i == fracStart) return REASON_BAD_DECIMAL;
  }
  if (i != e) return REASON_BAD_DECIMAL;
  if (fracDigits > scale) return REASON_TOO_PRECISE;
  for (let k = fracDigits; k < scale && !overflow; k++) {
    if (mag > SAFE) overflow = true;
    else mag *= 10;
  }
  if (overflow || (!neg && mag == LIMIT)) return REASON_OUT_OF_RANGE;
  parsedUnits = neg ? -(<i64>mag) : <i64>mag;
  return 0;
}
