// Output rows straight from the sorted entries (sortGroups' u32 addresses): `tally aggregate`'s jsonl
// and csv lines, with no JS object, string or BigInt per group. The text is what the CLI's renderGroups
// builds from groups (JSON.stringify's escapes, its csv quoting, formatUnits' digits); the JS side
// (src/rendered-rows.ts) holds them equal in a property test.
import { ENTRY_KEY_LEN, ENTRY_COUNT, ENTRY_SUM_LO, ENTRY_SUM_HI, ENTRY_KEY, MAX_PAGES } from "../src/constants";
import { PAGE } from "./layout";
import { highKeys, maxKeyLen } from "./table";

/** Output bytes per call at most (rows are written until the next might not fit), and the least worth a call. */
const PIECE: usize = 4 << 20;
const MIN_PIECE: usize = 64 << 10;
/**
 * A row's bytes besides its key, with margin: the JSON frame, a count, a 128-bit sum with up to 18
 * fraction digits, and the digit scratch 64 bytes past the write position.
 */
const ROW_SLACK: usize = 256;

/** Rows ahead whose entries are loaded early. */
export const AHEAD: i32 = 16;
/** Keeps those loads from being optimized away. */
export let renderSink: u64 = 0;

let outStart: usize = 0;
let outEnd: usize = 0;

/** Where the last renderRows call's bytes start. */
export function renderedStart(): usize {
  return outStart;
}

/** Where they end. */
export function renderedEnd(): usize {
  return outEnd;
}

/** A lowercase hex digit, as JSON.stringify writes \u00XX. */
// @ts-ignore: decorator
@inline function hexDigit(v: u32): u8 {
  return <u8>(v < 10 ? 0x30 + v : 0x57 + v);
}

/** Writes `text` (ASCII, at most 8 bytes, as a little-endian word) and returns the new end. */
// @ts-ignore: decorator
@inline function put(o: usize, word: u64, len: usize): usize {
  store<u64>(o, word);
  return o + len;
}

/** Bytes of `w` (the masked ones) that JSON escapes: below 0x20, '"' or '\\' (high bit set in the result). */
// @ts-ignore: decorator
@inline function escapes(w: u64, mask: u64): u64 {
  const ones: u64 = 0x0101010101010101;
  const high: u64 = 0x8080808080808080;
  // Bytes are ASCII here (render refuses tables with high bytes): each test is exact per byte.
  const control = w + (0x60 * ones); // < 0x20 leaves the high bit clear
  const q = w ^ (0x22 * ones);
  const b = w ^ (0x5c * ones);
  return ((~control & high) | ((q - ones) & ~q & high) | ((b - ones) & ~b & high)) & mask;
}

/** The key as JSON.stringify writes the inside of an ASCII string. */
function jsonKey(o: usize, k: usize, len: usize): usize {
  if (len <= 16) {
    // The usual key: nothing to escape, copied as two words (the row's room has the slack).
    const m0: u64 = len >= 8 ? <u64>-1 : ((<u64>1 << (<u64>len << 3)) - 1);
    const m1: u64 = len <= 8 ? 0 : len >= 16 ? <u64>-1 : ((<u64>1 << (<u64>(len - 8) << 3)) - 1);
    const w0 = load<u64>(k);
    const w1 = load<u64>(k, 8);
    if ((escapes(w0, m0 & 0x8080808080808080) | escapes(w1, m1 & 0x8080808080808080)) == 0) {
      store<u64>(o, w0);
      store<u64>(o, w1, 8);
      return o + len;
    }
  }
  for (let j: usize = 0; j < len; j++) {
    const b = <u32>load<u8>(k + j);
    if (b >= 0x20 && b != 0x22 && b != 0x5c) {
      store<u8>(o++, <u8>b);
      continue;
    }
    store<u8>(o++, 0x5c);
    if (b == 0x22 || b == 0x5c) store<u8>(o++, <u8>b);
    else if (b == 0x08) store<u8>(o++, 0x62); // b
    else if (b == 0x09) store<u8>(o++, 0x74); // t
    else if (b == 0x0a) store<u8>(o++, 0x6e); // n
    else if (b == 0x0c) store<u8>(o++, 0x66); // f
    else if (b == 0x0d) store<u8>(o++, 0x72); // r
    else {
      o = put(o, 0x3030_75, 3); // u00
      store<u8>(o++, hexDigit(b >> 4));
      store<u8>(o++, hexDigit(b & 15));
    }
  }
  return o;
}

