import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { summarize } from "./conformance/run-conformance.ts";
import { MAX_RECORD } from "./constants.ts";
import { findDataStart } from "./data-start.ts";
import type { Kernel } from "./loader.ts";
import { resolveParts } from "./part-plan.ts";
import { normalizeSpec } from "./spec.ts";
import { csvCaseArb } from "./test-support/gen-csv.ts";
import { ndjsonCaseArb } from "./test-support/gen-ndjson.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateResult, AggregateSpec } from "./types.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();

function whole(kernel: Kernel, spec: AggregateSpec, bytes: Uint8Array): AggregateResult {
  const agg = kernel.createAggregator(spec);
  agg.push(bytes);
  return agg.finish();
}

/**
 * The input split at `cuts` (byte offsets anywhere, not only after LFs: a guess may fall inside a
 * record or a quoted field), each part aggregated on its own and the guesses checked by resolveParts.
 */
async function split(kernel: Kernel, spec: AggregateSpec, bytes: Uint8Array, cuts: number[], pieceBytes = 7): Promise<AggregateResult> {
  const found = findDataStart(bytes, normalizeSpec(spec), true);
  if (!found) {
    // Only inputs too short to tell whether they start with a BOM (never split by the CLI).
    expect(bytes.length).toBeLessThan(3);
    return whole(kernel, spec, bytes);
  }
  const start = found;
  const bounds = [start.offset, ...[...new Set(cuts)].filter((c) => c > start.offset && c < bytes.length).sort((a, b) => a - b), Math.max(start.offset, bytes.length)];
  const run = (from: number, to: number, eof: boolean) => {
    const part = kernel.createPart(spec, start.positions, { pieceBytes });
    part.push(bytes.subarray(from, to));
    return Promise.resolve(part.end(eof));
  };
  // Part 0 keeps its table and the others are merged into it, as in the CLI (unless a re-run
  // replaces part 0: an over-long record crossing the first split).
  const part0 = kernel.createPart(spec, start.positions, { pieceBytes });
  part0.push(bytes.subarray(bounds[0]!, bounds[1]!));
  const first = Promise.resolve(part0.end(bounds.length === 2, true));
  const guesses = [first, ...bounds.slice(2).map((to, k) => run(bounds[k + 1]!, to, k + 1 === bounds.length - 2))];
  try {
    const parts = await resolveParts(bounds, guesses, run);
    return kernel.mergeParts(spec, parts, start.line, bytes.length, { first: part0 });
  } finally {
    part0.release();
  }
}

const same = (a: AggregateResult, b: AggregateResult) => {
  expect(summarize(b)).toBe(summarize(a));
  expect(b.records).toBe(a.records);
};

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 });
const runs = Number(process.env.FC_RUNS ?? 300);

describe("a split input aggregates exactly as a whole one (kernel SIMD and scalar)", () => {
  test("CSV with quoted LFs, CRLF, BOM, blank lines and bad records, split anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(csvCaseArb, cutsArb, fc.boolean(), async (c, fracs, afterLf) => {
        const bytes = encoder.encode(c.text);
        const spec: AggregateSpec = { format: "csv", keys: c.keys, sum: c.sum, scale: c.scale };
        // Half the runs cut just after an LF, as the CLI does; the rest anywhere.
        const cuts = fracs.map((f) => {
          const at = Math.floor(f * bytes.length);
          const lf = bytes.indexOf(10, at);
          return afterLf && lf >= 0 ? lf + 1 : at;
        });
        for (const k of kernels) same(whole(k, spec, bytes), await split(k, spec, bytes, cuts));
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("NDJSON split anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(ndjsonCaseArb, cutsArb, async (c, fracs) => {
        const bytes = encoder.encode(c.text);
        const spec: AggregateSpec = { format: "ndjson", keys: ["device_type"], sum: "amount", scale: c.scale };
        for (const k of kernels) same(whole(k, spec, bytes), await split(k, spec, bytes, fracs.map((f) => Math.floor(f * bytes.length))));
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("a split inside an over-long record, and inside a quoted field full of LFs", async () => {
    const long = "x".repeat(MAX_RECORD + 10);
    const quoted = `"${"a\n".repeat(1000)}"`;
    const text = `k,v\nA,1\n${long},2\nB,3\n${quoted},4\nC,5\nA,x\n`;
    const bytes = encoder.encode(text);
    const spec: AggregateSpec = { format: "csv", keys: ["k"], sum: "v" };
    const at = (s: string, d: number) => text.indexOf(s) + d;
    for (const k of kernels) {
      const want = whole(k, spec, bytes);
      expect(want.rejections).toEqual([{ line: 3, reason: "record too long" }, { line: 1007, reason: "invalid decimal" }]);
      for (const cuts of [[at("xxx", 100)], [at("xxx", 100), at("xxx", 200)], [at("a\n", 11), at("a\n", 501)], [at("xxx", 5), at("a\n", 3), at("C,5", 0)]]) {
        same(want, await split(k, spec, bytes, cuts));
      }
    }
  }, 120_000);

  test("more groups than one table holds (700k keys): drained parts merge exactly, in key order too", async () => {
    const rows = Array.from({ length: 700_000 }, (_, i) => `k${(i * 7919) % 700_000},${i % 100}.5\n`).join("");
    const bytes = encoder.encode("k,v\n" + rows + rows.slice(0, 1000));
    const spec: AggregateSpec = { format: "csv", keys: ["k"], sum: "v" };
    const k = kernels[0]!;
    same(whole(k, spec, bytes), await split(k, spec, bytes, [Math.floor(bytes.length / 3), Math.floor((2 * bytes.length) / 3)], 65536));
    const sorted = k.createAggregator(spec, { keyOrder: true });
    sorted.push(bytes);
    const r = sorted.finish();
    expect(r.keyOrdered).toBeUndefined(); // two tables: first-seen order, the caller sorts
    expect(r.groups.length).toBe(700_000);
  }, 120_000);
});
