// Whether a text holds `run` consecutive characters that can occur in a JSON number (`0-9 . e E + -`):
// the projection's callers re-read such texts with an exact-number reader (a number that long may not
// be exact as a double), and the test must match theirs (a regex over the whole text) byte for byte.

// @ts-ignore: decorator
@inline function numberChars16(p: usize): u64 {
  const v = v128.load(p);
  const digit = i8x16.lt_u(i8x16.sub(v, i8x16.splat(48)), i8x16.splat(10));
  const lower = v128.or(v, i8x16.splat(0x20)); // e and E alike
  const other = v128.or(v128.or(i8x16.eq(lower, i8x16.splat(101)), i8x16.eq(v, i8x16.splat(46))), v128.or(i8x16.eq(v, i8x16.splat(43)), i8x16.eq(v, i8x16.splat(45))));
  return <u64>i8x16.bitmask(v128.or(digit, other));
}

// @ts-ignore: decorator
@inline function isNumberChar(c: u32): bool {
  return c - 48 < 10 || (c | 0x20) == 101 || c == 46 || c == 43 || c == 45;
}

/** Whether [from, to) holds `run` (1–64) consecutive number characters. Reads up to 63 bytes past `to`. */
export function hasLongRun(from: usize, to: usize, run: i32): bool {
  let carried: i32 = 0; // number characters ending the bytes before this block
  for (let b = from; b < to; b += 64) {
    let m: u64;
    if (ASC_FEATURE_SIMD) {
      m = numberChars16(b) | (numberChars16(b + 16) << 16) | (numberChars16(b + 32) << 32) | (numberChars16(b + 48) << 48);
    } else {
      m = 0;
      for (let k: usize = 0; k < 64; k++) if (isNumberChar(<u32>load<u8>(b + k))) m |= (<u64>1) << <u64>k;
    }
    const rem = to - b;
    if (rem < 64) m &= ((<u64>1) << <u64>rem) - 1;
    // A run continued from the block before, then runs inside the block (bit i of x: i..i+run-1 all set).
    if (carried + <i32>ctz(~m) >= run) return true;
    let x = m;
    let have = 1;
    while (have < run) {
      const step = min(have, run - have);
      x &= x >> <u64>step;
      have += step;
    }
    if (x != 0) return true;
    carried = m == <u64>-1 ? carried + 64 : <i32>clz(~m);
  }
  return false;
}
