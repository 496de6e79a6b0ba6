import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree, cutsArb } from "./test-support/chunking.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

/**
 * Quoted fields longer than a 64-byte block, so that whole blocks lie inside one with no quote of their
 * own (the index then carries the in-quote state across them: csv-indexed.ts skips quote-free blocks'
 * quote work while quotes are rare), holding commas, LFs and doubled quotes, among short plain records.
 */
const longQuoted = (doubled: boolean) =>
  fc
    .array(fc.constantFrom("a", "b", " ", ",", ",", "\n", "0", "x", ...(doubled ? ['""'] : [])), { minLength: 60, maxLength: 400 })
    .map((parts) => `"${parts.join("")}"`);
const plain = fc.tuple(fc.nat(30), fc.nat(9_999)).map(([k, c]) => `plain note,k${k},${c}`);
const quoted = (doubled: boolean) => fc.tuple(longQuoted(doubled), fc.nat(30), fc.nat(9_999)).map(([q, k, c]) => `${q},k${k},${c}.${c % 100}`);
// Few quoted fields (most blocks quote-free: the skipping mode) or many (every block's quote work).
const rows = fc.oneof(
  fc.array(fc.oneof({ arbitrary: quoted(false), weight: 1 }, { arbitrary: plain, weight: 60 }), { minLength: 300, maxLength: 1_500 }),
  fc.array(fc.oneof({ arbitrary: quoted(true), weight: 1 }, { arbitrary: plain, weight: 3 }), { minLength: 20, maxLength: 300 }),
);

describe("CSV: quoted fields spanning whole blocks", () => {
  test("kernels agree with the reference, key and sum after the long field, at random chunk boundaries", () => {
    fc.assert(
      fc.property(rows, cutsArb, (lines, cuts) => {
        const bytes = encoder.encode(`note,company,cost\n${lines.join("\n")}\n`);
        agree(reference, kernels, { format: "csv", keys: ["company"], sum: "cost", scale: 2 }, bytes, cuts(bytes.length));
      }),
      // A failure is reported as found: shrinking documents of hundreds of rows takes minutes.
      { numRuns: Number(process.env.FC_RUNS ?? 150), endOnFailure: true },
    );
  }, 120_000);
});
