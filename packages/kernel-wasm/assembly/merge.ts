// Merges group entries made by other kernel instances (parts of one file aggregated in parallel)
// into this instance's table: same key bytes, same group; counts and 128-bit sums added exactly.
import { ENTRY_KEY_LEN, ENTRY_KEY } from "../src/constants";
import { upsert, addEntry, groups, hashOfShort, touchHashed, TOUCH_AHEAD_GROUPS, entrySize } from "./table";
import { TOUCH_SLOTS } from "./layout";

/**
 * The hashes of up to `n` entries' keys from `p`, for touchHashed (table.ts): merging a big part into a
 * big table, the misses of their lookups then overlap.
 */
function touchAhead(p: usize, e: usize, n: i32): void {
  let k: usize = 0;
  for (let i = 0; i < n && p < e; i++) {
    const len = <usize>load<u32>(p, ENTRY_KEY_LEN);
    if (len <= 16) store<u64>(TOUCH_SLOTS + (k++ << 3), hashOfShort(p + ENTRY_KEY, len));
    p += entrySize(len);
  }
  touchHashed(k);
}

/**
 * Adds the entries in [p, e) (the arena layout of constants.ts, copied into the input region) to
 * the table, in order, so groups keep their first-seen order across parts. Returns the address of
 * the first entry not merged: `e` when all were, less when the table filled (drain, reset, call
 * again with the rest).
 */
export function mergeEntries(p: usize, e: usize): usize {
  let batch = 0;
  while (p < e) {
    if (batch == 0) {
      batch = 64;
      if (groups > TOUCH_AHEAD_GROUPS) touchAhead(p, e, batch);
    }
    batch--;
    const len = <usize>load<u32>(p, ENTRY_KEY_LEN);
    const entry = upsert(p + ENTRY_KEY, len);
    if (entry == 0) return p;
    addEntry(entry, p);
    p += entrySize(len);
  }
  return e;
}
