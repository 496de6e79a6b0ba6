import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree, cutsArb } from "./test-support/chunking.ts";
import { csvCaseArb } from "./test-support/gen-csv.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

describe("CSV: kernel (SIMD and scalar) agrees with the reference", () => {
  test("random documents cut at random chunk boundaries", () => {
    fc.assert(
      fc.property(csvCaseArb, cutsArb, fc.boolean(), fc.constantFrom("accept" as const, "reject" as const), (c, cuts, countOnly, negatives) => {
        const bytes = encoder.encode(c.text);
        const spec = { format: "csv" as const, keys: c.keys, ...(countOnly ? {} : { sum: c.sum, negatives }), scale: c.scale };
        agree(reference, kernels, spec, bytes, cuts(bytes.length));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  }, 120_000);
});
