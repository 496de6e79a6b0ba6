// Byte-class searches: v128 bitmasks in the SIMD build, 64-bit SWAR words in the scalar build.
// Callers guarantee readable padding past `end` (INPUT_PAD / scratch slack), so wide loads never trap;
// results at or past `end` are clamped to `end`.

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** Lowest set high bit marks the first byte of `w` equal to `c` (bits above it may be false positives). */
// @ts-ignore: decorator
@inline function swarEq(w: u64, c: u64): u64 {
  const x = w ^ (c * ONES);
  return (x - ONES) & ~x & HIGHS;
}

/** Lowest set high bit marks the first byte of `w` below 0x20. */
// @ts-ignore: decorator
@inline function swarControl(w: u64): u64 {
  return (w - 0x20 * ONES) & ~w & HIGHS;
}

// ---- CSV events: ',' '"' '\n' ----

// The SIMD build caches the 64-byte block mask of the last search: fields are short, so most
// searches land in the block already classified. reset() must run whenever input bytes change.
let blockAt: usize = 0;
let blockMask: u64 = 0;

export function resetScanCache(): void {
  blockAt = 0;
  blockMask = 0;
}

// @ts-ignore: decorator
@inline function csvMask16(p: usize): u64 {
  const v = v128.load(p);
  const m = v128.or(v128.or(i8x16.eq(v, i8x16.splat(44)), i8x16.eq(v, i8x16.splat(34))), i8x16.eq(v, i8x16.splat(10)));
  return <u64>i8x16.bitmask(m);
}

// @ts-ignore: decorator
@inline function csvMask64(p: usize): u64 {
  return csvMask16(p) | (csvMask16(p + 16) << 16) | (csvMask16(p + 32) << 32) | (csvMask16(p + 48) << 48);
}

/** Position of the first ',' '"' or '\n' in [from, end), or `end`. */
export function nextCsvEvent(from: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) {
    let b = from & ~(<usize>63);
    let m: u64;
    if (b == blockAt) {
      m = blockMask;
    } else {
      m = csvMask64(b);
      blockAt = b;
      blockMask = m;
    }
    m &= (<u64>-1) << <u64>(from - b);
    while (m == 0) {
      b += 64;
      if (b >= end) return end;
      m = csvMask64(b);
      blockAt = b;
      blockMask = m;
    }
    const r = b + <usize>ctz(m);
    return r < end ? r : end;
  } else {
    let i = from;
    while (i + 8 <= end) {
      const w = load<u64>(i);
      const t = swarEq(w, 44) | swarEq(w, 34) | swarEq(w, 10);
      if (t != 0) return i + <usize>(ctz(t) >> 3);
      i += 8;
    }
    while (i < end) {
      const c = load<u8>(i);
      if (c == 44 || c == 34 || c == 10) return i;
      i++;
    }
    return end;
  }
}

/** Position of the first '\n' in [from, end), or `end`. */
export function nextNewline(from: usize, end: usize): usize {
  let i = from;
  if (ASC_FEATURE_SIMD) {
    const lf = i8x16.splat(10);
    while (i < end) {
      const m = i8x16.bitmask(i8x16.eq(v128.load(i), lf));
      if (m != 0) {
        const r = i + <usize>ctz(m);
        return r < end ? r : end;
      }
      i += 16;
    }
    return end;
  } else {
    while (i + 8 <= end) {
      const t = swarEq(load<u64>(i), 10);
      if (t != 0) return i + <usize>(ctz(t) >> 3);
      i += 8;
    }
    while (i < end) {
      if (load<u8>(i) == 10) return i;
      i++;
    }
    return end;
  }
}

/** Position of the first '"', '\\' or control byte (< 0x20) in [from, end), or `end`. */
export function nextStringEvent(from: usize, end: usize): usize {
  let i = from;
  if (ASC_FEATURE_SIMD) {
    const q = i8x16.splat(34);
    const bs = i8x16.splat(92);
    const sp = i8x16.splat(32);
    while (i < end) {
      const v = v128.load(i);
      const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, q), i8x16.eq(v, bs)), i8x16.lt_u(v, sp)));
      if (m != 0) {
        const r = i + <usize>ctz(m);
        return r < end ? r : end;
      }
      i += 16;
    }
    return end;
  } else {
    while (i + 8 <= end) {
      const w = load<u64>(i);
      const t = swarEq(w, 34) | swarEq(w, 92) | swarControl(w);
      if (t != 0) return i + <usize>(ctz(t) >> 3);
      i += 8;
    }
    while (i < end) {
      const c = load<u8>(i);
      if (c == 34 || c == 92 || c < 32) return i;
      i++;
    }
    return end;
  }
}

// ---- Whole-block CSV masks for the fast path ----

/** Exact 0x80 marker in every byte of `x` that is zero (no false positives, unlike swarEq). */
// @ts-ignore: decorator
@inline function zeroBytes(x: u64): u64 {
  const low7: u64 = 0x7f7f7f7f7f7f7f7f;
  return ~(((x & low7) + low7) | x | low7);
}

/** Packs the 0x80 byte markers of a word into 8 bits (bit k = byte k). */
// @ts-ignore: decorator
@inline function packMarkers(x: u64): u64 {
  return ((x >> 7) * 0x0102040810204080) >> 56;
}

// @ts-ignore: decorator
@inline function swarMarkers(w: u64, c: u64): u64 {
  return zeroBytes(w ^ (c * ONES));
}

// ---- Separate '"', ',' and '\n' masks of a 64-byte block (quote-mask fast path) ----

export let blockQuotes: u64 = 0;
export let blockCommas: u64 = 0;
export let blockNewlines: u64 = 0;

// @ts-ignore: decorator
@inline function split16(p: usize, shift: u64): void {
  const v = v128.load(p);
  blockQuotes |= (<u64>i8x16.bitmask(i8x16.eq(v, i8x16.splat(34)))) << shift;
  blockCommas |= (<u64>i8x16.bitmask(i8x16.eq(v, i8x16.splat(44)))) << shift;
  blockNewlines |= (<u64>i8x16.bitmask(i8x16.eq(v, i8x16.splat(10)))) << shift;
}

/** Fills blockQuotes / blockCommas / blockNewlines for the 64 bytes from b (may read past the end). */
// @ts-ignore: decorator
@inline export function splitCsvBlock(b: usize): void {
  blockQuotes = 0;
  blockCommas = 0;
  blockNewlines = 0;
  if (ASC_FEATURE_SIMD) {
    split16(b, 0);
    split16(b + 16, 16);
    split16(b + 32, 32);
    split16(b + 48, 48);
  } else {
    let q: u64 = 0;
    let c: u64 = 0;
    let l: u64 = 0;
    for (let k: usize = 0; k < 64; k += 8) {
      const w = load<u64>(b + k);
      q |= packMarkers(swarMarkers(w, 34)) << <u64>k;
      c |= packMarkers(swarMarkers(w, 44)) << <u64>k;
      l |= packMarkers(swarMarkers(w, 10)) << <u64>k;
    }
    blockQuotes = q;
    blockCommas = c;
    blockNewlines = l;
  }
}

/** Bit k = XOR of bits 0..k of x (in-quote regions from quote bits). */
// @ts-ignore: decorator
@inline export function prefixXor(x: u64): u64 {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}
