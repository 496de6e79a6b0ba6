// JSON numbers for the projection (json-project.ts): `numberEnd` checks one as strictly as JSON.parse and
// gathers its digits on the way, so `numberValue` gives the double JSON.parse gives without a second pass.
const BAD: usize = 0;

// The last number numberEnd passed: digits as an integer, fraction digits, sign, exponent.
let mantissa: u64 = 0;
let fraction: i32 = 0;
let negative = false;
/** The last number had an exponent, or more than 15 digits: its double may not be exact here. */
export let exponent = false;
const POW10: StaticArray<f64> = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Past the number at p (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or BAD; its digits gathered on the way. */
export function numberEnd(p: usize): usize {
  let c = <u32>load<u8>(p);
  negative = c == 45;
  if (negative) c = <u32>load<u8>(++p);
  let m: u64 = 0;
  let digits = 0;
  if (c == 48) c = <u32>load<u8>(++p);
  else if (c - 49 < 9) {
    do {
      m = m * 10 + <u64>(c - 48);
      digits++;
      c = <u32>load<u8>(++p);
    } while (c - 48 < 10);
  } else return BAD;
  let point: usize = 0;
  if (c == 46) {
    point = ++p;
    c = <u32>load<u8>(p);
    if (c - 48 >= 10) return BAD;
    do {
      m = m * 10 + <u64>(c - 48);
      digits++;
      c = <u32>load<u8>(++p);
    } while (c - 48 < 10);
  }
  fraction = point == 0 ? 0 : <i32>(p - point);
  exponent = (c | 0x20) == 101;
  if (exponent) {
    c = <u32>load<u8>(++p);
    if (c == 43 || c == 45) c = <u32>load<u8>(++p);
    if (c - 48 >= 10) return BAD;
    do c = <u32>load<u8>(++p);
    while (c - 48 < 10);
  }
  // More than 15 digits may not be exact as a double's integer part: leave it to the caller's reader.
  if (digits > 15) exponent = true;
  mantissa = m;
  return p;
}

/**
 * The double of the number numberEnd last passed, when it had no exponent and at most 15 digits: as an
 * integer they are below 2^53, held exactly, and one IEEE division by an exact power of ten is the
 * correctly rounded quotient — the nearest double to the decimal, which is what JSON.parse gives.
 * `-0` stays negative zero.
 */
// @ts-ignore: decorator
@inline export function numberValue(): f64 {
  const v = fraction == 0 ? <f64>mantissa : <f64>mantissa / unchecked(POW10[fraction]);
  return negative ? -v : v;
}
