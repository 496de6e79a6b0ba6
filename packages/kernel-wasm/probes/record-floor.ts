// A stripped-down "one key + one exact sum" CSV loop for the seed's short shape (service,cost,company), to
// measure what a record costs in WebAssembly on this machine with nothing but the essentials: no quoting,
// no CR, no column checks, no rejects, no line numbers — only what any such kernel must do. Not the kernel's
// loop: a yardstick for it, built from the kernel's own decimal forms and group table (scripts/record-floor.ts
// builds and runs it; figures in bench/RESULTS.md, issue 13).
// Each record is exactly two commas and a LF: mode 0 indexes the separators of 64-byte blocks, 1 also
// reads the three positions per record back, 2 adds a scalar decimal, 3 the kernel's SWAR decimal
// instead, 4 counts each key in the kernel's table (no decimal), 5 is everything with the scalar decimal,
// 6 everything with the kernel's SWAR decimal; 7 and 8 as 3 and 6 with the kernel's SIMD decimal.
import { parseSimd8, parseSwar8, parsedUnits } from "../assembly/decimal";
import { addToEntry, groups as tableGroups, upsertShort } from "../assembly/table";

// Above the kernel's own regions (its table's slots and arena end below 20 MiB here).
const IN: usize = 32 << 20;
const IDX: usize = 100 << 20;

export function inputBase(): usize {
  return IN;
}

/** Groups in the kernel's table. */
export function groups(): i32 {
  return tableGroups;
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

// The kernel's decimal forms at scale 2 (assembly/decimal.ts): the amount, or -1 for another shape.
// @ts-ignore: decorator
@inline function swarUnits(p: usize, len: usize): i64 {
  return parseSwar8(p, len, 2) == 0 ? parsedUnits : -1;
}

// @ts-ignore: decorator
@inline function simdUnits(p: usize, len: usize): i64 {
  return parseSimd8(p, len, 2) == 0 ? parsedUnits : -1;
}

/** Runs `mode` over [start, start + len) (whole records); returns a checksum so nothing is optimized away. */
export function run(start: usize, len: usize, mode: i32): i64 {
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
        addToEntry(upsertShort(s1 + 1, s2 - s1 - 1), units);
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
