/**
 * The keys the projecting reader saw at each member position of a record, learned from the records
 * it read (this body's and earlier bodies'). Records of one feed nearly always repeat one key order,
 * so the key at position k is checked with a few 4-byte comparisons against the one seen there before
 * instead of being read byte by byte and looked up — half of the reader's work otherwise.
 *
 * A learned key is the exact bytes from after the opening quote through the colon (`name":`), so a
 * match also proves the key has no escape, ends where it did and is followed by a colon; whatever it
 * was classified as (projected-employee.ts's `fieldOf`) holds again. A miss costs only the comparisons.
 */

/** Member positions remembered (records with more members read the rest byte by byte). */
const SLOTS = 16;
/** Longest learned key, in 4-byte words (32 bytes with the quote and colon). */
const WORDS = 8;

const words = new Int32Array(SLOTS * WORDS);
/** Per slot: words to compare, bytes to skip on a match (0: nothing learned), the last word's mask. */
const wordCount = new Int32Array(SLOTS);
const byteCount = new Int32Array(SLOTS);
const lastMask = new Int32Array(SLOTS);
const fieldCodes = new Int32Array(SLOTS);

/**
 * How many bytes from `from` (just after a key's opening quote) repeat the key learned for `slot`,
 * through its colon — or 0 when they do not. `view` must be readable 32 bytes past `from`.
 */
export function matchKey(view: DataView, from: number, slot: number): number {
  if (slot >= SLOTS) return 0;
  const count = wordCount[slot]!;
  if (count === 0) return 0;
  const base = slot * WORDS;
  const last = count - 1;
  for (let w = 0; w < last; w++) if (view.getInt32(from + 4 * w, true) !== words[base + w]) return 0;
  return (view.getInt32(from + 4 * last, true) & lastMask[slot]!) === words[base + last] ? byteCount[slot]! : 0;
}

/** The field code learned with the key of `slot` (valid after `matchKey` answered non-zero). */
export function learnedField(slot: number): number {
  return fieldCodes[slot]!;
}

/** Remembers the `length` bytes from `from` (a key through its colon) as the key of `slot`. */
export function learnKey(view: DataView, from: number, length: number, slot: number, field: number): void {
  if (slot >= SLOTS || length > 4 * WORDS) return;
  const count = (length + 3) >> 2;
  const rest = length & 3;
  const mask = rest === 0 ? -1 : (1 << (8 * rest)) - 1;
  const base = slot * WORDS;
  for (let w = 0; w < count; w++) words[base + w] = view.getInt32(from + 4 * w, true) & (w === count - 1 ? mask : -1);
  wordCount[slot] = count;
  byteCount[slot] = length;
  lastMask[slot] = mask;
  fieldCodes[slot] = field;
}
