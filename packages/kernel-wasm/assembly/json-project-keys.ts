// Keys of the projection (json-project.ts): which wanted field a member's key names, and the keys learned
// by member position, so a record shaped like the one before costs one compare per key.
import { PROJECT_NAME_STRIDE } from "../src/constants";
import * as C from "../src/constants";
import { FIELDS_BASE } from "./layout";

const NAMES: usize = <usize>C.PROJECT_NAMES;
const BAD: usize = 0;
// The bytes of the key last seen at member slot s (with its closing quote), and its field.
const LEARNED: usize = FIELDS_BASE;
const LEARNED_SLOTS: usize = 64;
const LEARNED_WIDTH: usize = 32;
const LEARNED_LEN: usize = LEARNED + LEARNED_SLOTS * LEARNED_WIDTH;
const LEARNED_FIELD: usize = LEARNED_LEN + LEARNED_SLOTS;
/** A learned field code: an unwanted key (wanted ones are 0..fields-1). */
export const UNWANTED: i32 = -1;
/** A refused key: the projection gives up on the text. */
export const REFUSED: i32 = -2;

let fields: i32 = 0;
let names: i32 = 0;

/** Starts over with `wanted` fields and `refused` more names in the spec; forgets every learned key. */
export function resetKeys(wanted: i32, refused: i32): void {
  fields = wanted;
  names = wanted + refused;
  memory.fill(LEARNED_LEN, 0, LEARNED_SLOTS);
}

/** Whether the `len` bytes at a and b are equal (8 at a time; both readable 8 bytes past len). */
function sameBytes(a: usize, b: usize, len: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= len; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  if (k == len) return true;
  const mask = ((<u64>1) << (<u64>(len - k) << 3)) - 1;
  return ((load<u64>(a + k) ^ load<u64>(b + k)) & mask) == 0;
}

/** The field code of the key in [s, s + len): 0..fields-1, UNWANTED or REFUSED. */
export function fieldOf(s: usize, len: usize): i32 {
  for (let i = 0; i < names; i++) {
    const at = NAMES + <usize>i * PROJECT_NAME_STRIDE;
    if (<usize>load<i32>(at) == len && sameBytes(s, at + 4, len)) return i < fields ? i : REFUSED;
  }
  return UNWANTED;
}

/** The key starting at `ks` (after its quote), if it is the one learned at `slot`: its closing quote's position. */
// @ts-ignore: decorator
@inline export function learnedEnd(ks: usize, slot: usize): usize {
  if (slot >= LEARNED_SLOTS) return BAD;
  const len = <usize>load<u8>(LEARNED_LEN + slot);
  if (len == 0) return BAD;
  const at = LEARNED + slot * LEARNED_WIDTH;
  if (ASC_FEATURE_SIMD) {
    // One 16-byte compare for most keys (with the closing quote), two for longer ones.
    const m = <u32>i8x16.bitmask(i8x16.eq(v128.load(ks), v128.load(at)));
    if (len <= 16) return ((~m) & ((1 << <u32>len) - 1)) == 0 ? ks + len - 1 : BAD;
    if (m != 0xffff) return BAD;
    const m2 = <u32>i8x16.bitmask(i8x16.eq(v128.load(ks, 16), v128.load(at, 16)));
    return ((~m2) & ((1 << <u32>(len - 16)) - 1)) == 0 ? ks + len - 1 : BAD;
  }
  return sameBytes(ks, at, len) ? ks + len - 1 : BAD;
}

/** The field of the key learned at `slot` (learnedEnd found it). */
// @ts-ignore: decorator
@inline export function learnedField(slot: usize): i32 {
  return <i32>load<i8>(LEARNED_FIELD + slot);
}

/** Learns the key [ks, ke) (ke: its closing quote) at `slot`, when it fits. */
// @ts-ignore: decorator
@inline export function learnKey(slot: usize, ks: usize, ke: usize, field: i32): void {
  if (slot < LEARNED_SLOTS && ke - ks < LEARNED_WIDTH - 8) {
    memory.copy(LEARNED + slot * LEARNED_WIDTH, ks, ke - ks + 1);
    store<u8>(LEARNED_LEN + slot, <u8>(ke - ks + 1));
    store<i8>(LEARNED_FIELD + slot, <i8>field);
  }
}
