/**
 * The rows the kernel writes itself (aggregator option `render`, used by `tally aggregate` for jsonl
 * and csv) are byte for byte the rows renderGroups builds from the same groups: keys that need JSON
 * escapes or csv quoting, empty and long keys, counts, sums of either sign beyond 64 bits, every scale.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import type { AggregateSpec, RowFormat } from "@tally/kernel-wasm";
import { renderGroups } from "./output.ts";

const kernels = [await loadKernelFromDisk({ simd: true }), await loadKernelFromDisk({ simd: false })];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** ASCII keys, weighted towards the bytes that need escaping or quoting. */
const keyArb = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", "Z", "0", " ", '"', ",", "\\", "\t", "\x01", "\x1f", "\x7f", "\r", "\n", "~"), maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
);

/** A CSV cell for `text` as input: quoted (quotes doubled) whenever it holds anything special. */
const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** An amount at `scale`: small, or with 18 digits so sums leave 64 bits. */
const amountArb = (scale: number) =>
  fc.tuple(fc.boolean(), fc.oneof(fc.bigInt({ min: 0n, max: 99_999n }), fc.bigInt({ min: 10n ** 17n, max: 10n ** 18n - 1n }))).map(([neg, units]) => {
    const digits = units.toString().padStart(scale + 1, "0");
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return neg ? `-${text}` : text;
  });

function rowsOf(spec: AggregateSpec, csv: Uint8Array, format: RowFormat, k: (typeof kernels)[number]): { rendered: string | null; built: string } {
  const direct = k.createAggregator(spec, { keyOrder: true, render: format });
  direct.push(csv);
  const a = direct.finish();
  const plain = k.createAggregator(spec, { keyOrder: true });
  plain.push(csv);
  const b = plain.finish();
  expect(b.keyOrdered).toBe(true);
  if (a.rendered) expect(a.groups).toEqual([]);
  return { rendered: a.rendered ? decoder.decode(a.rendered.bytes) : null, built: renderGroups(b.groups, spec, format).rows.join("") };
}

describe("kernel-rendered rows equal renderGroups' rows", () => {
  test("jsonl and csv, with and without a sum, scales 0–18, keys needing escapes and quotes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 18 }),
        fc.boolean(),
        fc.constantFrom<RowFormat>("jsonl", "csv"),
        fc.array(keyArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer(),
        (scale, withSum, format, keys, records, seed) => {
          const amounts = fc.sample(amountArb(scale), { numRuns: records, seed });
          const pick = fc.sample(fc.nat(keys.length - 1), { numRuns: records, seed: seed + 1 });
          const lines = amounts.map((amount, i) => `${cell(keys[pick[i]!]!)},${amount}`);
          const csv = encoder.encode(`key,amount\n${lines.join("\n")}\n`);
          const spec: AggregateSpec = { format: "csv", keys: ["key"], scale, ...(withSum ? { sum: "amount" } : {}) };
          for (const k of kernels) {
            const { rendered, built } = rowsOf(spec, csv, format, k);
            expect(rendered).not.toBeNull();
            expect(rendered).toBe(built);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  }, 120_000);

  test("sums beyond 64 bits of both signs, at scale 0 and 18", () => {
    for (const scale of [0, 18]) {
      const big = scale === 0 ? "999999999999999999" : "0.999999999999999999";
      const lines = [...Array.from({ length: 40 }, () => `up,${big}`), ...Array.from({ length: 40 }, () => `down,-${big}`), "zero,0", "neg,-1"];
      const spec: AggregateSpec = { format: "csv", keys: ["key"], sum: "amount", scale };
      const csv = encoder.encode(`key,amount\n${lines.join("\n")}\n`);
      for (const k of kernels) {
        const { rendered, built } = rowsOf(spec, csv, "jsonl", k);
        expect(rendered).toBe(built);
        if (scale === 0) expect(rendered).toContain('"sum":"39999999999999999960"');
        if (scale === 0) expect(rendered).toContain('"sum":"-39999999999999999960"');
      }
    }
  });

  test("a key with a byte >= 0x80 is left to the decoder: no rows, the groups as usual", () => {
    const spec: AggregateSpec = { format: "csv", keys: ["key"], sum: "amount" };
    const csv = encoder.encode("key,amount\nplain,1.00\nMünchen,2.00\n");
    for (const k of kernels) {
      const a = k.createAggregator(spec, { keyOrder: true, render: "jsonl" });
      a.push(csv);
      const r = a.finish();
      expect(r.rendered).toBeUndefined();
      expect(r.groups.map((g) => g.key[0])).toEqual(["München", "plain"].sort((x, y) => (Buffer.compare(Buffer.from(x), Buffer.from(y)))));
    }
  });
});
