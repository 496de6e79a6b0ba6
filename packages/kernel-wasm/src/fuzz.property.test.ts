import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree, cutsArb } from "./test-support/chunking.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec } from "./types.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

/** Byte soup weighted towards structural bytes, with invalid UTF-8 and control bytes in the mix. */
const STRUCTURAL = [..."\",\n\r {}[]:\\u0123456789.-+eEtrufalsn\t"].map((c) => c.charCodeAt(0));
const soup = fc.array(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STRUCTURAL) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
  { maxLength: 300 },
);

function check(prefix: string, spec: AggregateSpec) {
  fc.assert(
    fc.property(soup, cutsArb, (bytes, cuts) => {
      const head = encoder.encode(prefix);
      const all = new Uint8Array(head.length + bytes.length);
      all.set(head);
      all.set(bytes, head.length);
      agree(reference, kernels, spec, all, cuts(all.length));
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 200) },
  );
}

describe("arbitrary bytes: never a trap, kernel agrees with the reference", () => {
  test("CSV after a valid header", () => check("k,v\n", { format: "csv", keys: ["k"], sum: "v" }), 120_000);
  test("NDJSON", () => check('{"k":"a","v":1}\n', { format: "ndjson", keys: ["k"], sum: "v" }), 120_000);
  test("NDJSON, typed", () => check('{"k":"a","v":1}\n', { format: "ndjson", keys: ["k", "v"], sum: "v", typed: true }), 120_000);
  test("log lines", () => check("a 1ms\n", { format: "log", keys: [0], sum: 1, suffix: "ms" }), 120_000);
});
