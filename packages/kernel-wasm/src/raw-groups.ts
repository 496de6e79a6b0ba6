/**
 * A kernel's groups as the bytes of its arena (layout in constants.ts), for callers that read many
 * groups and want no objects per group: building a `Group` (key strings, an array, a BigInt sum)
 * cost ~0.3–0.45 µs a group here, more than parsing the record, when most groups hold one record.
 */
import * as C from "./constants.ts";

/** The final groups of an aggregation, copied out of WASM memory (aggregator option `rawGroups`). */
export class RawGroups {
  private readonly view: DataView;

  /** `bytes`: the arena's entries back to back; `keyCount`: key fields per entry. */
  constructor(
    readonly bytes: Uint8Array,
    readonly keyCount: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Offset of the first entry, or -1 when there are no groups. Entries are in first-seen order. */
  first(): number {
    return this.bytes.length > 0 ? 0 : -1;
  }

  /** Offset of the entry after `e`, or -1 after the last. */
  next(e: number): number {
    const n = e + ((C.ENTRY_KEY + this.view.getUint32(e + C.ENTRY_KEY_LEN, true) + 7) & ~7);
    return n < this.bytes.length ? n : -1;
  }

  /** Records in the group. */
  count(e: number): number {
    return this.view.getUint32(e + C.ENTRY_COUNT, true) + this.view.getUint32(e + C.ENTRY_COUNT + 4, true) * 2 ** 32;
  }

  /** The group's exact sum in minor units (0n without a sum field). */
  sum(e: number): bigint {
    const v = this.view;
    const hiLow = v.getInt32(e + C.ENTRY_SUM_HI, true);
    const hiHigh = v.getInt32(e + C.ENTRY_SUM_HI + 4, true);
    const loSign = v.getInt32(e + C.ENTRY_SUM_LO + 4, true) < 0 ? -1 : 0;
    if (hiLow === loSign && hiHigh === loSign) return v.getBigInt64(e + C.ENTRY_SUM_LO, true);
    return (v.getBigInt64(e + C.ENTRY_SUM_HI, true) << 64n) + v.getBigUint64(e + C.ENTRY_SUM_LO, true);
  }

  /** The sum as a Number when it is an integer in [0, 2^53), else -1: no BigInt for the usual case. */
  smallSum(e: number): number {
    const v = this.view;
    const hi = v.getUint32(e + C.ENTRY_SUM_HI, true) | v.getUint32(e + C.ENTRY_SUM_HI + 4, true);
    const loHigh = v.getUint32(e + C.ENTRY_SUM_LO + 4, true);
    if (hi !== 0 || loHigh >= 0x200000) return -1;
    return loHigh * 2 ** 32 + v.getUint32(e + C.ENTRY_SUM_LO, true);
  }

  /** Entry `e`'s key as stored: the value's bytes (one key field) or u32-length-prefixed values (several). */
  key(e: number): Uint8Array {
    const start = e + C.ENTRY_KEY;
    return this.bytes.subarray(start, start + this.view.getUint32(e + C.ENTRY_KEY_LEN, true));
  }

  /**
   * Writes where entry `e`'s key fields are into `out` (at least 2 × keyCount long): field i's
   * bytes are `bytes[out[2i], out[2i + 1])`.
   */
  fields(e: number, out: Int32Array): void {
    const start = e + C.ENTRY_KEY;
    const len = this.view.getUint32(e + C.ENTRY_KEY_LEN, true);
    if (this.keyCount === 1) {
      out[0] = start;
      out[1] = start + len;
      return;
    }
    // Several key fields are stored length-prefixed (u32 little-endian) one after the other.
    for (let i = 0, k = start; i < this.keyCount; i++) {
      const n = this.view.getUint32(k, true);
      out[2 * i] = k + 4;
      out[2 * i + 1] = k + 4 + n;
      k += 4 + n;
    }
  }
}
