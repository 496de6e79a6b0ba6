// Open-addressing hash table of groups. Slots are u32: an 8-bit hash tag, then the entry's place in the
// arena (slotOf: half the bytes of address slots, so a 463k-key table's 4 MB of slots stays in the last
// level cache where 8 MB did not); entries and their
// key bytes live in a bump arena that grows the memory up to the 64 MiB budget. When either fills up,
// upsert returns 0 and the driver reports STATUS_FULL so JS drains the groups and calls resetTable.
import { TABLE_SLOTS, TABLE_FLUSH_AT, MAX_PAGES, ENTRY_HASH, ENTRY_KEY_LEN, ENTRY_COUNT, ENTRY_SUM_LO, ENTRY_SUM_HI, ENTRY_KEY } from "../src/constants";
import { ARENA_BASE, SLOTS_BASE, PAGE, TOUCH_SLOTS } from "./layout";

export let groups: i32 = 0;
export let arenaTop: usize = ARENA_BASE;
/**
 * The longest key in the table, and whether any key holds a byte >= 0x80: render.ts knows before its
 * first row whether it can write them all (so rows handed to a sink are never followed by a failure).
 */
export let maxKeyLen: usize = 0;
export let highKeys = false;
/** Slots in use: small tables keep few keys on few cache lines and pages. */
const MIN_SLOTS: usize = 4096;
let slotMask: usize = MIN_SLOTS - 1;

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xbf58476d1ce4e5b9;

/** The low `n` bytes of a little-endian word (all of it from 8 on). */
// @ts-ignore: decorator
@inline export function tailMask(n: usize): u64 {
  return n >= 8 ? <u64>-1 : ((<u64>1 << (<u64>n << 3)) - 1);
}

/**
 * Hash of a key of at most 16 bytes given as two masked little-endian words: one multiply per word
 * and a multiply-xorshift finish (the slot index takes the low bits, the tag the high 32).
 */
// @ts-ignore: decorator
@inline function hashShort(w0: u64, w1: u64, len: usize): u64 {
  let h = (w0 * K1) ^ rotl<u64>(w1 * K2, 31) ^ <u64>len;
  h ^= h >> 32;
  h *= K1;
  h ^= h >> 29;
  return h;
}

/** 64-bit hash of [p, p+len) (reads up to 7 bytes past the end, never used); hashShort up to 16 bytes. */
function hashBytes(p: usize, len: usize): u64 {
  if (len <= 16) {
    const w0 = len == 0 ? 0 : load<u64>(p) & tailMask(len);
    const w1 = len > 8 ? load<u64>(p, 8) & tailMask(len - 8) : 0;
    return hashShort(w0, w1, len);
  }
  let h: u64 = K1 ^ (<u64>len * K2);
  let i: usize = 0;
  for (; i + 8 <= len; i += 8) {
    h = rotl<u64>(h ^ (load<u64>(p + i) * K1), 29) * K2;
  }
  if (i < len) h = rotl<u64>(h ^ ((load<u64>(p + i) & tailMask(len - i)) * K1), 29) * K2;
  h ^= h >> 31;
  h *= K1;
  h ^= h >> 29;
  return h;
}

function hasHighByte(p: usize, len: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= len; i += 8) {
    if ((load<u64>(p + i) & 0x8080808080808080) != 0) return true;
  }
  return i < len && (load<u64>(p + i) & tailMask(len - i) & 0x8080808080808080) != 0;
}

function bytesEqual(a: usize, b: usize, len: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= len; i += 8) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
  }
  if (i < len) return ((load<u64>(a + i) ^ load<u64>(b + i)) & tailMask(len - i)) == 0;
  return true;
}

/** Bytes an entry with a key of `len` bytes takes in the arena (header, key, padding to 8). */
// @ts-ignore: decorator
@inline export function entrySize(len: usize): usize {
  return (<usize>ENTRY_KEY + len + 7) & ~(<usize>7);
}

/** Makes room for `need` more arena bytes; false when the memory budget is spent. */
export function ensureArena(need: usize): bool {
  const limit = <usize>memory.size() * PAGE;
  if (arenaTop + need <= limit) return true;
  let pages = <i32>((arenaTop + need - limit + PAGE - 1) / PAGE);
  if (pages < 64) pages = 64;
  const have = memory.size();
  if (have + pages > MAX_PAGES) pages = MAX_PAGES - have;
  if (pages <= 0 || <usize>(have + pages) * PAGE < arenaTop + need) return false;
  return memory.grow(pages) >= 0;
}

