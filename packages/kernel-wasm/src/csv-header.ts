/**
 * Finds the CSV header (the first non-blank record) at the start of a stream and maps the spec's
 * key/sum references to column positions, for the kernel wrapper (the reference reads its header
 * with its own code).
 */
import { MAX_COLUMN, MAX_RECORD } from "./constants.ts";
import { HeaderError, SpecError, UnknownColumnError } from "./errors.ts";
import { concat } from "./prelude.ts";
import { parseCsvRecord } from "./csv-record.ts";
import type { FieldRef, NormalizedSpec } from "./spec.ts";

export interface CsvHeader {
  /** Header names, decoded. */
  names: string[];
  /** Column position of each key, then of the sum (if any). */
  positions: number[];
  /** Physical line number of the first byte after the header. */
  nextLine: number;
  /** Bytes that followed the header in what was fed so far. */
  rest: Uint8Array;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Accumulates the stream's first bytes until the header record is complete. */
export class CsvHeaderReader {
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;

  constructor(private readonly spec: NormalizedSpec) {}

  /** Feeds bytes; returns the header once complete (then stop feeding), else null. */
  feed(chunk: Uint8Array, eof = false): CsvHeader | null {
    this.pending = concat(this.pending, chunk);
    let p = 0;
    for (;;) {
      if (p >= this.pending.length) {
        this.pending = new Uint8Array(0);
        return null;
      }
      const r = parseCsvRecord(this.pending, p, eof);
      if (r.kind === "incomplete") {
        if (this.pending.length - p > MAX_RECORD) throw new HeaderError(`header longer than ${MAX_RECORD} bytes`);
        // A copy, not a view: the caller may reuse the chunk's buffer once push returns.
        this.pending = this.pending.slice(p);
        return null;
      }
      if (r.kind === "blank") {
        this.line++;
        p = r.next;
        continue;
      }
      if (r.length > MAX_RECORD) throw new HeaderError(`header longer than ${MAX_RECORD} bytes`);
      if (r.bad) throw new HeaderError(`header line ${this.line} has malformed quoting`);
      const names = r.fields.map((f) => decoder.decode(f));
      return {
        names,
        positions: resolveColumns(this.spec, names),
        nextLine: this.line + 1 + r.newlines,
        rest: this.pending.subarray(r.next),
      };
    }
  }
}

/** Maps key/sum references to positions: names by first occurrence in the header, numbers as is. */
export function resolveColumns(spec: NormalizedSpec, names: string[]): number[] {
  const refs: FieldRef[] = [...spec.keys, ...(spec.sum === undefined ? [] : [spec.sum])];
  const unknown = refs.filter((r): r is string => typeof r === "string" && !names.includes(r));
  if (unknown.length > 0) throw new UnknownColumnError(unknown, names);
  const positions = refs.map((r) => (typeof r === "number" ? r : names.indexOf(r)));
  const keyPositions = positions.slice(0, spec.keys.length);
  if (new Set(keyPositions).size !== keyPositions.length) throw new SpecError("key fields name the same column twice");
  if (positions.some((p) => p > MAX_COLUMN)) throw new SpecError(`columns beyond position ${MAX_COLUMN} are not supported`);
  return positions;
}
