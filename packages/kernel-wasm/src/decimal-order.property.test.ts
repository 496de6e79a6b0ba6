import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree, cutsArb } from "./test-support/chunking.ts";
import { decimalText } from "./test-support/gen-values.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

/** Amounts the SIMD build reads first once a run's first 1,024 amounts are mostly of another shape. */
const EXACT = (scale: number) => fc.tuple(fc.nat(99_999), fc.nat(10 ** scale - 1)).map(([i, f]) => (scale === 0 ? `${i}` : `${i}.${String(f).padStart(scale, "0")}`));

/*
 * The SIMD build picks the order of its decimal forms from a run's first 1,024 amounts (decimal.ts):
 * runs long enough to decide, with amounts mostly of the exact-scale shape or mostly of others, at
 * every scale, must total exactly as the reference does, rejections and their lines included.
 */
describe("decimal forms in either order (SIMD build's sampling) agree with the reference", () => {
  test("runs of 1,100–2,500 amounts, mostly exact-scale or mixed, any scale", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1_100, max: 2_500 }),
        fc.integer(),
        cutsArb,
        (scale, mixedPercent, count, seed, cuts) => {
          const exact = fc.sample(EXACT(scale), { numRuns: count, seed });
          const other = fc.sample(decimalText(scale), { numRuns: count, seed: seed + 1 });
          const pick = fc.sample(fc.nat(99), { numRuns: count, seed: seed + 2 });
          const rows = exact.map((e, i) => `k${i % 7},${pick[i]! < mixedPercent ? other[i]! : e}`);
          const bytes = encoder.encode(`key,amount\n${rows.join("\n")}\n`);
          agree(reference, kernels, { format: "csv", keys: ["key"], sum: "amount", scale }, bytes, cuts(bytes.length));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    );
  }, 120_000);
});
