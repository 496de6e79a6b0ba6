/**
 * The pure-TypeScript reference implementation of the aggregation contract: the oracle the kernel is
 * tested against, and nothing else (production code uses the kernel, also for small inputs). Written
 * to be obviously right rather than fast, and on its own: from the production side it takes only
 * types, constants (reason codes and their text, limits), errors and spec normalisation — its BOM
 * handling, CSV tokenizer, header reading, field extraction, decimal parsing and grouping are its
 * own, so a bug in the production TypeScript cannot be copied into the oracle that checks it.
 */
import { MAX_COLUMN, MAX_RECORD, REASON_TOO_LONG, REJECT_CAP } from "../constants.ts";
import { AggregatorStateError, HeaderError, SpecError, UnknownColumnError } from "../errors.ts";
import { reasonText } from "../reasons.ts";
import { normalizeSpec, type NormalizedSpec } from "../spec.ts";
import type { AggregateResult, AggregateSpec, Aggregator, Group, Rejection } from "../types.ts";
import { readCsvRecord } from "./csv-text.ts";
import { extractCsv, extractLog, extractNdjson, type Extracted } from "./extract.ts";

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** Creates a streaming reference aggregator for `spec` (throws SpecError for a bad spec). */
export function createReferenceAggregator(spec: AggregateSpec): Aggregator {
  return new ReferenceAggregator(normalizeSpec(spec));
}

/** `a` then `b`, always in a new buffer (callers may reuse the buffers they push). */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

class ReferenceAggregator implements Aggregator {
  /** Bytes received but not yet consumed (whole records are consumed; a partial one waits). */
  private pending: Uint8Array = new Uint8Array(0);
  /** Whether the start of the stream was checked for a BOM. */
  private bomChecked = false;
  /** CSV: columns of the keys then the sum, once the header was read. */
  private positions: number[] | null = null;
  /** Physical line number of the first pending byte. */
  private line = 1;
  private bytes = 0;
  private records = 0;
  /** Groups by JSON.stringify(key), in order of first appearance. */
  private readonly groups = new Map<string, Group>();
  private readonly rejections: Rejection[] = [];
  private rejectedCount = 0;
  private result: AggregateResult | null = null;
  private released = false;

  constructor(private readonly spec: NormalizedSpec) {}

  push(chunk: Uint8Array): void {
    if (this.result) throw new AggregatorStateError("push() after finish()");
    if (this.released) throw new AggregatorStateError("aggregator released");
    this.bytes += chunk.length;
    this.pending = joined(this.pending, chunk);
    this.consume(false);
  }

  finish(): AggregateResult {
    if (this.result) return this.result;
    if (this.released) throw new AggregatorStateError("aggregator released");
    this.consume(true);
    this.result = {
      groups: [...this.groups.values()],
      records: this.records,
      rejectedCount: this.rejectedCount,
      rejections: this.rejections,
      bytes: this.bytes,
    };
    return this.result;
  }

  /** Nothing to give back; makes an unfinished aggregator unusable, as the kernel's does. */
  release(): void {
    if (!this.result) this.released = true;
  }

  /** Consumes every complete record in `pending` (at `eof` the rest is the last record). */
  private consume(eof: boolean): void {
    if (!this.bomChecked) {
      const p = this.pending;
      const prefixOfBom = p.length < 3 && p.every((b, i) => b === BOM[i]);
      if (prefixOfBom && !eof) return; // could still become a BOM
      this.bomChecked = true;
      if (p.length >= 3 && p[0] === BOM[0] && p[1] === BOM[1] && p[2] === BOM[2]) this.pending = p.slice(3);
    }
    let p = 0;
    if (this.spec.format === "csv" && this.positions === null) {
      p = this.readHeader(eof);
      if (this.positions === null) {
        this.pending = this.pending.slice(p);
        return;
      }
    }
    while (p < this.pending.length) {
      const next = this.spec.format === "csv" ? this.csvRecord(p, eof) : this.lineRecord(p, eof);
      if (next < 0) break;
      p = next;
    }
    this.pending = this.pending.slice(p);
  }

