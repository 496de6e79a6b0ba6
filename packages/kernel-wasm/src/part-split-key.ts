/**
 * Whether a file split in two should aggregate with a key-range exchange (part-exchange.ts), and
 * around which key: from samples of its records (the bytes after the header and after the split
 * point), the median key when nearly every sampled key is new — a table far bigger than the caches,
 * where each part's filling a table of every key and joining them at the end costs most. The key only
 * balances the two threads' work; a poor guess makes no row different.
 */
import { ROUTE_SPLIT_MAX } from "./constants.ts";

/** Fewer sampled records than this say too little about the keys. */
const MIN_SAMPLED = 1000;
/** Share of sampled records whose key appears once in the sample: above it the keys are many (well over 10k). */
const MIN_SINGLETONS = 0.8;
/** After this many records, fewer than EARLY_SINGLETONS of them with a key seen once ends the sampling: few keys. */
const EARLY = 512;
const EARLY_SINGLETONS = 0.95;
/** Bytes read from each sample at most (~1,700 records of the seed's short rows): a caller reads no more. */
export const SPLIT_SAMPLE_BYTES = 32768;

/**
 * The split key for samples of CSV records (each starting at a record start; the last line of each,
 * maybe cut, is not read) keyed by column `keyColumn`, or null when an exchange is not worth it or
 * the samples are not plain: a record with a quote is skipped, a key byte >= 0x80 (which the kernel's
 * row writer leaves to JS) declines. Cheap on few keys (it stops after EARLY records): it runs before
 * every split file's parts start.
 */
export function sampleSplitKey(samples: readonly Uint8Array[], keyColumn: number): Uint8Array | null {
  const counts = new Map<string, number>();
  let records = 0;
  let once = 0;
  for (const whole of samples) {
    const sample = whole.subarray(0, SPLIT_SAMPLE_BYTES);
    // The byte scans are the engine's indexOf: this runs once per split file, before its parts start,
    // as cold JavaScript (a loop per byte took ~4 ms of the 463k-key file's start-up).
    let quote = sample.indexOf(34);
    for (let at = 0; ; ) {
      const lf = sample.indexOf(10, at);
      if (lf < 0) break;
      if (quote >= 0 && quote < at) quote = sample.indexOf(34, at);
      const key = quote >= 0 && quote < lf ? null : keyAt(sample, at, lf, keyColumn);
      at = lf + 1;
      if (key === null) continue;
      if (key === HIGH) return null;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      once += n === 1 ? 1 : n === 2 ? -1 : 0;
      if (++records === EARLY && once < EARLY_SINGLETONS * EARLY) return null;
    }
  }
  if (records < MIN_SAMPLED || once < MIN_SINGLETONS * records) return null;
  const keys: string[] = [];
  for (const [k, n] of counts) for (let i = 0; i < n; i++) keys.push(k);
  // One char per byte: the default order (UTF-16 code units) is byte order, with no comparator to call.
  keys.sort();
  const median = keys[keys.length >> 1]!.slice(0, ROUTE_SPLIT_MAX);
  return Uint8Array.from(median, (c) => c.charCodeAt(0));
}

/** Marks a key with a byte >= 0x80. */
const HIGH = "\u0080";

/**
 * Field `col` of the line [from, lf) (which holds no quote) as a string of its bytes (one char per byte,
 * so string order is byte order), HIGH for a key with a byte >= 0x80, or null for too few fields.
 */
function keyAt(b: Uint8Array, from: number, lf: number, col: number): string | null {
  let start = from;
  for (let f = 0; f < col; f++) {
    const comma = b.indexOf(44, start);
    if (comma < 0 || comma >= lf) return null;
    start = comma + 1;
  }
  let end = b.indexOf(44, start);
  if (end < 0 || end > lf) end = b[lf - 1] === 13 && lf > start ? lf - 1 : lf;
  const bytes = b.subarray(start, end);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return HIGH;
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
