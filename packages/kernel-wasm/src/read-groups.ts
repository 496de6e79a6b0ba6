/** Reads the kernel's group entries out of its arena (layout in constants.ts). */
import * as C from "./constants.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { renderRows, type RenderedRows, type RenderTarget } from "./rendered-rows.ts";
import type { NormalizedSpec } from "./spec.ts";
import type { Group } from "./types.ts";

const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const strict = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });

export interface ReadGroups {
  groups: Group[];
  /**
   * Every key was valid UTF-8, so distinct key bytes gave distinct strings and the groups need no
   * merging. Otherwise U+FFFD replacements may have made two keys equal.
   */
  distinct: boolean;
}

/** The 128-bit two's-complement sum of an entry; one BigInt when it fits an i64 (the usual case). */
function readSum(view: DataView, e: number): bigint {
  const hiLow = view.getInt32(e + C.ENTRY_SUM_HI, true);
  const hiHigh = view.getInt32(e + C.ENTRY_SUM_HI + 4, true);
  const loSign = view.getInt32(e + C.ENTRY_SUM_LO + 4, true) < 0 ? -1 : 0;
  if (hiLow === loSign && hiHigh === loSign) return view.getBigInt64(e + C.ENTRY_SUM_LO, true);
  return (view.getBigInt64(e + C.ENTRY_SUM_HI, true) << 64n) + view.getBigUint64(e + C.ENTRY_SUM_LO, true);
}

/**
 * Entries in [start, end) of `memory`, in insertion (first-seen) order, or at the addresses in
 * `order` (the kernel's sortGroups) in that order.
 */
export function readGroups(memory: WebAssembly.Memory, start: number, end: number, keyCount: number, withSum: boolean, order?: Uint32Array): ReadGroups {
  if (order && keyCount === 1) {
    const packed = readOrderedAscii(memory, order, withSum);
    if (packed) return packed;
  }
  const view = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  const groups: Group[] = [];
  let distinct = true;
  const decode = (from: number, to: number): string => {
    // Short ASCII keys (the usual case) avoid TextDecoder's per-call cost. One fromCharCode call
    // gives a flat string; appending a char at a time built ropes that every later hash, compare
    // and JSON.stringify had to flatten (2-3x slower output for 463k groups).
    if (to - from <= 16) {
      for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return decodeUtf8(from, to);
      return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
    }
    return decodeUtf8(from, to);
  };
  const decodeUtf8 = (from: number, to: number): string => {
    try {
      return strict.decode(bytes.subarray(from, to));
    } catch {
      distinct = false;
      return lenient.decode(bytes.subarray(from, to));
    }
  };
  for (let e = start, i = 0; order ? i < order.length : e < end; i++) {
    if (order) e = order[i]!;
    const keyLen = view.getUint32(e + C.ENTRY_KEY_LEN, true);
    // Counts stay far below 2^53: two u32 reads avoid a BigInt per group.
    const count = view.getUint32(e + C.ENTRY_COUNT, true) + view.getUint32(e + C.ENTRY_COUNT + 4, true) * 2 ** 32;
    const key: string[] = [];
    const k0 = e + C.ENTRY_KEY;
    if (keyCount === 1) key.push(decode(k0, k0 + keyLen));
    else {
      for (let k = k0; k < k0 + keyLen; ) {
        const len = view.getUint32(k, true);
        key.push(decode(k + 4, k + 4 + len));
        k += 4 + len;
      }
    }
    groups.push(withSum ? { key, count, sum: readSum(view, e) } : { key, count });
    e += (C.ENTRY_KEY + keyLen + 7) & ~7;
  }
  return { groups, distinct };
}

/** A final read of the table: its groups, or its rows when they were asked for and the kernel wrote them. */
export interface TableRead extends ReadGroups {
  /** The groups (or rows) are in key order: sorted by the kernel, with distinct keys. */
  keyOrdered: boolean;
  /** Set when `render` was asked and the kernel could write the rows; `groups` is then empty. */
  rendered?: RenderedRows;
}

/**
 * Reads the table's groups, in key order when `sort` and the kernel can sort them (one key field,
 * memory for the sort), or as output rows in `render`'s format when it can also write those (ASCII
 * keys). The table is left as it is (the caller resets it).
 */
export function readTable(x: KernelExports, spec: NormalizedSpec, sort: boolean, render?: RenderTarget): TableRead {
  const withSum = spec.sum !== undefined;
  // Several key fields are stored length-prefixed, whose byte order is not element order.
  const at = sort && spec.keys.length === 1 ? x.sortGroups() : 0;
  const n = x.groupCount();
  if (at !== 0 && render) {
    const rendered = renderRows(x, at, n, withSum, spec.scale, render);
    if (rendered) return { groups: [], distinct: true, keyOrdered: true, rendered };
  }
  const order = at === 0 ? undefined : new Uint32Array(x.memory.buffer.slice(at, at + 4 * n));
  const r = readGroups(x.memory, x.arenaStart(), x.arenaEnd(), spec.keys.length, withSum, order);
  return { ...r, keyOrdered: order !== undefined && r.distinct };
}

const ascii = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * readGroups for one key field in `order` when every key is ASCII (else null): one pass over the
 * entries (random accesses, in a tight loop) copies key bytes, counts and sums out of WASM memory,
 * then one decode makes all keys one string, cut with substring. Decoding 463k keys one by one
 * from scattered entries took ~2x longer.
 */
function readOrderedAscii(memory: WebAssembly.Memory, order: Uint32Array, withSum: boolean): ReadGroups | null {
  const n = order.length;
  const bytes = new Uint8Array(memory.buffer);
  const words = new Uint32Array(memory.buffer);
  let total = 0;
  for (let i = 0; i < n; i++) total += words[(order[i]! + C.ENTRY_KEY_LEN) >> 2]!;
  const keyBytes = new Uint8Array(total);
  const ends = new Uint32Array(n);
  // Per entry: count (2 words) and sum (4 words), copied so the second pass reads sequentially.
  const nums = new Uint32Array(n * 6);
  let o = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const e = order[i]!;
    const w = e >> 2;
    const len = words[w + (C.ENTRY_KEY_LEN >> 2)]!;
    for (let j = e + C.ENTRY_KEY, to = j + len; j < to; j++) {
      const b = bytes[j]!;
      high |= b;
      keyBytes[o++] = b;
    }
    ends[i] = o;
    const c = w + (C.ENTRY_COUNT >> 2);
    for (let k = 0; k < 6; k++) nums[i * 6 + k] = words[c + k]!;
  }
  if (high >= 0x80) return null;
  const all = ascii.decode(keyBytes);
  const view = new DataView(nums.buffer);
  const groups: Group[] = new Array(n);
  let from = 0;
  for (let i = 0; i < n; i++) {
    const key = [all.substring(from, ends[i]!)];
    from = ends[i]!;
    const count = nums[i * 6]! + nums[i * 6 + 1]! * 2 ** 32;
    groups[i] = withSum ? { key, count, sum: readSum(view, i * 24 - C.ENTRY_COUNT) } : { key, count };
  }
  return { groups, distinct: true };
}
