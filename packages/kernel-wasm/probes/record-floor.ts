// A stripped-down "one key + one exact sum" CSV loop for the seed's short shape (service,cost,company), to
// measure what a record costs in WebAssembly on this machine with nothing but the essentials: no quoting,
// no CR, no column checks, no rejects, no line numbers — only what any such kernel must do. Not the kernel:
// a yardstick for it (scripts/record-floor.ts builds and runs it; figures in bench/RESULTS.md, issue 13).
// Each record is exactly two commas and a LF: mode 0 indexes the separators of 64-byte blocks, 1 also
// reads the three positions per record back, 2 adds a scalar decimal, 3 the kernel's SWAR decimal
// instead, 4 hashes the key and counts it (no decimal), 5 is everything with the scalar decimal,
// 6 everything with the kernel's SWAR decimal; 7 and 8 as 3 and 6 with a decimal in SIMD (simdUnits).
const IN: usize = 1 << 16;
const IDX: usize = 80 << 20;
const SLOTS: usize = 100 << 20;
const ARENA: usize = 101 << 20;
let arenaTop: usize = ARENA;
export let groups: i32 = 0;

export function inputBase(): usize {
  return IN;
}

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xbf58476d1ce4e5b9;
const ONES: u64 = 0x0101010101010101;

// @ts-ignore: decorator
@inline function lowBytes(n: u64): u64 {
  return n >= 8 ? <u64>-1 : (<u64>1 << (n << 3)) - 1;
}

// The kernel's hash and probe for keys of up to 16 bytes (assembly/table.ts), over a fixed 4096-slot table.
// @ts-ignore: decorator
@inline function upsert(key: usize, len: usize): usize {
  const m0 = lowBytes(<u64>len);
  const m1 = len > 8 ? lowBytes(<u64>(len - 8)) : 0;
  const w0 = load<u64>(key) & m0;
  const w1 = load<u64>(key, 8) & m1;
  let h = (w0 * K1) ^ rotl<u64>(w1 * K2, 31) ^ <u64>len;
  h ^= h >> 32;
  h *= K1;
  h ^= h >> 29;
  const tag = h & 0xffffffff00000000;
  let idx = <usize>h & 4095;
  while (true) {
    const slot = load<u64>(SLOTS + (idx << 3));
    if (slot == 0) break;
    if ((slot & 0xffffffff00000000) == tag) {
      const e = <usize>(slot & 0xffffffff);
      if (load<u32>(e, 4) == <u32>len && (load<u64>(e, 32) & m0) == w0 && (len <= 8 || (load<u64>(e, 40) & m1) == w1)) return e;
    }
    idx = (idx + 1) & 4095;
  }
  const e = arenaTop;
  arenaTop += 48;
  store<u32>(e, <u32>len, 4);
  store<u64>(e, w0, 32);
  store<u64>(e, w1, 40);
  store<u64>(SLOTS + (idx << 3), tag | <u64>e);
  groups++;
  return e;
}

/** Scalar `digits(.d{1,2})?` at scale 2. */
// @ts-ignore: decorator
@inline function scalarUnits(p: usize, e: usize): i64 {
  let v: i64 = 0;
  let frac = -1;
  for (let i = p; i < e; i++) {
    const c = <u32>load<u8>(i);
    if (c == 46) {
      frac = 0;
      continue;
    }
    v = v * 10 + <i64>(c - 48);
    if (frac >= 0) frac++;
  }
  if (frac <= 0) return v * 100;
  return frac == 1 ? v * 10 : v;
}

// The kernel's branch-free SWAR decimal (assembly/decimal.ts parseSwar8), at scale 2.
// @ts-ignore: decorator
@inline function nonDigits(x: u64): u64 {
  return (x & 0xf0f0f0f0f0f0f0f0) | (((x & 0x0f0f0f0f0f0f0f0f) + 0x0606060606060606) & 0x1010101010101010);
}
// @ts-ignore: decorator
@inline function digitsValue(x: u64, n: u64): u64 {
  let v = x << ((8 - n) << 3);
  v = v * 10 + (v >> 8);
  v = (((v & 0x000000ff000000ff) * 0x000f424000000064) + (((v >> 16) & 0x000000ff000000ff) * 0x0000271000000001)) >> 32;
  return v;
}
const POW10: StaticArray<i64> = [1, 10, 100];
// @ts-ignore: decorator
@inline function swarUnits(p: usize, len: usize): i64 {
  if (len - 1 >= 8) return -1;
  const live = lowBytes(<u64>len);
  const x = (load<u64>(p) ^ (0x30 * ONES)) & live;
  const t = x ^ (0x1e * ONES);
  const dots = ~(((t & 0x7f7f7f7f7f7f7f7f) + 0x7f7f7f7f7f7f7f7f) | t | 0x7f7f7f7f7f7f7f7f) & live;
  const hasDot = dots != 0;
  const d: u64 = hasDot ? ctz(dots) >> 3 : <u64>len;
  const below = lowBytes(d);
  const y = (x & below) | ((x >> 8) & ~below);
  const n: u64 = hasDot ? <u64>len - 1 : <u64>len;
  const frac: u64 = n - d;
  if ((nonDigits(y) & lowBytes(n)) != 0 || d == 0 || (hasDot && frac == 0) || frac > 2) return -1;
  return <i64>digitsValue(y, n) * unchecked(POW10[2 - <i32>frac]);
}

// A decimal in SIMD, one record per vector: the digits (after '0' is subtracted) are moved by a shuffle
// chosen by the integer and fraction lengths into a fixed "6 integer + 2 fraction digits" layout (lanes
// that are out of range read 0), then combined with two multiply-add steps. Validation is one mask test.
const SHUFFLES: usize = 102 << 20;
let shufflesReady = false;