/** The slot value for entry `e` of a key with hash `h`: tag (h's top byte) << 24 | 1 + (e - ARENA_BASE) / 8. */
// @ts-ignore: decorator
@inline function slotOf(h: u64, e: usize): u32 {
  return ((<u32>(h >> 56)) << 24) | <u32>(((e - ARENA_BASE) >> 3) + 1);
}

/** The tag a slot holds for hash `h` (compared with the slot's top byte). */
// @ts-ignore: decorator
@inline function tagOf(h: u64): u32 {
  return <u32>(h >> 56);
}

/** The entry a (non-empty) slot points at. */
// @ts-ignore: decorator
@inline function entryOf(slot: u32): usize {
  return (ARENA_BASE - 8) + (<usize>(slot & 0xffffff) << 3);
}

// @ts-ignore: decorator
@inline function slotAddress(idx: usize): usize {
  return SLOTS_BASE + (idx << 2);
}

/** Grows the slot array 4× (at most to TABLE_SLOTS) and re-inserts every entry (entries stay where they are in the arena). */
function growSlots(): void {
  const size = (slotMask + 1) << 2;
  const mask = (size < <usize>TABLE_SLOTS ? size : <usize>TABLE_SLOTS) - 1;
  memory.fill(SLOTS_BASE, 0, (mask + 1) << 2);
  for (let e = ARENA_BASE; e < arenaTop; ) {
    const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
    const h = hashBytes(e + ENTRY_KEY, len);
    let idx = <usize>h & mask;
    while (load<u32>(slotAddress(idx)) != 0) idx = (idx + 1) & mask;
    store<u32>(slotAddress(idx), slotOf(h, e));
    e += entrySize(len);
  }
  slotMask = mask;
}

/** Finds or inserts the group for key bytes [key, key+len); returns its entry address or 0 when full. */
export function upsert(key: usize, len: usize): usize {
  const h = hashBytes(key, len);
  const tag = tagOf(h);
  const mask = slotMask;
  let idx = <usize>h & mask;
  while (true) {
    const slot = load<u32>(slotAddress(idx));
    if (slot == 0) break;
    if (slot >> 24 == tag) {
      const entry = entryOf(slot);
      if (<usize>load<u32>(entry, ENTRY_KEY_LEN) == len && bytesEqual(entry + ENTRY_KEY, key, len)) return entry;
    }
    idx = (idx + 1) & mask;
  }
  if (groups >= TABLE_FLUSH_AT) return 0;
  if (<usize>groups * 2 >= slotMask && slotMask < <usize>(TABLE_SLOTS - 1)) {
    growSlots();
    return upsert(key, len);
  }
  const size = entrySize(len);
  if (!ensureArena(size)) return 0;
  const entry = arenaTop;
  arenaTop += size;
  store<u32>(entry, <u32>(h >> 32), ENTRY_HASH);
  store<u32>(entry, <u32>len, ENTRY_KEY_LEN);
  store<i64>(entry, 0, ENTRY_COUNT);
  store<u64>(entry, 0, ENTRY_SUM_LO);
  store<i64>(entry, 0, ENTRY_SUM_HI);
  memory.copy(entry + ENTRY_KEY, key, len);
  if (len > maxKeyLen) maxKeyLen = len;
  if (!highKeys) highKeys = hasHighByte(key, len);
  store<u32>(slotAddress(idx), slotOf(h, entry));
  groups++;
  return entry;
}

/**
 * upsert for keys of at most 16 bytes, inlined into the CSV hot loop: the key is read as two masked
 * words once, hashed (hashShort, as hashBytes does for short keys) and compared against the entry
 * in place. Misses and longer keys take upsert.
 */
// @ts-ignore: decorator
@inline export function upsertShort(key: usize, len: usize): usize {
  if (len > 16) return upsert(key, len);
  const m0 = tailMask(len);
  const m1 = len > 8 ? tailMask(len - 8) : 0;
  const w0 = load<u64>(key) & m0;
  const w1 = load<u64>(key, 8) & m1;
  const h = hashShort(w0, w1, len);
  const tag = tagOf(h);
  const mask = slotMask;
  let idx = <usize>h & mask;
  while (true) {
    const slot = load<u32>(slotAddress(idx));
    if (slot == 0) break;
    if (slot >> 24 == tag) {
      const entry = entryOf(slot);
      if (
        <usize>load<u32>(entry, ENTRY_KEY_LEN) == len &&
        (load<u64>(entry, ENTRY_KEY) & m0) == w0 &&
        // The second word only when it holds key bytes: the entry may end at the top of memory.
        (len <= 8 || (load<u64>(entry, ENTRY_KEY + 8) & m1) == w1)
      ) return entry;
    }
    idx = (idx + 1) & mask;
  }
  return upsert(key, len);
}

