/**
 * The pure-TypeScript reference implementation of the aggregation contract: the oracle the kernel is
 * tested against. Written to be obviously right rather than fast.
 */
import { MAX_RECORD, REASON_TOO_LONG, REJECT_CAP } from "../constants.ts";
import { CsvHeaderReader, type CsvHeader } from "../csv-header.ts";
import { AggregatorStateError } from "../errors.ts";
import { GroupMap, RejectionLog } from "../group-map.ts";
import { BomStripper, concat } from "../prelude.ts";
import { reasonText } from "../reasons.ts";
import { normalizeSpec, type NormalizedSpec } from "../spec.ts";
import type { AggregateResult, AggregateSpec, Aggregator } from "../types.ts";
import { parseCsvRecord } from "./csv-record.ts";
import { extractCsv, extractLog, extractNdjson, type Extracted } from "./extract.ts";

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const LF = 10;
const CR = 13;

/** Creates a streaming reference aggregator for `spec` (throws SpecError for a bad spec). */
export function createReferenceAggregator(spec: AggregateSpec): Aggregator {
  return new ReferenceAggregator(normalizeSpec(spec));
}

class ReferenceAggregator implements Aggregator {
  private readonly bom = new BomStripper();
  private readonly header: CsvHeaderReader | null;
  private positions: number[] | null = null;
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;
  private bytes = 0;
  private records = 0;
  private readonly groups: GroupMap;
  private readonly rejections = new RejectionLog(REJECT_CAP);
  private result: AggregateResult | null = null;

  constructor(private readonly spec: NormalizedSpec) {
    this.header = spec.format === "csv" ? new CsvHeaderReader(spec) : null;
    this.groups = new GroupMap(spec.sum !== undefined);
  }

  push(chunk: Uint8Array): void {
    if (this.result) throw new AggregatorStateError("push() after finish()");
    this.bytes += chunk.length;
    this.feed(this.bom.feed(chunk), false);
  }

  finish(): AggregateResult {
    if (this.result) return this.result;
    this.feed(this.bom.finish(), true);
    this.result = {
      groups: this.groups.toArray(),
      records: this.records,
      rejectedCount: this.rejections.count,
      rejections: this.rejections.list,
      bytes: this.bytes,
    };
    return this.result;
  }

  private feed(data: Uint8Array, eof: boolean): void {
    if (this.header && !this.positions) {
      const h: CsvHeader | null = this.header.feed(data, eof);
      if (!h) return;
      this.positions = h.positions;
      this.line = h.nextLine;
      data = h.rest;
    }
    this.pending = concat(this.pending, data);
    let p = 0;
    while (p < this.pending.length) {
      const next = this.spec.format === "csv" ? this.csvRecord(p, eof) : this.lineRecord(p, eof);
      if (next < 0) break;
      p = next;
    }
    this.pending = this.pending.slice(p);
  }

  /** Handles the CSV record at p; returns the next position or -1 if incomplete. */
  private csvRecord(p: number, eof: boolean): number {
    const r = parseCsvRecord(this.pending, p, eof);
    if (r.kind === "incomplete") return -1;
    if (r.kind === "blank") {
      this.line++;
      return r.next;
    }
    const outcome = r.length > MAX_RECORD ? REASON_TOO_LONG : r.bad || extractCsv(this.spec, this.positions!, r.fields);
    this.count(outcome);
    this.line += 1 + r.newlines;
    return r.next;
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
      this.rejections.add(this.line, reasonText(outcome));
      return;
    }
    this.records++;
    this.groups.add(outcome.key, 1, outcome.units);
  }
}
