/** fast-check arbitrary for CSV documents: quoting, CRLF, BOM, blank lines, bad records. */
import fc from "fast-check";
import { decimalText, keyText, trickyText } from "./gen-values.ts";

export interface CsvCase {
  text: string;
  keys: string[];
  sum: string;
  scale: number;
}

function quote(v: string): string {
  return `"${v.replaceAll('"', '""')}"`;
}

/** A field as written: quoted when it must be (or at random), sometimes deliberately broken. */
const field = (value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.integer({ min: 0, max: 80 })).map(([v, r]) => {
    const must = /[",\r\n]/.test(v);
    if (r === 0) return `${v}"x`; // stray quote in an unquoted field (or text after a closing quote)
    if (r === 1) return `${quote(v)}junk`;
    return must || r < 8 ? quote(v) : v;
  });

export const csvCaseArb: fc.Arbitrary<CsvCase> = fc
  .record({
    scale: fc.integer({ min: 0, max: 4 }),
    twoKeys: fc.boolean(),
    extra: fc.integer({ min: 0, max: 3 }),
    order: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    seed: fc.nat(),
  })
  .chain((shape) => {
    const names = ["key1", ...(shape.twoKeys ? ["key,2"] : []), "amount", ...Array.from({ length: shape.extra }, (_, i) => `x${i}`)];
    // A stable shuffle driven by the generated order.
    const cols = names.map((n, i) => ({ n, o: shape.order[i % 6]! * 10 + i })).sort((a, b) => a.o - b.o).map((c) => c.n);
    const cell = (name: string) => (name === "amount" ? field(decimalText(shape.scale)) : name.startsWith("key") ? field(keyText) : field(trickyText));
    const row = fc.tuple(
      fc.tuple(...cols.map(cell)),
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom("\n", "\r\n"),
      fc.integer({ min: 0, max: 12 }),
    ).map(([cells, shapeR, eol, blank]) => {
      let cs = cells as string[];
      if (shapeR === 0) cs = cs.slice(0, Math.max(1, cs.length - 2)); // missing columns
      if (shapeR === 1) cs = [...cs, "extra", ""]; // more columns than the header
      return (blank === 0 ? eol : "") + cs.join(",") + eol;
    });
    return fc.record({
      rows: fc.array(row, { minLength: 2, maxLength: 40, size: "medium" }),
      tail: fc.constantFrom("", "", "", '"never closed,1,A', "a,1", "\r"),
    }).map(({ rows, tail }) => {
      let text = (shape.bom ? "\uFEFF" : "") + cols.map((c) => (c.includes(",") ? quote(c) : c)).join(",") + "\r\n" + rows.join("") + tail;
      if (!shape.finalNewline && text.endsWith("\n")) text = text.slice(0, text.endsWith("\r\n") ? -2 : -1);
      return { text, keys: ["key1", ...(shape.twoKeys ? ["key,2"] : [])], sum: "amount", scale: shape.scale };
    });
  });
