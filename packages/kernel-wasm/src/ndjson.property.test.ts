import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree, cutsArb } from "./test-support/chunking.ts";
import { ndjsonCaseArb } from "./test-support/gen-ndjson.ts";
import { logCaseArb } from "./test-support/gen-log.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

describe("NDJSON and log lines: kernel (SIMD and scalar) agrees with the reference", () => {
  test("NDJSON: random lines cut at random chunk boundaries", () => {
    fc.assert(
      fc.property(ndjsonCaseArb, cutsArb, fc.integer({ min: 0, max: 2 }), fc.boolean(), (c, cuts, variant, typed) => {
        const bytes = encoder.encode(c.text);
        const keys = variant === 2 ? ["device_type", "locale"] : ["device_type"];
        const spec = { format: "ndjson" as const, keys, ...(variant === 0 ? {} : { sum: "amount" }), scale: c.scale, ...(typed ? { typed } : {}) };
        agree(reference, kernels, spec, bytes, cuts(bytes.length));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  }, 120_000);

  test("log lines: random lines cut at random chunk boundaries", () => {
    fc.assert(
      fc.property(logCaseArb, cutsArb, fc.boolean(), (c, cuts, exact) => {
        const bytes = encoder.encode(c.text);
        const spec = { format: "log" as const, keys: [2, 1], sum: 4, suffix: "ms", scale: c.scale, ...(exact ? { fields: 5 } : {}) };
        agree(reference, kernels, spec, bytes, cuts(bytes.length));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  }, 120_000);
});
