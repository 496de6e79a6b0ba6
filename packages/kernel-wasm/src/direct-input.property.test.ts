import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { summarize } from "./conformance/run-conformance.ts";
import { createReferenceAggregator } from "./reference/index.ts";
import { feed } from "./test-support/chunking.ts";
import { csvCaseArb } from "./test-support/gen-csv.ts";
import { logCaseArb } from "./test-support/gen-log.ts";
import { ndjsonCaseArb } from "./test-support/gen-ndjson.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import { PARSE_PIECE, type AggregatorOptions } from "./kernel-aggregator.ts";
import { supportsDirectInput, type AggregateSpec, type Aggregator, type DirectInput } from "./types.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();

/**
 * Writes `bytes` through inputSpace/pushWritten, cycling through `sizes`; each write is capped by the
 * view's length (sizes may exceed the input region) and by what is left.
 */
function feedDirect(agg: Aggregator & DirectInput, bytes: Uint8Array, sizes: readonly number[]): string {
  let off = 0;
  for (let i = 0; off < bytes.length; i++) {
    const space = agg.inputSpace();
    if (space.length === 0) throw new Error("empty input space");
    const n = Math.min(sizes[i % sizes.length]!, space.length, bytes.length - off);
    space.set(bytes.subarray(off, off + n));
    agg.pushWritten(n);
    off += n;
  }
  return summarize(agg.finish());
}

/** 1-byte writes, small ones, and sizes larger than any input region. */
const sizesArb = fc.array(
  fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5000 }), fc.constant(1 << 30)),
  { minLength: 1, maxLength: 8 },
);

/** Batch sizes 1 and default; pieces of 7 bytes make most records span several kernel parses. */
const OPTIONS: AggregatorOptions[] = [{ batchBytes: 1 }, {}, { pieceBytes: 7 }];

/** Direct input (both kernels, each option set) must equal push and the reference exactly. */
function agreeDirect(spec: AggregateSpec, bytes: Uint8Array, sizes: readonly number[]): void {
  const want = feed(createReferenceAggregator(spec), bytes, []);
  for (const k of kernels) {
    for (const options of OPTIONS) {
      const pushed = feed(k.createAggregator(spec, options), bytes, []);
      const agg = k.createAggregator(spec, options);
      if (!supportsDirectInput(agg)) throw new Error("kernel aggregator lacks DirectInput");
      const direct = feedDirect(agg, bytes, sizes);
      const o = JSON.stringify(options);
      if (pushed !== want) throw new Error(`kernel push differs (${o}):\nwant ${want}\ngot  ${pushed}`);
      if (direct !== want) throw new Error(`kernel direct input differs (${o}, sizes ${sizes}):\nwant ${want}\ngot  ${direct}`);
    }
  }
}

const runs = Number(process.env.FC_RUNS ?? 200);

describe("DirectInput (inputSpace/pushWritten) agrees with push", () => {
  test("CSV documents written in random sizes", () => {
    fc.assert(
      fc.property(csvCaseArb, sizesArb, fc.boolean(), (c, sizes, countOnly) => {
        const spec = { format: "csv" as const, keys: c.keys, ...(countOnly ? {} : { sum: c.sum }), scale: c.scale };
        agreeDirect(spec, encoder.encode(c.text), sizes);
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("NDJSON documents written in random sizes", () => {
    fc.assert(
      fc.property(ndjsonCaseArb, sizesArb, (c, sizes) => {
        agreeDirect({ format: "ndjson", keys: ["device_type"], sum: "amount", scale: c.scale }, encoder.encode(c.text), sizes);
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("log lines written in random sizes", () => {
    fc.assert(
      fc.property(logCaseArb, sizesArb, (c, sizes) => {
        agreeDirect({ format: "log", keys: [2, 1], sum: 4, suffix: "ms", scale: c.scale }, encoder.encode(c.text), sizes);
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("a document larger than the input region with more groups than the kernel table holds", () => {
    // ~14 MB, 700k distinct keys: fills the input region (writes capped by the view) and the group
    // table (drains, memory growth between inputSpace calls), with quoted keys and a BOM.
    const rows = ["\uFEFFid,company,cost\n"];
    for (let i = 0; i < 700_000; i++) rows.push(i % 97 === 0 ? `${i},"co ""${i}""",${i % 1000}.${i % 100}\n` : `${i},co${i},${i % 1000}.5\n`);
    const bytes = encoder.encode(rows.join(""));
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost" };
    for (const k of kernels) {
      const pushed = feed(k.createAggregator(spec), bytes, Array.from({ length: Math.floor(bytes.length / 4194304) }, (_, i) => (i + 1) * 4194304));
      for (const sizes of [[1 << 30], [4194304, 1, 777_777]]) {
        const agg = k.createAggregator(spec);
        if (!supportsDirectInput(agg)) throw new Error("kernel aggregator lacks DirectInput");
        expect(feedDirect(agg, bytes, sizes)).toBe(pushed);
      }
    }
  }, 120_000);

  test("pushWritten checks its argument; the reference has no DirectInput", () => {
    const agg = kernels[0]!.createAggregator({ format: "ndjson", keys: ["k"] });
    if (!supportsDirectInput(agg)) throw new Error("kernel aggregator lacks DirectInput");
    expect(() => agg.pushWritten(1)).toThrow(RangeError);
    const space = agg.inputSpace();
    expect(() => agg.pushWritten(space.length + 1)).toThrow(RangeError);
    expect(supportsDirectInput(createReferenceAggregator({ format: "csv", keys: ["a"] }))).toBe(false);
  });

  test("inputSpace offers pieceBytes (default PARSE_PIECE) once past the header and BOM", () => {
    for (const [options, most] of [[{}, PARSE_PIECE], [{ pieceBytes: 1000 }, 1000]] as const) {
      const agg = kernels[0]!.createAggregator({ format: "ndjson", keys: ["k"] }, options);
      if (!supportsDirectInput(agg)) throw new Error("kernel aggregator lacks DirectInput");
      agg.push(encoder.encode('{"k":1}\n')); // settles the BOM check: the view is WASM memory now
      const space = agg.inputSpace();
      expect(space.length).toBe(most);
      space.set(encoder.encode('{"k":2}\n'));
      agg.pushWritten(8);
      expect(agg.inputSpace().length).toBe(most);
      expect(agg.finish().groups.map((g) => g.key)).toEqual([["1"], ["2"]]);
    }
  });
});
