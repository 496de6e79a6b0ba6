/**
 * CSV record parsing for production TypeScript (the CSV header before the kernel takes over), byte at
 * a time over a byte cursor (the readable twin of assembly/csv.ts). The reference oracle has its own,
 * independently written tokenizer (src/reference/csv-text.ts); src/csv-record.test.ts checks both
 * against each other and against csv-parse.
 * RFC 4180: a field is quoted only when it starts with '"'; inside, '""' is a quote and commas and
 * newlines are text. A quote inside an unquoted field, or text after a closing quote, makes the record
 * bad; the rest of such a field is read as unquoted text so the record still ends at the next LF.
 * A record's content excludes one CR before its LF (or before the end of input).
 */
import { REASON_BAD_QUOTE, REASON_UNTERMINATED_QUOTE } from "./constants.ts";

const LF = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;

export type CsvParse =
  | { kind: "incomplete" }
  | { kind: "blank"; next: number }
  | {
      kind: "record";
      /** Index just past the record's LF (or the end of input). */
      next: number;
      /** Bytes from the record start to its LF (exclusive) or the end of input. */
      length: number;
      /** LF bytes inside quoted fields. */
      newlines: number;
      /** Field values with quoting removed. */
      fields: Uint8Array[];
      /** First problem found (reason code), or 0. */
      bad: number;
    };

/** Parses the record starting at `p` (< buf.length); `eof` says no more bytes will follow. */
export function parseCsvRecord(buf: Uint8Array, p: number, eof: boolean): CsvParse {
  const n = buf.length;
  const incomplete = { kind: "incomplete" } as const;
  if (buf[p] === LF) return { kind: "blank", next: p + 1 };
  if (buf[p] === CR) {
    if (p + 1 >= n) return eof ? { kind: "blank", next: p + 1 } : incomplete;
    if (buf[p + 1] === LF) return { kind: "blank", next: p + 2 };
  }
  const fields: Uint8Array[] = [];
  let bad = 0;
  let newlines = 0;
  const done = (next: number, lfAt: number) => ({ kind: "record" as const, next, length: lfAt - p, newlines, fields, bad });
  const trimCr = (s: number, e: number) => buf.subarray(s, e > s && buf[e - 1] === CR ? e - 1 : e);
  let i = p;
  for (;;) {
    if (i < n && buf[i] === QUOTE) {
      i++;
      const value: number[] = [];
      for (;;) {
        if (i >= n) {
          if (!eof) return incomplete;
          bad ||= REASON_UNTERMINATED_QUOTE;
          fields.push(Uint8Array.from(value));
          return done(n, n);
        }
        const c = buf[i]!;
        if (c === QUOTE) {
          if (i + 1 >= n && !eof) return incomplete;
          if (i + 1 < n && buf[i + 1] === QUOTE) {
            value.push(QUOTE);
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === LF) newlines++;
        value.push(c);
        i++;
      }
      fields.push(Uint8Array.from(value));
      if (i >= n) return done(n, n);
      if (buf[i] === COMMA) {
        i++;
        continue;
      }
      if (buf[i] === LF) return done(i + 1, i);
      if (buf[i] === CR) {
        if (i + 1 >= n) return eof ? done(n, n) : incomplete;
        if (buf[i + 1] === LF) return done(i + 2, i + 1);
      }
      bad ||= REASON_BAD_QUOTE;
      while (i < n && buf[i] !== COMMA && buf[i] !== LF) i++;
      if (i >= n) return eof ? done(n, n) : incomplete;
      if (buf[i] === COMMA) {
        i++;
        continue;
      }
      return done(i + 1, i);
    }
    const s = i;
    while (i < n && buf[i] !== COMMA && buf[i] !== LF) {
      if (buf[i] === QUOTE) bad ||= REASON_BAD_QUOTE;
      i++;
    }
    if (i >= n) {
      if (!eof) return incomplete;
      fields.push(trimCr(s, n));
      return done(n, n);
    }
    if (buf[i] === COMMA) {
      fields.push(buf.subarray(s, i));
      i++;
      continue;
    }
    fields.push(trimCr(s, i));
    return done(i + 1, i);
  }
}