function initShuffles(): void {
  for (let intLen = 1; intLen <= 6; intLen++) {
    for (let fracLen = 0; fracLen <= 2; fracLen++) {
      const at = SHUFFLES + <usize>(intLen * 3 + fracLen) * 16;
      for (let k = 0; k < 16; k++) store<u8>(at + <usize>k, 0xff);
      // Integer digits end at lane 5; fraction digits at lanes 6 and 7 (after the dot at intLen).
      for (let k = 0; k < intLen; k++) store<u8>(at + <usize>(6 - intLen + k), <u8>k);
      for (let k = 0; k < fracLen; k++) store<u8>(at + <usize>(6 + k), <u8>(intLen + 1 + k));
    }
  }
  shufflesReady = true;
}

// @ts-ignore: decorator
@inline function simdUnits(p: usize, len: usize): i64 {
  const v = i8x16.sub(v128.load(p), i8x16.splat(48));
  const digits = <u32>i8x16.bitmask(i8x16.lt_u(v, i8x16.splat(10)));
  const dots = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>(46 - 48))));
  const live = (1 << <u32>len) - 1;
  const dot = dots & live;
  const intLen = dot != 0 ? ctz(dot) : <u32>len;
  const fracLen = dot != 0 ? <u32>len - intLen - 1 : 0;
  // Every live byte a digit but at most one dot, 1–6 integer digits, at most 2 fraction digits (and one if a dot).
  if ((live & ~digits) != (dot & (0 - dot)) || intLen - 1 >= 6 || fracLen > 2 || (dot != 0 && fracLen == 0)) return -1;
  const d = i8x16.swizzle(v, v128.load(SHUFFLES + <usize>(intLen * 3 + fracLen) * 16));
  const pairs = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(d), i16x8(10, 1, 10, 1, 10, 1, 10, 1));
  const quads = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_u(pairs, pairs), i16x8(100, 1, 100, 1, 100, 1, 100, 1));
  return <i64>i32x4.extract_lane(quads, 0) * 10000 + <i64>i32x4.extract_lane(quads, 1);
}

/** Runs `mode` over [start, start + len) (whole records); returns a checksum so nothing is optimized away. */
export function run(start: usize, len: usize, mode: i32): i64 {
  if (!shufflesReady) initShuffles();
  const end = start + len;
  const sc = i8x16.splat(44);
  const sl = i8x16.splat(10);
  let total: i64 = 0;
  let b = start & ~(<usize>63);
  let first = (<u64>-1) << <u64>(start - b);
  while (b < end) {
    // Separators of up to 64 blocks, written eight at a time without branches (as the kernel's index).
    let n: usize = 0;
    const cap = b + 64 * 64;
    for (; b < end && b < cap; b += 64) {
      const v0 = v128.load(b);
      const v1 = v128.load(b, 16);
      const v2 = v128.load(b, 32);
      const v3 = v128.load(b, 48);
      let c =
        <u64>i8x16.bitmask(v128.or(i8x16.eq(v0, sc), i8x16.eq(v0, sl))) |
        (<u64>i8x16.bitmask(v128.or(i8x16.eq(v1, sc), i8x16.eq(v1, sl))) << 16) |
        (<u64>i8x16.bitmask(v128.or(i8x16.eq(v2, sc), i8x16.eq(v2, sl))) << 32) |
        (<u64>i8x16.bitmask(v128.or(i8x16.eq(v3, sc), i8x16.eq(v3, sl))) << 48);
      c &= first;
      first = <u64>-1;
      const rem = end - b;
      if (rem < 64) c &= ((<u64>1) << <u64>rem) - 1;
      const cnt = <usize>popcnt(c);
      let w = IDX + (n << 2);
      let x = c;
      for (let k: usize = 0; k < 32; k += 4) {
        store<u32>(w + k, <u32>(b + <usize>ctz(x)));
        x &= x - 1;
      }
      if (cnt > 8) {
        w += 32;
        while (x != 0) {
          store<u32>(w, <u32>(b + <usize>ctz(x)));
          x &= x - 1;
          w += 4;
        }
      }
      n += cnt;
    }
    if (mode == 0) {
      total += <i64>n;
      continue;
    }
    let k: usize = 0;
    let rec = start;
    for (; k + 3 <= n; k += 3) {
      const s0 = <usize>load<u32>(IDX + (k << 2));
      const s1 = <usize>load<u32>(IDX + (k << 2), 4);
      const s2 = <usize>load<u32>(IDX + (k << 2), 8);
      rec = s2 + 1;
      if (mode == 1) total += <i64>(s0 ^ s1 ^ s2);
      else if (mode == 2) total += scalarUnits(s0 + 1, s1);
      else if (mode == 3) total += swarUnits(s0 + 1, s1 - s0 - 1);
      else if (mode == 7) total += simdUnits(s0 + 1, s1 - s0 - 1);
      else {
        const units = mode == 4 ? 0 : mode == 5 ? scalarUnits(s0 + 1, s1) : mode == 8 ? simdUnits(s0 + 1, s1 - s0 - 1) : swarUnits(s0 + 1, s1 - s0 - 1);
        const e = upsert(s1 + 1, s2 - s1 - 1);
        store<i64>(e, load<i64>(e, 8) + 1, 8);
        store<i64>(e, load<i64>(e, 16) + units, 16);
        total += 1;
      }
    }
    // A record cut by the batch's end: index again from its start.
    if (k < n) {
      b = rec & ~(<usize>63);
      first = (<u64>-1) << <u64>(rec - b);
    }
  }
  return total;
}
