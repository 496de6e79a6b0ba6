// Sorts the group table's entries by key bytes, for output in key order without a sort in JS (463k
// keys took ~0.25-1 s to sort as strings there). Only meaningful for one key field: the entry's key
// bytes are then the value itself, and for valid UTF-8 byte order is code point order.
import { ENTRY_KEY_LEN, ENTRY_KEY } from "../src/constants";
import { groups, arenaTop, ensureArena } from "./table";
import { ARENA_BASE } from "./layout";

/** -1, 0, 1: key bytes of entries a and b compared as unsigned bytes, a shorter prefix first. */
function compareEntries(a: usize, b: usize): i32 {
  const la = <usize>load<u32>(a, ENTRY_KEY_LEN);
  const lb = <usize>load<u32>(b, ENTRY_KEY_LEN);
  const n = la < lb ? la : lb;
  for (let i: usize = 0; i < n; i += 8) {
    let x = bswap<u64>(load<u64>(a + ENTRY_KEY + i));
    let y = bswap<u64>(load<u64>(b + ENTRY_KEY + i));
    if (n - i < 8) {
      // Only the first n - i bytes are key bytes (the rest is padding or the next entry).
      const drop = <u64>(8 - (n - i)) << 3;
      x = (x >> drop) << drop;
      y = (y >> drop) << drop;
    }
    if (x != y) return x < y ? -1 : 1;
  }
  return la == lb ? 0 : la < lb ? -1 : 1;
}

/** Items are (first 4 key bytes big-endian << 32 | entry address): most comparisons end on the prefix. */
// @ts-ignore: decorator
@inline function before(a: u64, b: u64): bool {
  const pa = a >> 32;
  const pb = b >> 32;
  if (pa != pb) return pa < pb;
  return compareEntries(<usize>(a & 0xffffffff), <usize>(b & 0xffffffff)) < 0;
}

/**
 * Writes the addresses of all entries, in key order, as u32s just past the arena (memory grows for
 * them and for a merge buffer: 16 bytes per group) and returns where; 0 when the memory budget has
 * no room (the caller then sorts another way). The table itself is not changed.
 */
export function sortGroups(): usize {
  const n = <usize>groups;
  const a = (arenaTop + 15) & ~(<usize>15);
  if (!ensureArena(a - arenaTop + n * 16 + 16)) return 0;
  const b = a + n * 8;
  let i: usize = 0;
  for (let e = ARENA_BASE; e < arenaTop; i++) {
    const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
    let prefix = <u64>bswap<u32>(load<u32>(e, ENTRY_KEY));
    if (len < 4) prefix = len == 0 ? 0 : (prefix >> (<u64>(4 - len) << 3)) << (<u64>(4 - len) << 3);
    store<u64>(a + (i << 3), (prefix << 32) | <u64>e);
    e += (<usize>ENTRY_KEY + len + 7) & ~(<usize>7);
  }
  // Insertion sort of runs of 16, then bottom-up merges between a and b.
  const RUN: usize = 16;
  for (let s: usize = 0; s < n; s += RUN) {
    const t = s + RUN < n ? s + RUN : n;
    for (let j = s + 1; j < t; j++) {
      const v = load<u64>(a + (j << 3));
      let k = j;
      while (k > s && before(v, load<u64>(a + ((k - 1) << 3)))) {
        store<u64>(a + (k << 3), load<u64>(a + ((k - 1) << 3)));
        k--;
      }
      store<u64>(a + (k << 3), v);
    }
  }
  let src = a;
  let dst = b;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo: usize = 0; lo < n; lo += w << 1) {
      const mid = lo + w < n ? lo + w : n;
      const hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      let x = lo;
      let y = mid;
      let o = lo;
      while (x < mid && y < hi) {
        const vx = load<u64>(src + (x << 3));
        const vy = load<u64>(src + (y << 3));
        // Stable: take from the right run only when strictly before.
        if (before(vy, vx)) {
          store<u64>(dst + (o << 3), vy);
          y++;
        } else {
          store<u64>(dst + (o << 3), vx);
          x++;
        }
        o++;
      }
      while (x < mid) store<u64>(dst + (o++ << 3), load<u64>(src + (x++ << 3)));
      while (y < hi) store<u64>(dst + (o++ << 3), load<u64>(src + (y++ << 3)));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // Compact to u32 addresses at a.
  for (let j: usize = 0; j < n; j++) store<u32>(a + (j << 2), <u32>load<u64>(src + (j << 3)));
  return a;
}
