import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { loadBothKernels } from "./test-support/kernels.ts";
import { trickyText } from "./test-support/gen-values.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();
/** UTF-8 byte order: what the CLI's output order (compareKeys in @tally/pipeline) is. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** Key tails mixing NUL, '-', digits, letters and a 2-byte character, up to 12 of them. */
const tail = fc.string({ unit: fc.constantFrom("a", "b", "0", "9", "\u0000", "-", "é", "z"), maxLength: 12 });

/** Each distinct key once (sum `i % mod`): both builds sort them, groups in UTF-8 byte order. */
function expectSortedByBytes(keys: string[], mod: number): void {
  const lines = keys.map((k, i) => JSON.stringify({ k, v: i % mod }) + "\n").join("");
  for (const kernel of kernels) {
    const sorted = kernel.createAggregator({ format: "ndjson", keys: ["k"], sum: "v", scale: 0 }, { keyOrder: true });
    sorted.push(encoder.encode(lines));
    const got = sorted.finish();
    expect(got.keyOrdered).toBe(true);
    expect(got.groups.map((g) => g.key[0]!)).toEqual([...keys].sort(byBytes));
  }
}

describe("keyOrder: the kernel sorts the groups by key bytes", () => {
  test("same groups as first-seen order, sorted by UTF-8 bytes (prefixes, NUL, non-ASCII, long shared prefixes)", () => {
    const key = fc.oneof(trickyText, fc.constantFrom("", "a", "a\u0000", "ab", "abc", "abcd", "abcde", "é", "😀", "\uff5e", "zzzzzzzzzzzzzzzzzzzz1", "zzzzzzzzzzzzzzzzzzzz0", "zzzzzzzzzzzzzzzzzzzz"));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: -999, max: 999 })), { maxLength: 300 }), (rows) => {
        const lines = rows.map(([k, v]) => JSON.stringify({ k, v }) + "\n").join("");
        for (const kernel of kernels) {
          const plain = kernel.createAggregator({ format: "ndjson", keys: ["k"], sum: "v", scale: 0 });
          plain.push(encoder.encode(lines));
          const want = plain.finish();
          const sorted = kernel.createAggregator({ format: "ndjson", keys: ["k"], sum: "v", scale: 0 }, { keyOrder: true });
          sorted.push(encoder.encode(lines));
          const got = sorted.finish();
          expect(got.keyOrdered).toBe(true); // valid UTF-8 keys, one table
          const ids = (gs: typeof want.groups) => gs.map((g) => JSON.stringify([g.key, g.count, String(g.sum)]));
          expect([...ids(got.groups)].sort()).toEqual([...ids(want.groups)].sort());
          const keys = got.groups.map((g) => g.key[0]!);
          expect(keys).toEqual([...keys].sort(byBytes));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  test("256+ groups (the radix path): sorted by bytes, ties in the first 8 bytes broken by length and the rest", () => {
    // Keys alike in their first 8 bytes (runs the radix leaves to the merge sort), short keys that are
    // prefixes of others (zero padding vs NUL), and plain random ones.
    const stem = fc.constantFrom("", "a", "customer", "customer-", "zzzzzzzz", "é", "\u0000\u0000");
    const key = fc.oneof(fc.tuple(stem, tail).map(([s, t]) => s + t), trickyText);
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 256, maxLength: 2_000 }), (keys) => {
        expectSortedByBytes(keys, 7);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  }, 120_000);

  test("every key sharing one prefix (the sort skips it): sorted by bytes, few groups and radix-many", () => {
    // The prefix may end inside a UTF-8 character, be a whole key (tail ""), or be longer than 8 bytes.
    const prefix = fc.oneof(fc.constantFrom("", "c", "company-", "customer-00000", "é", "\u0000"), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(prefix, fc.uniqueArray(tail, { minLength: 1, maxLength: 600 }), (stem, tails) => {
        expectSortedByBytes(tails.map((t) => stem + t), 5);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 100) },
    );
  }, 120_000);

  test("many groups (100k) come out sorted; several key fields keep first-seen order", () => {
    const n = 100_000;
    const rows = Array.from({ length: n }, (_, i) => `k${(i * 7919) % n},1\n`).join("");
    for (const kernel of kernels) {
      const agg = kernel.createAggregator({ format: "csv", keys: ["k"], sum: "v" }, { keyOrder: true });
      agg.push(encoder.encode("k,v\n" + rows));
      const r = agg.finish();
      expect(r.keyOrdered).toBe(true);
      expect(r.groups.length).toBe(n);
      const keys = r.groups.map((g) => g.key[0]!);
      expect(keys).toEqual([...keys].sort(byBytes));
      const two = kernel.createAggregator({ format: "csv", keys: ["k", "v"] }, { keyOrder: true });
      two.push(encoder.encode("k,v\nb,1\na,1\n"));
      const t = two.finish();
      expect(t.keyOrdered).toBeUndefined();
      expect(t.groups.map((g) => g.key)).toEqual([["b", "1"], ["a", "1"]]);
    }
  });
});
