/**
 * The oracle's CSV tokenizer, written independently of the production one (src/csv-record.ts, a
 * byte cursor): the input is cut into physical lines at LF bytes — the only byte-level step; LF is
 * ASCII, which a UTF-8 decoder never merges into a neighbouring sequence, so decoding line by line
 * equals decoding the whole text — and a character-at-a-time state machine reads each record from
 * the decoded lines.
 *
 * RFC 4180 as the contract states it: a field is quoted only when it starts with '"'; inside, '""'
 * is a quote and ',' and line breaks are text. A quote inside an unquoted field, or anything but ','
 * or the end of the record after a closing quote, is a malformed quoted field (the rest of that
 * field is then skipped to the next ','); a quote still open at the end of input is an unterminated
 * quoted field. One CR right before the record's LF (or before the end of input) ends the record and
 * is not part of the last field. A line that is empty or a lone CR is blank.
 */
import { REASON_BAD_QUOTE, REASON_UNTERMINATED_QUOTE } from "../constants.ts";

const LF = 0x0a;
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export type CsvToken =
  /** The record is not complete in the bytes given (and more may follow). */
  | { kind: "more" }
  /** A blank line; `next` is the byte index after it. */
  | { kind: "blank"; next: number }
  | {
      kind: "record";
      /** Byte index after the record's LF (or the end of input). */
      next: number;
      /** Bytes from the record's start to its LF (exclusive) or the end of input. */
      byteLength: number;
      /** Physical lines the record occupies (1 + LFs inside quoted fields). */
      lines: number;
      /** Field texts with quoting removed (meaningless when `problem` is set). */
      fields: string[];
      /** Reason code of the first quoting problem, or 0. */
      problem: number;
    };

type State =
  | "field-start" // before the first character of a field
  | "unquoted" // inside an unquoted field
  | "quoted" // inside a quoted field
  | "quote-in-quoted" // just saw a quote inside a quoted field: a doubled quote or the closing one
  | "skip-bad"; // after a quoting problem: ignore the rest of the field

/** Reads the CSV record starting at byte `start` of `buf`; `eof`: no more bytes will follow. */
export function readCsvRecord(buf: Uint8Array, start: number, eof: boolean): CsvToken {
  const fields: string[] = [];
  let field = "";
  let state: State = "field-start";
  let problem = 0;
  let lines = 0;
  let at = start;
  for (;;) {
    const lf = buf.indexOf(LF, at);
    if (lf < 0 && !eof) return { kind: "more" };
    const lineEnd = lf < 0 ? buf.length : lf;
    const text = decoder.decode(buf.subarray(at, lineEnd));
    lines++;
    if (lines === 1 && (text === "" || text === "\r")) return { kind: "blank", next: lf < 0 ? lineEnd : lf + 1 };

    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      // A CR closing the line ends the record unless it is quoted text.
      if (c === "\r" && i === text.length - 1 && state !== "quoted") break;
      switch (state) {
        case "field-start":
          if (c === '"') state = "quoted";
          else if (c === ",") fields.push("");
          else {
            field = c;
            state = "unquoted";
          }
          break;
        case "unquoted":
          if (c === ",") {
            fields.push(field);
            field = "";
            state = "field-start";
          } else {
            if (c === '"' && problem === 0) problem = REASON_BAD_QUOTE;
            field += c;
          }
          break;
        case "quoted":
          if (c === '"') state = "quote-in-quoted";
          else field += c;
          break;
        case "quote-in-quoted":
          if (c === '"') {
            field += '"';
            state = "quoted";
          } else if (c === ",") {
            fields.push(field);
            field = "";
            state = "field-start";
          } else {
            if (problem === 0) problem = REASON_BAD_QUOTE;
            state = "skip-bad";
          }
          break;
        case "skip-bad":
          if (c === ",") {
            fields.push(field);
            field = "";
            state = "field-start";
          }
          break;
      }
    }

    if (state === "quoted" && lf >= 0) {
      // The line break is part of the quoted field; the record goes on with the next line.
      field += "\n";
      at = lf + 1;
      continue;
    }
    if (state === "quoted" && problem === 0) problem = REASON_UNTERMINATED_QUOTE;
    fields.push(field);
    return { kind: "record", next: lf < 0 ? lineEnd : lf + 1, byteLength: lineEnd - start, lines, fields, problem };
  }
}
