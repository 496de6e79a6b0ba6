/**
 * The aggregation contract shared by the WASM kernel and the pure-TypeScript reference.
 * Both implement `Aggregator`; tests require them to agree exactly.
 */
import type { RawGroups } from "./raw-groups.ts";
import type { RenderedRows } from "./rendered-rows.ts";

/** Input record formats the kernel understands. */
export type Format = "csv" | "ndjson" | "log";

/** What to aggregate: which fields form the key and which (optional) field is summed. */
export interface AggregateSpec {
  format: Format;
  /** Key fields: header names (csv), top-level field names (ndjson), 0-based positions (log). */
  keys: readonly (string | number)[];
  /** Field summed as an exact decimal; omit to only count. */
  sum?: string | number;
  /** Fraction digits of the sum in minor units (default 2). Values with more digits are rejected. */
  scale?: number;
  /** log format: unit suffix stripped from the sum field, e.g. "ms"; a value without it is rejected. */
  suffix?: string;
  /** log format: exact number of whitespace-separated fields a line must have. */
  fields?: number;
  /**
   * What a sum value below zero does: "accept" (the default) sums it; "reject" rejects its record
   * with the reason "negative value" (e.g. durations, or costs where credits are not allowed).
   * Zero written with a sign ("-0.00") is not below zero.
   */
  negatives?: "accept" | "reject";
  /**
   * ndjson only: keep each value's JSON type visible. A key comes back as the value's source text —
   * a string with its quotes and escapes as written (`"M"`, `"a\\u00e9"`), a number as written
   * (`30`, `3.0e1`), `true`/`false` — so `"30"` and `30` are different keys and `JSON.parse(key)`
   * gives what JSON.parse gives for the member; a sum must be a JSON number (a string →
   * "invalid decimal"). Default false: string keys are unescaped and numeric strings are summed.
   */
  typed?: boolean;
}

/** One group of the result. `sum` is in minor units at the spec's scale (exact, any size). */
export interface Group {
  key: string[];
  count: number;
  sum?: bigint;
}

/** A record that was not counted, with the 1-based physical line where it starts. */
export interface Rejection {
  line: number;
  reason: string;
}

export interface AggregateResult {
  groups: Group[];
  /** Accepted records. */
  records: number;
  /** Number of rejected records (may exceed `rejections.length` when the list is capped). */
  rejectedCount: number;
  rejections: Rejection[];
  /** Bytes consumed. */
  bytes: number;
  /**
   * True when `groups` are in key order (UTF-8 byte order, as `compareKeys` in @tally/pipeline)
   * instead of first-seen order: asked for with the aggregator option `keyOrder` and done by the
   * kernel when it could (one key field, valid UTF-8 keys, one final table, memory for the sort).
   */
  keyOrdered?: boolean;
  /** The groups as arena bytes, when asked for with the aggregator option `rawGroups` (then `groups` is empty). */
  raw?: RawGroups;
  /**
   * The groups as output rows in key order, when asked for with the option `render` and the kernel
   * could (one key field, sorted, ASCII keys): then `groups` is empty and `rendered.count` is their number.
   */
  rendered?: RenderedRows;
}

/** Streaming aggregator: feed chunks of any size (records may span chunks), then finish once. */
export interface Aggregator {
  push(chunk: Uint8Array): void;
  finish(): AggregateResult;
  /**
   * Gives up an aggregator that will not be finished (the source failed, the message is dropped):
   * a kernel aggregator hands its WebAssembly instance back to the kernel's pool at once. Idempotent,
   * and a no-op after `finish()` or after an error (both hand the instance back themselves); push and
   * finish of a released, unfinished aggregator throw AggregatorStateError. Both built-in aggregators
   * have it; it is optional so other implementations need not.
   */
  release?(): void;
}

/**
 * Optional extension of `Aggregator` for sources that can write bytes themselves (e.g. a file read
 * with `handle.read(view, …)`): they fill `inputSpace()` and report how many bytes they wrote, so
 * the bytes land in the aggregator's input directly instead of being copied from a chunk.
 *
 *   const space = agg.inputSpace();          // a fresh view every time
 *   const n = fill(space);                   // write up to space.length bytes at its start
 *   agg.pushWritten(n);                      // same as agg.push(copy of space.subarray(0, n))
 *
 * The view is valid only until the next call on the aggregator (a kernel call may grow and so detach
 * WebAssembly memory); it is never empty before `finish()`. `pushWritten(n)` needs
 * 0 <= n <= the last view's length. The kernel aggregator implements it (the view is on its WASM
 * input region, or a JS scratch buffer until the CSV header and an optional BOM are read); the
 * reference aggregator does not — use `supportsDirectInput` and fall back to `push`.
 */
export interface DirectInput {
  inputSpace(): Uint8Array;
  pushWritten(n: number): void;
}

/** Whether an aggregator implements `DirectInput`. */
export function supportsDirectInput<A extends Aggregator>(agg: A): agg is A & DirectInput {
  const a = agg as Partial<DirectInput>;
  return typeof a.inputSpace === "function" && typeof a.pushWritten === "function";
}