/**
 * The hash of a key of at most 16 bytes, as upsertShort computes it. The touch-ahead (csv-indexed.ts,
 * merge.ts) writes a batch of keys' hashes at TOUCH_SLOTS, then touchHashed loads what their lookups
 * will need.
 */
// @ts-ignore: decorator
@inline export function hashOfShort(key: usize, len: usize): u64 {
  const m0 = tailMask(len);
  const m1 = len > 8 ? tailMask(len - 8) : 0;
  return hashShort(load<u64>(key) & m0, load<u64>(key, 8) & m1, len);
}

/** The slot where the probe for hash `h` starts. */
// @ts-ignore: decorator
@inline function homeSlot(h: u64): usize {
  return slotAddress(<usize>h & slotMask);
}

/**
 * The entry of the first slot from h's home that holds h's tag, as upsertShort probes (one in five keys of
 * a 463k-key table sits past its home slot); 0 when an empty slot comes first (a new key).
 */
// @ts-ignore: decorator
@inline function entryOfHash(h: u64): usize {
  const tag = tagOf(h);
  let idx = <usize>h & slotMask;
  while (true) {
    const slot = load<u32>(slotAddress(idx));
    if (slot == 0) return 0;
    if (slot >> 24 == tag) return entryOf(slot);
    idx = (idx + 1) & slotMask;
  }
}

/** Keeps touchHashed's loads from being optimized away. */
let touchSink: u64 = 0;

/**
 * Loads what the lookups of the `n` hashes at TOUCH_SLOTS will need, so that with a table far bigger
 * than the caches their misses overlap instead of being paid one record at a time: first every home
 * slot, then both cache lines of the entry each probe ends at (header, and key at +32). Each pass is a
 * loop of a few instructions, so the CPU's window holds dozens of misses at once (one pass that hashed
 * and loaded per key held a few). A new key touches address 0, harmlessly.
 */
export function touchHashed(n: usize): void {
  let sink: u64 = 0;
  for (let r: usize = 0; r < n; r++) sink ^= <u64>load<u32>(homeSlot(load<u64>(TOUCH_SLOTS + (r << 3))));
  for (let r: usize = 0; r < n; r++) {
    const entry = entryOfHash(load<u64>(TOUCH_SLOTS + (r << 3)));
    sink ^= load<u64>(entry) ^ load<u64>(entry, ENTRY_KEY);
  }
  touchSink ^= sink;
}

/** Groups in the table beyond which it no longer fits the L2 cache: worth touching ahead. */
export const TOUCH_AHEAD_GROUPS: i32 = 16384;

/** Adds one record with `units` to an entry; the sum is a 128-bit two's-complement pair, so it never wraps. */
// @ts-ignore: decorator
@inline export function addToEntry(entry: usize, units: i64): void {
  store<i64>(entry, load<i64>(entry, ENTRY_COUNT) + 1, ENTRY_COUNT);
  const lo = load<u64>(entry, ENTRY_SUM_LO);
  const nlo = lo + <u64>units;
  const carry: i64 = nlo < lo ? 1 : 0;
  store<u64>(entry, nlo, ENTRY_SUM_LO);
  // The high word moves only on a carry or a negative amount: rare for the usual small positive ones.
  const hi = carry + (units < 0 ? -1 : 0);
  if (hi != 0) store<i64>(entry, load<i64>(entry, ENTRY_SUM_HI) + hi, ENTRY_SUM_HI);
}

/** Adds the count and the 128-bit sum of the entry at `p` (another table's, same layout) to `entry`'s. */
// @ts-ignore: decorator
@inline export function addEntry(entry: usize, p: usize): void {
  store<i64>(entry, load<i64>(entry, ENTRY_COUNT) + load<i64>(p, ENTRY_COUNT), ENTRY_COUNT);
  const lo = load<u64>(entry, ENTRY_SUM_LO);
  const nlo = lo + load<u64>(p, ENTRY_SUM_LO);
  const carry: i64 = nlo < lo ? 1 : 0;
  store<u64>(entry, nlo, ENTRY_SUM_LO);
  store<i64>(entry, load<i64>(entry, ENTRY_SUM_HI) + load<i64>(p, ENTRY_SUM_HI) + carry, ENTRY_SUM_HI);
}

/** Empties the table after JS has read the groups. */
export function resetTable(): void {
  // A fresh instance's memory is already zero.
  if (groups > 0) memory.fill(SLOTS_BASE, 0, (slotMask + 1) << 2);
  slotMask = MIN_SLOTS - 1;
  arenaTop = ARENA_BASE;
  groups = 0;
  maxKeyLen = 0;
  highKeys = false;
}