// @ts-ignore: decorator
@inline function isSpace(b: u32): bool {
  return b == 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** The key as a csv cell: quoted, quotes doubled, when it holds '"', ',', CR or LF or starts or ends with JS's \s. */
function csvKey(o: usize, k: usize, len: usize): usize {
  let quote = len > 0 && (isSpace(<u32>load<u8>(k)) || isSpace(<u32>load<u8>(k + len - 1)));
  for (let j: usize = 0; j < len && !quote; j++) {
    const b = <u32>load<u8>(k + j);
    quote = b == 0x22 || b == 0x2c || b == 0x0d || b == 0x0a;
  }
  if (!quote) {
    memory.copy(o, k, len);
    return o + len;
  }
  store<u8>(o++, 0x22);
  for (let j: usize = 0; j < len; j++) {
    const b = load<u8>(k + j);
    store<u8>(o++, b);
    if (b == 0x22) store<u8>(o++, 0x22);
  }
  store<u8>(o++, 0x22);
  return o;
}

/**
 * Writes the `n` decimal digits at `tmp` (least significant first) at `o`, with a '.' before the last
 * `scale`, zero-padded so that one integer digit leads; returns the end.
 */
function placeDigits(o: usize, tmp: usize, n: usize, scale: usize): usize {
  while (n <= scale) store<u8>(tmp + n++, 0x30);
  for (let i = n; i > 0; i--) {
    if (i == scale) store<u8>(o++, 0x2e);
    store<u8>(o++, load<u8>(tmp + i - 1));
  }
  return o;
}

/** A u64 as placeDigits writes it; the digits go through a scratch area past the row's room. */
function digits64(o: usize, v: u64, scale: usize): usize {
  const tmp = o + 64;
  let n: usize = 0;
  while (v >= 0x100000000) {
    const q = v / 10;
    store<u8>(tmp + n++, <u8>(0x30 + (v - q * 10)));
    v = q;
  }
  // Below 2^32 (counts, and most sums), x / 10 is (x * 0xCCCCCCCD) >> 35 exactly: a multiply instead of
  // a 64-bit division per digit.
  let w = <u32>v;
  do {
    const q = <u32>((<u64>w * 0xcccccccd) >> 35);
    store<u8>(tmp + n++, <u8>(0x30 + (w - q * 10)));
    w = q;
  } while (w != 0);
  return placeDigits(o, tmp, n, scale);
}

/** A 128-bit magnitude (hi:lo) as placeDigits writes it; the slow path, for sums beyond 64 bits. */
function digits128(o: usize, hi: u64, lo: u64, scale: usize): usize {
  const tmp = o + 64;
  let n: usize = 0;
  let l0 = <u32>(lo & 0xffffffff), l1 = <u32>(lo >> 32), l2 = <u32>(hi & 0xffffffff), l3 = <u32>(hi >> 32);
  do {
    // Long division of four 32-bit limbs by 10, most significant first.
    let r: u64 = 0;
    let t = (r << 32) | <u64>l3; l3 = <u32>(t / 10); r = t % 10;
    t = (r << 32) | <u64>l2; l2 = <u32>(t / 10); r = t % 10;
    t = (r << 32) | <u64>l1; l1 = <u32>(t / 10); r = t % 10;
    t = (r << 32) | <u64>l0; l0 = <u32>(t / 10); r = t % 10;
    store<u8>(tmp + n++, <u8>(0x30 + r));
  } while ((l0 | l1 | l2 | l3) != 0);
  return placeDigits(o, tmp, n, scale);
}

/** An entry's 128-bit two's-complement sum as formatUnits writes it. */
function sumText(o: usize, e: usize, scale: usize): usize {
  const lo = load<u64>(e, ENTRY_SUM_LO);
  const hi = load<i64>(e, ENTRY_SUM_HI);
  const negative = hi < 0;
  if (negative) store<u8>(o++, 0x2d);
  if (hi == (<i64>lo >> 63)) return digits64(o, negative ? <u64>0 - lo : lo, scale);
  // |sum| as (hi:lo): two's complement negation across both words.
  let mlo = lo, mhi = <u64>hi;
  if (negative) {
    mlo = <u64>0 - lo;
    mhi = ~(<u64>hi) + (lo == 0 ? 1 : 0);
  }
  return digits128(o, mhi, mlo, scale);
}

/** Room for output up to `end`, within the memory budget. */
export function room(end: usize): bool {
  const have = <usize>memory.size() * PAGE;
  if (end <= have) return true;
  const pages = <i32>((end - have + PAGE - 1) / PAGE);
  if (memory.size() + pages > MAX_PAGES) return false;
  return memory.grow(pages) >= 0;
}

/** Just past the order array of `n` u32 addresses at `order` (sortGroups'), 8-byte aligned. */
// @ts-ignore: decorator
@inline export function pastOrder(order: usize, n: i32): usize {
  return (order + (<usize>n << 2) + 7) & ~(<usize>7);
}

/**
 * Starts a piece of output at `start` (past the order array, or past what else lies there): returns
 * the limit rows may be written up to, or 0 when the memory budget has no room for a row with a key of
 * `longestKey` bytes. The memory there already serves when it holds a useful piece (a few groups need
 * no growth, and an instance that grew is not pooled again); else it grows for a whole piece.
 */
export function beginRows(start: usize, longestKey: usize): usize {
  outStart = start;
  outEnd = outStart;
  // 6 bytes per key byte at most (\u00XX).
  const longest: usize = longestKey * 6 + ROW_SLACK;
  const least = longest > MIN_PIECE ? longest : MIN_PIECE;
  const have = <usize>memory.size() * PAGE;
  let limit = outStart + PIECE < have ? outStart + PIECE : have;
  if (limit < outStart + least) {
    limit = outStart + (least > PIECE ? least : PIECE);
    if (!room(limit)) return 0;
  }
  return limit;
}

/** Ends the piece at `o` (renderedStart()..renderedEnd()). */
// @ts-ignore: decorator
@inline export function endRows(o: usize): void {
  outEnd = o;
}

/** Whether a row for entry `e` fits below `limit` when written at `o`. */
// @ts-ignore: decorator
@inline export function rowFits(o: usize, e: usize, limit: usize): bool {
  return o + 6 * <usize>load<u32>(e, ENTRY_KEY_LEN) + ROW_SLACK <= limit;
}

/** Writes entry `e`'s row at `o` (`format` 0 jsonl, 1 csv; its sum when `withSum`) and returns the end. */
// @ts-ignore: decorator
@inline export function writeRow(o: usize, e: usize, format: i32, withSum: i32, sc: usize): usize {
  const len = <usize>load<u32>(e, ENTRY_KEY_LEN);
  const k = e + ENTRY_KEY;
  if (format == 0) {
    o = put(o, 0x5b3a2279656b227b, 8); // {"key":[
    store<u8>(o++, 0x22);
    o = jsonKey(o, k, len);
    o = put(o, 0x6e756f63222c5d22, 8); // "],"coun
    o = put(o, 0x3a2274, 3); // t":
  } else {
    o = csvKey(o, k, len);
    store<u8>(o++, 0x2c);
  }
  o = digits64(o, load<u64>(e, ENTRY_COUNT), 0);
  if (withSum != 0) {
    if (format == 0) o = put(o, 0x223a226d7573222c, 8); // ,"sum":"
    else store<u8>(o++, 0x2c);
    o = sumText(o, e, sc);
    if (format == 0) store<u8>(o++, 0x22);
  }
  if (format == 0) store<u8>(o++, 0x7d);
  store<u8>(o++, 0x0a);
  return o;
}

/**
 * Loads the entries of rows [from, to) of `order` (both cache lines of a short entry) in one tight
 * loop: entries sit in the arena in first-seen order, so key order visits them at random, and these
 * misses are then in flight together (one load per row, ahead of that row's work, stalled the CPU's
 * window).
 */
// @ts-ignore: decorator
@inline export function touchRows(order: usize, from: i32, to: i32): void {
  let sink: u64 = 0;
  for (let j = from; j < to; j++) {
    const e = <usize>load<u32>(order + (<usize>j << 2));
    sink ^= load<u64>(e) ^ load<u64>(e, ENTRY_KEY);
  }
  renderSink ^= sink;
}

/**
 * Writes the rows of entries order[from..n) (u32 addresses from sortGroups at `order`) just past the
 * order array, until about PIECE bytes: `format` 0 jsonl, 1 csv; `withSum` 1 to write the sums at
 * `scale`. Returns the index of the first row not written (n when done; the bytes are at
 * renderedStart()..renderedEnd()). The first call (`from` 0) says whether all rows can be written:
 * -1 when a key holds a byte >= 0x80 (JS decodes those), -2 when the memory budget has no room for
 * the longest row; later calls then always succeed.
 */
export function renderRows(order: usize, from: i32, n: i32, format: i32, withSum: i32, scale: i32): i32 {
  return renderRowsAt(order, from, n, format, withSum, scale, pastOrder(order, n));
}

/**
 * renderRows writing its piece from `start` instead (at or past the end of the order array): each
 * piece from where the last ended, the rows lie one after the other in the memory, which another
 * thread can read (the key-range exchange's second part hands its rows over so).
 */
export function renderRowsAt(order: usize, from: i32, n: i32, format: i32, withSum: i32, scale: i32, start: usize): i32 {
  if (from == 0 && highKeys) return -1;
  if (start < pastOrder(order, n)) return -2;
  const limit = beginRows(start, maxKeyLen);
  if (limit == 0) return -2;
  const sc = <usize>scale;
  let o = outStart;
  let i = from;
  for (; i < n; i++) {
    if ((i & (AHEAD - 1)) == 0) touchRows(order, i + AHEAD, i + (AHEAD << 1) < n ? i + (AHEAD << 1) : n);
    const e = <usize>load<u32>(order + (<usize>i << 2));
    // A row that might not fit waits for the next call (the first always fits: limit >= longest).
    if (!rowFits(o, e, limit)) break;
    o = writeRow(o, e, format, withSum, sc);
  }
  endRows(o);
  return i;
}
