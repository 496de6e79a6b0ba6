// Exact decimal text → i64 minor units. Never rounds, never wraps: problems are reason codes.
import { REASON_BAD_DECIMAL, REASON_TOO_PRECISE, REASON_OUT_OF_RANGE } from "../src/constants";

/** Result of the last successful parseUnits. */
export let parsedUnits: i64 = 0;

/** 2^63: the largest magnitude (of a negative value). */
const LIMIT: u64 = 0x8000000000000000;
/** Below this, mag * 10 + 9 < LIMIT: no division needed for the overflow check (the common case). */
const SAFE: u64 = 922337203685477580;

/**
 * Parses `[+-]?digits(.digits)?` at [p, p+len) into minor units at `scale`.
 * Returns 0 and sets parsedUnits, or a reason: syntax first, then precision, then range.
 */
export function parseUnits(p: usize, len: usize, scale: i32): i32 {
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
