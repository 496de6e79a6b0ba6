import { describe, expect, test } from "bun:test";
import type { AggregateSpec } from "./types.ts";
import type { RowFormat, RowSink } from "./rendered-rows.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };

/** `keys` distinct companies (key k has k + 1 records), as CSV with a header. */
function csvOf(keys: string[]): Uint8Array {
  const lines = ["service,cost,company"];
  keys.forEach((k, i) => {
    for (let r = 0; r <= i % 3; r++) lines.push(`s,${i}.${r}5,${k}`);
  });
  return encoder.encode(lines.join("\n") + "\n");
}

/** A sink that keeps copies of its pieces, and checks that each view is read during the call only. */
function collecting(format: RowFormat): RowSink & { pieces: Uint8Array[] } {
  const pieces: Uint8Array[] = [];
  return { format, pieces, write: (piece) => void pieces.push(piece.slice()) };
}

describe("render to a RowSink", () => {
  // 150k rows of 55-90 bytes: more than one 4 MiB piece.
  const many = Array.from({ length: 150_000 }, (_, i) => `a-company-with-a-longer-name-${(i * 7919) % 1_000_003}`);

  for (const format of ["jsonl", "csv"] as const) {
    test(`${format}: the pieces, in order, are the bytes the aggregator collects (several pieces)`, () => {
      const csv = csvOf(many);
      for (const kernel of kernels) {
        const collected = kernel.createAggregator(spec, { keyOrder: true, render: format });
        collected.push(csv);
        const want = collected.finish();
        const sink = collecting(format);
        const streamed = kernel.createAggregator(spec, { keyOrder: true, render: sink });
        streamed.push(csv);
        const got = streamed.finish();
        expect(sink.pieces.length).toBeGreaterThan(1);
        const joined = Buffer.concat(sink.pieces);
        expect(joined.length).toBe(want.rendered!.bytes.length);
        expect(joined.equals(Buffer.from(want.rendered!.bytes))).toBe(true);
        expect(got.rendered!.count).toBe(many.length);
        expect(got.rendered!.bytes.length).toBe(0);
        expect(got.groups).toEqual([]);
        expect(got.records).toBe(want.records);
      }
    });
  }

  test("a key with a byte >= 0x80 anywhere: the sink gets nothing and the groups come back", () => {
    // The non-ASCII key sorts last, so a kernel that found it row by row would have written pieces first.
    const csv = csvOf([...many, "zzz-é"]);
    for (const kernel of kernels) {
      const sink = collecting("jsonl");
      const agg = kernel.createAggregator(spec, { keyOrder: true, render: sink });
      agg.push(csv);
      const result = agg.finish();
      expect(sink.pieces).toEqual([]);
      expect(result.rendered).toBeUndefined();
      expect(result.groups.length).toBe(many.length + 1);
      expect(result.groups.at(-1)!.key).toEqual(["zzz-é"]);
    }
  });

  test("parts merged with a sink give the rows one aggregator gives", () => {
    const csv = csvOf(many.slice(0, 5000));
    const text = decoder.decode(csv);
    const cut = text.indexOf("\n", text.length >> 1) + 1;
    const header = text.indexOf("\n") + 1;
    for (const kernel of kernels) {
      const whole = kernel.createAggregator(spec, { keyOrder: true, render: "csv" });
      whole.push(csv);
      const want = whole.finish().rendered!.bytes;
      const positions = [2, 1];
      const parts = [
        [header, cut, false],
        [cut, csv.length, true],
      ].map(([from, to, eof]) => {
        const part = kernel.createPart(spec, positions);
        part.push(csv.subarray(from as number, to as number));
        return part.end(eof as boolean);
      });
      const sink = collecting("csv");
      const merged = kernel.mergeParts(spec, parts, 2, csv.length, { keyOrder: true, render: sink });
      expect(merged.rendered!.count).toBe(5000);
      expect(decoder.decode(Buffer.concat(sink.pieces))).toBe(decoder.decode(want));
    }
  });
});
