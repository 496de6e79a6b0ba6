/**
 * The two TypeScript CSV tokenizers — production's byte cursor (csv-record.ts, used for the CSV
 * header) and the oracle's line-decoding state machine (reference/csv-text.ts) — are written
 * independently; here they are checked against each other on arbitrary bytes and against csv-parse
 * on fuzzed text.
 */
import { describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { REASON_BAD_QUOTE, REASON_UNTERMINATED_QUOTE } from "./constants.ts";
import { parseCsvRecord } from "./csv-record.ts";
import { readCsvRecord } from "./reference/csv-text.ts";
import { keyText } from "./test-support/gen-values.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** One tokenizer step in a common shape; fields only when the record has no problem. */
type Step = { next: number; blank: boolean; length: number; lines: number; problem: number; fields: string[] | null };

function production(buf: Uint8Array, p: number, eof: boolean): Step | null {
  const r = parseCsvRecord(buf, p, eof);
  if (r.kind === "incomplete") return null;
  if (r.kind === "blank") return { next: r.next, blank: true, length: 0, lines: 1, problem: 0, fields: null };
  return { next: r.next, blank: false, length: r.length, lines: 1 + r.newlines, problem: r.bad, fields: r.bad ? null : r.fields.map((f) => decoder.decode(f)) };
}

function oracle(buf: Uint8Array, p: number, eof: boolean): Step | null {
  const t = readCsvRecord(buf, p, eof);
  if (t.kind === "more") return null;
  if (t.kind === "blank") return { next: t.next, blank: true, length: 0, lines: 1, problem: 0, fields: null };
  return { next: t.next, blank: false, length: t.byteLength, lines: t.lines, problem: t.problem, fields: t.problem ? null : t.fields };
}

/** Every step from the start until the input is used up or a record is incomplete. */
function walk(tokenize: typeof production, buf: Uint8Array, eof: boolean): Step[] {
  const out: Step[] = [];
  for (let p = 0; p < buf.length; ) {
    const s = tokenize(buf, p, eof);
    if (s === null) break;
    out.push(s);
    p = s.next;
  }
  return out;
}

/** Records of a whole document as csv-parse reports them: fields, or "bad" when any record has a problem. */
function records(tokenize: typeof production, text: string): string[][] | "bad" {
  const steps = walk(tokenize, encoder.encode(text), true);
  if (steps.some((s) => s.problem !== 0)) return "bad";
  return steps.filter((s) => !s.blank).map((s) => s.fields!);
}

function csvParse(text: string): string[][] | "bad" {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, bom: false, record_delimiter: ["\r\n", "\n"] }) as string[][];
  } catch {
    return "bad";
  }
}

/** Bytes weighted towards CSV structure, with CR, invalid UTF-8 and multi-byte sequences. */
const STRUCTURAL = [..."\",\n\r\"a, \n"].map((c) => c.charCodeAt(0));
const byteSoup = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...STRUCTURAL).map((b) => [b]) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => [b]) },
    { weight: 1, arbitrary: fc.constantFrom([0xc3, 0xa9], [0xe2, 0x82], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbb, 0xbf], [0x80]) },
  ),
  { maxLength: 120 },
).map((parts) => Uint8Array.from(parts.flat()));

/** Text made of CSV structure and values, well-formed or not. */
const textSoup = fc
  .array(fc.oneof(fc.constantFrom('"', '""', ",", "\n", "\r\n", "\r", "a", "b c", " "), keyText), { maxLength: 40 })
  .map((parts) => parts.join(""));

describe("CSV tokenizers: production (byte cursor) and oracle (decoded lines)", () => {
  test("agree on arbitrary bytes, at end of input and on every prefix of a stream", () => {
    fc.assert(
      fc.property(byteSoup, fc.nat(), (buf, cutSeed) => {
        const whole = walk(production, buf, true);
        expect(walk(oracle, buf, true)).toEqual(whole);
        // Mid-stream: both stop at the same incomplete record, and what they did read is final.
        const cut = buf.length === 0 ? 0 : cutSeed % (buf.length + 1);
        const partial = walk(production, buf.subarray(0, cut), false);
        expect(walk(oracle, buf.subarray(0, cut), false)).toEqual(partial);
        expect(whole.slice(0, partial.length)).toEqual(partial);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 3000) },
    );
  });

  test("both agree with csv-parse on fuzzed text (well-formed or not)", () => {
    fc.assert(
      fc.property(textSoup, (text) => {
        // csv-parse keeps a CR at the very end of input; the contract drops it (as before an LF).
        fc.pre(!text.endsWith("\r"));
        // csv-parse 7 accepts a NUL right after a closing quote (`""\0` parses as one field "\0"),
        // which RFC 4180 does not allow and both of ours refuse; any other character there it refuses too.
        fc.pre(!text.includes('"\u0000'));
        const theirs = csvParse(text);
        expect(records(production, text)).toEqual(theirs);
        expect(records(oracle, text)).toEqual(theirs);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 3000) },
    );
  });

  test("both agree with csv-parse on well-formed RFC 4180 documents", () => {
    const cell = fc.tuple(keyText, fc.boolean()).map(([v, q]) => (q || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v));
    const doc = fc.tuple(
      fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
      fc.constantFrom("\n", "\r\n"),
    );
    fc.assert(
      fc.property(doc, ([rows, eol]) => {
        const text = rows.map((r) => r.join(",")).join(eol) + eol;
        const theirs = csvParse(text);
        expect(theirs).not.toBe("bad");
        expect(records(production, text)).toEqual(theirs);
        expect(records(oracle, text)).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  test("examples: quoting problems, CR handling, blank lines", () => {
    const cases: [string, Partial<Step>[]][] = [
      ['a"b,c\n', [{ problem: REASON_BAD_QUOTE, lines: 1, next: 6 }]],
      ['"x"y,z\n"ok",1\n', [{ problem: REASON_BAD_QUOTE, next: 7 }, { fields: ["ok", "1"] }]],
      ['"a\r\nb""c",d\r\n', [{ fields: ['a\r\nb"c', "d"], lines: 2, length: 12, next: 13 }]],
      ["\n\r\n\r", [{ blank: true }, { blank: true }, { blank: true }]],
      ["a\rb,\r\r\n", [{ fields: ["a\rb", "\r"] }]],
      ['"open\n,x', [{ problem: REASON_UNTERMINATED_QUOTE, lines: 2, next: 8 }]],
      ['"a"\r', [{ fields: ["a"], length: 4 }]],
    ];
    for (const [text, want] of cases) {
      for (const tokenize of [production, oracle]) {
        const got = walk(tokenize, encoder.encode(text), true);
        expect(got.length).toBe(want.length);
        want.forEach((w, i) => expect(got[i]).toMatchObject(w));
      }
    }
    expect(csvParse('a"b,c\n')).toBe("bad");
  });
});
