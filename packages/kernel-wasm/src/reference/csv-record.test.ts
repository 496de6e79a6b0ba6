import { describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { keyText } from "../test-support/gen-values.ts";
import { parseCsvRecord } from "./csv-record.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** All records of a complete document with the reference tokenizer. */
function records(text: string): string[][] {
  const buf = encoder.encode(text);
  const out: string[][] = [];
  for (let p = 0; p < buf.length; ) {
    const r = parseCsvRecord(buf, p, true);
    if (r.kind === "incomplete") throw new Error("incomplete at eof");
    if (r.kind === "record") {
      if (r.bad) throw new Error(`bad record ${r.bad}`);
      out.push(r.fields.map((f) => decoder.decode(f)));
    }
    p = r.next;
  }
  return out;
}

describe("reference CSV tokenizer", () => {
  test("agrees with csv-parse on well-formed RFC 4180 documents", () => {
    const cell = fc.tuple(keyText, fc.boolean()).map(([v, q]) => (q || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v));
    const doc = fc.tuple(
      fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
      fc.constantFrom("\n", "\r\n"),
    );
    fc.assert(
      fc.property(doc, ([rows, eol]) => {
        // csv-parse skips empty lines only when asked; a lone empty field row is a blank line to both.
        const text = rows.map((r) => r.join(",")).join(eol) + eol;
        const theirs = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: false }) as string[][];
        expect(records(text)).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  test("strict about stray quotes where RFC 4180 is", () => {
    const buf = encoder.encode('a"b,c\n"x"y,z\n');
    const first = parseCsvRecord(buf, 0, true);
    expect(first.kind === "record" && first.bad).toBeTruthy();
    expect(() => parse('a"b,c\n')).toThrow();
  });
});