  /** Skips blank lines and reads the header if it is complete; returns where the data starts. */
  private readHeader(eof: boolean): number {
    let p = 0;
    while (p < this.pending.length) {
      const t = readCsvRecord(this.pending, p, eof);
      if (t.kind === "more") {
        if (this.pending.length - p > MAX_RECORD) throw new HeaderError(`header longer than ${MAX_RECORD} bytes`);
        return p;
      }
      if (t.kind === "blank") {
        this.line++;
        p = t.next;
        continue;
      }
      if (t.byteLength > MAX_RECORD) throw new HeaderError(`header longer than ${MAX_RECORD} bytes`);
      if (t.problem !== 0) throw new HeaderError(`header line ${this.line} has malformed quoting`);
      this.positions = this.columnsOf(t.fields);
      this.line += t.lines;
      return t.next;
    }
    return p;
  }

  /** Columns of the keys then the sum: header names by first occurrence, positions as given. */
  private columnsOf(header: string[]): number[] {
    const refs = this.spec.sum === undefined ? this.spec.keys : [...this.spec.keys, this.spec.sum];
    const missing: string[] = [];
    const columns: number[] = [];
    for (const ref of refs) {
      if (typeof ref === "number") {
        columns.push(ref);
        continue;
      }
      const at = header.indexOf(ref);
      if (at < 0) missing.push(ref);
      columns.push(at);
    }
    if (missing.length > 0) throw new UnknownColumnError(missing, header);
    const keyColumns = columns.slice(0, this.spec.keys.length);
    for (let i = 0; i < keyColumns.length; i++) {
      if (keyColumns.indexOf(keyColumns[i]!) !== i) throw new SpecError("key fields name the same column twice");
    }
    for (const c of columns) if (c > MAX_COLUMN) throw new SpecError(`columns beyond position ${MAX_COLUMN} are not supported`);
    return columns;
  }

  /** Handles the CSV record at p; returns the next position or -1 if incomplete. */
  private csvRecord(p: number, eof: boolean): number {
    const t = readCsvRecord(this.pending, p, eof);
    if (t.kind === "more") return -1;
    if (t.kind === "blank") {
      this.line++;
      return t.next;
    }
    let outcome: Extracted;
    if (t.byteLength > MAX_RECORD) outcome = REASON_TOO_LONG;
    else if (t.problem !== 0) outcome = t.problem;
    else outcome = extractCsv(this.spec, this.positions!, t.fields);
    this.count(outcome);
    this.line += t.lines;
    return t.next;
  }

  /** Handles the NDJSON / log line at p; returns the next position or -1 if incomplete. */
  private lineRecord(p: number, eof: boolean): number {
    const buf = this.pending;
    let lf = buf.indexOf(LF, p);
    if (lf < 0) {
      if (!eof) return -1;
      lf = buf.length;
    }
    const next = Math.min(lf + 1, buf.length);
    const contentEnd = lf > p && buf[lf - 1] === CR ? lf - 1 : lf;
    if (contentEnd === p) {
      this.line++;
      return next;
    }
    let outcome: Extracted;
    if (lf - p > MAX_RECORD) outcome = REASON_TOO_LONG;
    else if (this.spec.format === "ndjson") outcome = extractNdjson(this.spec, decoder.decode(buf.subarray(p, lf)));
    else outcome = extractLog(this.spec, buf.subarray(p, contentEnd));
    this.count(outcome);
    this.line++;
    return next;
  }

  private count(outcome: Extracted): void {
    if (typeof outcome === "number") {
      this.rejectedCount++;
      if (this.rejections.length < REJECT_CAP) this.rejections.push({ line: this.line, reason: reasonText(outcome) });
      return;
    }
    this.records++;
    const id = JSON.stringify(outcome.key);
    const g = this.groups.get(id);
    if (!g) {
      this.groups.set(id, this.spec.sum === undefined ? { key: outcome.key, count: 1 } : { key: outcome.key, count: 1, sum: outcome.units });
    } else {
      g.count++;
      if (g.sum !== undefined) g.sum += outcome.units;
    }
  }
}
