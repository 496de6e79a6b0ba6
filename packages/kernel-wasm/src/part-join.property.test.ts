import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { joinParts } from "./part-join.ts";
import type { PartAggregator, PartResult } from "./part-aggregator.ts";
import type { Kernel } from "./loader.ts";
import { normalizeSpec } from "./spec.ts";
import type { RenderTarget, RowFormat } from "./rendered-rows.ts";
import type { AggregateSpec } from "./types.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
const positions = [2, 1];

/** ASCII keys: shared prefixes, lengths around 8 and 16 bytes, and bytes the jsonl and csv rows escape. */
const key = fc.oneof(
  fc.tuple(fc.constantFrom("", "c", "company-", "customer-0000000", "zz"), fc.string({ unit: fc.constantFrom("a", "0", "9", "-", " ", '"', ",", "\\", "\t", "\n", "\u0001"), maxLength: 20 })).map(([s, t]) => s + t),
  fc.constantFrom("a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq"),
);
/** Amounts in cents, some near the i64 range so sums leave 64 bits. */
const cents = fc.oneof(fc.integer({ min: -99_999, max: 99_999 }), fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }));

const cell = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s);
const amount = (c: number | bigint) => {
  const v = BigInt(c);
  const a = v < 0n ? -v : v;
  return `${v < 0n ? "-" : ""}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
};

/** Parts 0 and 1 of `text` cut at `cut` (a row start): part 0 kept, part 1 lent, as in a file's two threads. */
function twoParts(kernel: Kernel, first: Uint8Array, second: Uint8Array): { part0: PartAggregator; part1: PartAggregator; parts: PartResult[] } {
  const part0 = kernel.createPart(spec, positions);
  part0.push(first);
  const r0 = part0.end(false, true);
  const part1 = kernel.createPart(spec, positions);
  part1.push(second);
  const r1 = part1.end(true, "lend");
  return { part0, part1, parts: [r0, r1] };
}

/** Collects what a RowSink is handed. */
function sink(format: RowFormat): RenderTarget & { text(): string } {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  return { format, write: (piece: Uint8Array) => void chunks.push(decoder.decode(piece)), text: () => chunks.join("") };
}

describe("joinParts: two parts' sorted tables walked together", () => {
  test("writes exactly the rows, counts and rejections of merging the parts, in pieces of any size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, cents), { minLength: 1, maxLength: 400 }),
        fc.nat(),
        fc.constantFrom<RowFormat>("jsonl", "csv"),
        fc.integer({ min: 256, max: 4096 }),
        (rows, at, format, room) => {
          const lines = rows.map(([k, c]) => `s,${amount(c)},${cell(k)}\n`);
          // A bad row in each part: counted and listed with its line, in either path.
          const cut = 1 + (at % lines.length);
          const first = encoder.encode(lines.slice(0, cut).join("") + "s,x,bad\n");
          const second = encoder.encode(lines.slice(cut).join("") + "s,1.5\n");
          for (const kernel of kernels) {
            const want = twoParts(kernel, first, second);
            const wantSink = sink(format);
            const merged = kernel.mergeParts(spec, want.parts, 2, first.length + second.length, { keyOrder: true, render: wantSink, first: want.part0 });
            want.part0.release();
            want.part1.release();

            const got = twoParts(kernel, first, second);
            const order = got.part0.sortKept(0);
            const plan = got.part1.planGather(0);
            expect(order).toBeGreaterThan(0);
            expect(plan).not.toBeNull();
            plan!.gather();
            const kept = got.part0.takeKept()!;
            const gotSink = sink(format);
            const joined = joinParts(kept.x, normalizeSpec(spec), got.parts, 2, first.length + second.length, order, plan!.sorted, gotSink, room);
            kept.giveBack(kept.x, true);
            got.part1.release();

            expect(joined).not.toBeNull();
            expect(gotSink.text()).toBe(wantSink.text());
            expect(joined!.rendered!.count).toBe(merged.rendered!.count);
            expect(joined!.records).toBe(merged.records);
            expect(joined!.rejectedCount).toBe(2);
            expect(joined!.rejections).toEqual(merged.rejections);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  }, 120_000);

  test("declines, writing nothing, when a key holds a byte >= 0x80 (its rows then come from the merge)", () => {
    for (const kernel of kernels) {
      const first = encoder.encode("s,1.00,caf\u00e9\ns,2.00,b\n");
      const second = encoder.encode("s,3.00,b\ns,4.00,c\n");
      // Part 1's table with such a key: no sorted entries from it.
      const high = twoParts(kernel, second, first);
      expect(high.part1.planGather(0)).toBeNull();
      high.part0.release();
      high.part1.release();
      // Part 0's: joinParts says null before writing a row.
      const got = twoParts(kernel, first, second);
      const order = got.part0.sortKept(0);
      const plan = got.part1.planGather(0)!;
      plan.gather();
      const kept = got.part0.takeKept()!;
      const out = sink("jsonl");
      expect(joinParts(kept.x, normalizeSpec(spec), got.parts, 2, 1, order, plan.sorted, out)).toBeNull();
      expect(out.text()).toBe("");
      kept.giveBack(kept.x, true);
      got.part1.release();
    }
  });

  test("tables below JOIN_MIN_GROUPS are merged: no sort, no gather", () => {
    for (const kernel of kernels) {
      const { part0, part1 } = twoParts(kernel, encoder.encode("s,1.00,a\n"), encoder.encode("s,1.00,b\n"));
      expect(part0.sortKept()).toBe(0);
      expect(part1.planGather()).toBeNull();
      part0.release();
      part1.release();
    }
  });
});
