/**
 * Where the records of an input start: past an optional BOM and, for CSV, the header (whose names
 * give the spec's column positions). Splitting a file for parallel aggregation needs this before
 * any part runs; the header is read by the same code (BomStripper, CsvHeaderReader) as in
 * KernelAggregator, so the same inputs give the same positions and the same errors.
 */
import { CsvHeaderReader } from "./csv-header.ts";
import { BomStripper } from "./prelude.ts";
import type { NormalizedSpec } from "./spec.ts";

export interface DataStart {
  /** Byte offset of the first record after the BOM and header. */
  offset: number;
  /** Physical line number at `offset`. */
  line: number;
  /** CSV column positions of the keys then the sum (empty for ndjson and log). */
  positions: number[];
}

/**
 * `head`: the input's first bytes (`whole`: they are all of it). Returns null when the header does
 * not end within `head` (the caller then aggregates without splitting). Throws HeaderError or
 * UnknownColumnError as an aggregator would.
 */
export function findDataStart(head: Uint8Array, spec: NormalizedSpec, whole: boolean): DataStart | null {
  const bom = new BomStripper();
  const rest = bom.feed(head);
  if (!bom.settled) return null; // fewer than 3 bytes, all a BOM's: too small to split anyway
  const skipped = head.length - rest.length;
  if (spec.format !== "csv") return { offset: skipped, line: 1, positions: [] };
  const h = new CsvHeaderReader(spec).feed(rest, whole);
  if (!h) return null;
  return { offset: skipped + (rest.length - h.rest.length), line: h.nextLine, positions: h.positions };
}
