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

/**
 * Items are 16 bytes: the first 8 key bytes big-endian (zero-padded), then the key length and the
 * entry address. Keys of at most 8 bytes compare on the item alone; longer ones with equal first 8
 * bytes read their entries (random accesses into the arena: a 4-byte prefix made 463k keys like
 * "c123456" tie so often that the sort took ~0.5 s).
 */
// @ts-ignore: decorator
@inline function before(a: usize, b: usize): bool {
  const pa = load<u64>(a);
  const pb = load<u64>(b);
  if (pa != pb) return pa < pb;
  const la = load<u32>(a, 8);
  const lb = load<u32>(b, 8);
  if (la <= 8 && lb <= 8) return la < lb;
  return compareEntries(<usize>load<u32>(a, 12), <usize>load<u32>(b, 12)) < 0;
}

// @ts-ignore: decorator
@inline function copyItem(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
}

/**
 * Writes the addresses of all entries, in key order, as u32s just past the arena (memory grows for
 * them and for the sort's items: 32 bytes per group) and returns where; 0 when the memory budget
 * has no room (the caller then sorts another way). The table itself is not changed.
 */
export function sortGroups(): usize {
  const n = <usize>groups;
  const a = (arenaTop + 15) & ~(<usize>15);
  if (!ensureArena(a - arenaTop + n * 32 + 64)) return 0;
  const b = a + n * 16;
  let i: usize = 0;
  for (let e = ARENA_BASE; e < arenaTop; i++) {
    const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
    let prefix = bswap<u64>(load<u64>(e, ENTRY_KEY));
    if (len < 8) prefix = len == 0 ? 0 : (prefix >> (<u64>(8 - len) << 3)) << (<u64>(8 - len) << 3);
    const it = a + (i << 4);
    store<u64>(it, prefix);
    store<u32>(it, <u32>len, 8);
    store<u32>(it, <u32>e, 12);
    e += (<usize>ENTRY_KEY + len + 7) & ~(<usize>7);
  }
  // Insertion sort of runs of 16 (through the spare item at the end of b), then bottom-up merges.
  const RUN: usize = 16;
  const tmp = b + n * 16;
  for (let s: usize = 0; s < n; s += RUN) {
    const t = s + RUN < n ? s + RUN : n;
    for (let j = s + 1; j < t; j++) {
      copyItem(tmp, a + (j << 4));
      let k = j;
      while (k > s && before(tmp, a + ((k - 1) << 4))) {
        copyItem(a + (k << 4), a + ((k - 1) << 4));
        k--;
      }
      copyItem(a + (k << 4), tmp);
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
        // Stable: take from the right run only when strictly before.
        if (before(src + (y << 4), src + (x << 4))) copyItem(dst + (o << 4), src + (y++ << 4));
        else copyItem(dst + (o << 4), src + (x++ << 4));
        o++;
      }
      while (x < mid) copyItem(dst + (o++ << 4), src + (x++ << 4));
      while (y < hi) copyItem(dst + (o++ << 4), src + (y++ << 4));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // Compact to u32 addresses at a (writes trail reads: item j is read at 16j, written at 4j).
  for (let j: usize = 0; j < n; j++) store<u32>(a + (j << 2), load<u32>(src + (j << 4), 12));
  return a;
}
