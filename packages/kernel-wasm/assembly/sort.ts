// Sorts the group table's entries by key bytes, for output in key order without a sort in JS (463k
// keys took ~0.25-1 s to sort as strings there). Only meaningful for one key field: the entry's key
// bytes are then the value itself, and for valid UTF-8 byte order is code point order.
import { ENTRY_KEY_LEN, ENTRY_KEY } from "../src/constants";
import { groups, arenaTop, ensureArena, entrySize, maxKeyLen } from "./table";
import { ARENA_BASE } from "./layout";

/** -1, 0, 1: key bytes [a, a+la) and [b, b+lb) compared as unsigned bytes, a shorter prefix first. */
// @ts-ignore: decorator
@inline export function compareKeys(a: usize, la: usize, b: usize, lb: usize): i32 {
  const n = la < lb ? la : lb;
  for (let i: usize = 0; i < n; i += 8) {
    let x = bswap<u64>(load<u64>(a + i));
    let y = bswap<u64>(load<u64>(b + i));
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

/** -1, 0, 1: key bytes of entries a and b compared as unsigned bytes, a shorter prefix first. */
export function compareEntries(a: usize, b: usize): i32 {
  return compareKeys(a + ENTRY_KEY, <usize>load<u32>(a, ENTRY_KEY_LEN), b + ENTRY_KEY, <usize>load<u32>(b, ENTRY_KEY_LEN));
}

/**
 * Items are 16 bytes: 8 key bytes big-endian (zero-padded) from just past the prefix every key shares
 * (`shared`: "company-" of "company-17"), then the key length past that prefix and the entry address.
 * Keys with at most 8 bytes past it compare on the item alone; longer ones with equal item bytes read
 * their entries (random accesses into the arena: a 4-byte prefix made 463k keys like "c123456" tie so
 * often that the sort took ~0.5 s).
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

/** Bytes every key in the table starts with (0 for an empty table). */
function sharedPrefix(): usize {
  if (arenaTop == ARENA_BASE) return 0;
  const first = ARENA_BASE + ENTRY_KEY;
  let m = <usize>load<u32>(ARENA_BASE, ENTRY_KEY_LEN);
  for (let e = ARENA_BASE; e < arenaTop && m > 0; ) {
    const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
    if (len < m) m = len;
    let i: usize = 0;
    while (i + 8 <= m && load<u64>(e + ENTRY_KEY + i) == load<u64>(first + i)) i += 8;
    while (i < m && load<u8>(e + ENTRY_KEY + i) == load<u8>(first + i)) i++;
    m = i;
    e += entrySize(len);
  }
  return m;
}

// @ts-ignore: decorator
@inline function copyItem(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
}

/**
 * Sorts the n items at x stably with `before` (insertion runs of 16, then bottom-up merges between x
 * and t, n items of scratch plus one spare item past it); the sorted items end at x.
 */
function mergeSort(x: usize, t: usize, n: usize): void {
  const RUN: usize = 16;
  const spare = t + n * 16;
  for (let s: usize = 0; s < n; s += RUN) {
    const e = s + RUN < n ? s + RUN : n;
    for (let j = s + 1; j < e; j++) {
      copyItem(spare, x + (j << 4));
      let k = j;
      while (k > s && before(spare, x + ((k - 1) << 4))) {
        copyItem(x + (k << 4), x + ((k - 1) << 4));
        k--;
      }
      copyItem(x + (k << 4), spare);
    }
  }
  let src = x;
  let dst = t;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo: usize = 0; lo < n; lo += w << 1) {
      const mid = lo + w < n ? lo + w : n;
      const hi = lo + (w << 1) < n ? lo + (w << 1) : n;
      let p = lo;
      let q = mid;
      let o = lo;
      while (p < mid && q < hi) {
        // Stable: take from the right run only when strictly before.
        if (before(src + (q << 4), src + (p << 4))) copyItem(dst + (o << 4), src + (q++ << 4));
        else copyItem(dst + (o << 4), src + (p++ << 4));
        o++;
      }
      while (p < mid) copyItem(dst + (o++ << 4), src + (p++ << 4));
      while (q < hi) copyItem(dst + (o++ << 4), src + (q++ << 4));
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src != x) memory.copy(x, src, n << 4);
}

/** Below this many groups the merge sort alone is as quick. */
const RADIX_MIN: usize = 256;

/**
 * Sorts the n items at x by their 8-byte prefix with a stable LSD radix sort (a byte per pass, the
 * passes over bytes every item shares skipped), using t (n items) and 8 KiB of counts at h; the
 * sorted items end at x. Items with equal prefixes stay in arena order: sortGroups orders those after.
 */
function radixByPrefix(x: usize, t: usize, n: usize, h: usize): void {
  memory.fill(h, 0, 8 * 256 * 4);
  for (let i: usize = 0; i < n; i++) {
    const p = load<u64>(x + (i << 4));
    for (let d: usize = 0; d < 8; d++) {
      const c = h + (((d << 8) + <usize>((p >> (<u64>d << 3)) & 255)) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let src = x;
  let dst = t;
  for (let d: usize = 0; d < 8; d++) {
    const counts = h + (d << 10);
    // A byte every item shares orders nothing: no pass.
    let used = 0;
    for (let v: usize = 0; v < 256; v++) if (load<u32>(counts + (v << 2)) != 0) used++;
    if (used < 2) continue;
    let sum: u32 = 0;
    for (let v: usize = 0; v < 256; v++) {
      const c = load<u32>(counts + (v << 2));
      store<u32>(counts + (v << 2), sum);
      sum += c;
    }
    const shift = <u64>d << 3;
    for (let i: usize = 0; i < n; i++) {
      const it = src + (i << 4);
      const c = counts + (<usize>((load<u64>(it) >> shift) & 255) << 2);
      const at = load<u32>(c);
      store<u32>(c, at + 1);
      copyItem(dst + (<usize>at << 4), it);
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src != x) memory.copy(x, src, n << 4);
}

/**
 * Writes the addresses of all entries, in key order, as u32s just past the arena (memory grows for
 * them and for the sort's items: 32 bytes per group, and 8 KiB of radix counts) and returns where; 0
 * when the memory budget has no room (the caller then sorts another way). The table is not changed.
 * Many groups are sorted by radix on 8 key bytes past the prefix all keys share (463k keys: ~80 ms of
 * merges before), then each run of equal bytes there by the merge sort; few groups by the merge sort
 * alone. Skipping the shared prefix keeps keys like "company-17" from all tying on their first 8
 * bytes, which sent every comparison to the entries.
 */
export function sortGroups(): usize {
  const n = <usize>groups;
  const a = (arenaTop + 15) & ~(<usize>15);
  if (!ensureArena(a - arenaTop + n * 32 + 64 + 8192)) return 0;
  const b = a + n * 16;
  // Keys of at most 8 bytes fit an item whole from their first byte: no walk for the shared prefix
  // (463k keys like "c123456": ~3 of the sort's ~19 ms).
  const shared: usize = maxKeyLen <= 8 ? 0 : sharedPrefix();
  let i: usize = 0;
  for (let e = ARENA_BASE; e < arenaTop; i++) {
    const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
    const rest = len - shared;
    // Bytes past the key are padding or the next entry: only `rest` of the 8 are the key's.
    let prefix = bswap<u64>(load<u64>(e + ENTRY_KEY + shared));
    if (rest < 8) prefix = rest == 0 ? 0 : (prefix >> (<u64>(8 - rest) << 3)) << (<u64>(8 - rest) << 3);
    const it = a + (i << 4);
    store<u64>(it, prefix);
    store<u32>(it, <u32>rest, 8);
    store<u32>(it, <u32>e, 12);
    e += entrySize(len);
  }
  if (n < RADIX_MIN) mergeSort(a, b, n);
  else {
    radixByPrefix(a, b, n, b + n * 16 + 64);
    // Runs of one prefix (keys alike in their first 8 bytes): by length, then by the whole key.
    for (let lo: usize = 0; lo < n; ) {
      const p = load<u64>(a + (lo << 4));
      let hi = lo + 1;
      while (hi < n && load<u64>(a + (hi << 4)) == p) hi++;
      if (hi - lo > 1) mergeSort(a + (lo << 4), b, hi - lo);
      lo = hi;
    }
  }
  // Compact to u32 addresses at a (writes trail reads: item j is read at 16j, written at 4j).
  for (let j: usize = 0; j < n; j++) store<u32>(a + (j << 2), load<u32>(a + (j << 4), 12));
  return a;
}
