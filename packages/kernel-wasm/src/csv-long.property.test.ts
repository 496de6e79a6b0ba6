import { describe, test } from "bun:test";
import fc from "fast-check";
import { createReferenceAggregator } from "./reference/index.ts";
import { agree } from "./test-support/chunking.ts";
import { csvCaseArb } from "./test-support/gen-csv.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const reference = { createAggregator: createReferenceAggregator };
const encoder = new TextEncoder();

// The CSV fast path indexes batches of 64 blocks (4 KiB); generated documents are mostly smaller, so
// here their rows are repeated to span many batches (and batch ends inside records, quotes and errors).
describe("CSV: long documents (rows repeated) agree with the reference", () => {
  test("random documents repeated 20-400 times, cut at random chunk boundaries", () => {
    fc.assert(
      fc.property(
        csvCaseArb,
        fc.integer({ min: 20, max: 400 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        fc.boolean(),
        (c, reps, fracs, countOnly) => {
          const nl = c.text.indexOf("\n");
          const head = c.text.slice(0, nl + 1);
          const body = c.text.slice(nl + 1);
          const lastNl = body.lastIndexOf("\n");
          const text = head + body.slice(0, lastNl + 1).repeat(reps) + body.slice(lastNl + 1);
          const bytes = encoder.encode(text);
          const cuts = [...new Set(fracs.map((f) => Math.floor(f * bytes.length)))].filter((x) => x > 0 && x < bytes.length).sort((a, b) => a - b);
          const spec = { format: "csv" as const, keys: c.keys, ...(countOnly ? {} : { sum: c.sum }), scale: c.scale };
          agree(reference, kernels, spec, bytes, cuts);
        },
      ),
      { numRuns: Math.max(10, Math.round(Number(process.env.FC_RUNS ?? 300) / 10)) },
    );
  }, 300_000);
});
