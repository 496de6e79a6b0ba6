/**
 * Pooled kernel instances: an aggregator on a reused instance must give exactly what one on a fresh
 * instance gives, whatever the previous aggregator on that instance did (finished, released
 * mid-stream — say while skipping an over-long record or inside a quoted field — or failed in push).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { summarize } from "./conformance/run-conformance.ts";
import { MAX_RECORD } from "./constants.ts";
import { AggregatorStateError, KernelTrapError } from "./errors.ts";
import { KernelAggregator } from "./kernel-aggregator.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { loadKernel, type Kernel } from "./loader.ts";
import { createReferenceAggregator } from "./reference/index.ts";
import { normalizeSpec } from "./spec.ts";
import { csvCaseArb } from "./test-support/gen-csv.ts";
import { logCaseArb } from "./test-support/gen-log.ts";
import { ndjsonCaseArb } from "./test-support/gen-ndjson.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec, Aggregator } from "./types.ts";

await loadBothKernels(); // builds when missing
const build = join(import.meta.dir, "..", "build");
const builds = { simd: readFileSync(join(build, "kernel-simd.wasm")), scalar: readFileSync(join(build, "kernel-scalar.wasm")) };
const encoder = new TextEncoder();

/** One kernel per build that pools a single instance, so the next aggregator surely gets the last one's. */
const pooled: Kernel[] = [await loadKernel(builds, { simd: true, poolSize: 1 }), await loadKernel(builds, { simd: false, poolSize: 1 })];
/** The same builds without a pool: every aggregator gets a fresh instance. */
const fresh: Kernel[] = [await loadKernel(builds, { simd: true, poolSize: 0 }), await loadKernel(builds, { simd: false, poolSize: 0 })];

/** A chunk whose source fails once `subarray` reaches `failAt` (the kernel aggregator slices pushes into pieces). */
class FailingChunk extends Uint8Array {
  static get [Symbol.species]() {
    return Uint8Array;
  }
  failAt = Infinity;
  override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
    if ((begin ?? 0) >= this.failAt) throw new Error("source failed");
    return super.subarray(begin, end) as Uint8Array<ArrayBuffer>;
  }
}

function failingChunk(bytes: Uint8Array, failAt: number): FailingChunk {
  const c = new FailingChunk(bytes.length);
  c.set(bytes);
  c.failAt = failAt;
  return c;
}

function run(agg: Aggregator, bytes: Uint8Array, chunk = 4096): string {
  for (let i = 0; i < bytes.length; i += chunk) agg.push(bytes.subarray(i, i + chunk));
  return summarize(agg.finish());
}

type Ending = "finish" | "release" | "fail";

/** Uses `agg` on `bytes` up to `cut`, then ends it as `ending` says (leaving the instance dirty). */
function dirty(agg: Aggregator, bytes: Uint8Array, cut: number, ending: Ending): void {
  if (cut > 0) agg.push(bytes.subarray(0, cut));
  if (ending === "finish") {
    if (cut < bytes.length) agg.push(bytes.subarray(cut));
    agg.finish();
  } else if (ending === "release") {
    agg.release!();
  } else {
    // Fails in push after at least one 16-byte piece went to the kernel (unless the CSV header
    // swallows the chunk first; then the aggregator is released instead).
    try {
      agg.push(failingChunk(bytes.subarray(cut), 16));
      agg.release!();
    } catch (e) {
      expect((e as Error).message).toBe("source failed");
      expect(() => agg.push(new Uint8Array(1))).toThrow(AggregatorStateError);
    }
  }
}

/** Specs used with the generated cases. */
const caseArb = fc.oneof(
  csvCaseArb.map((c) => ({ text: c.text, spec: { format: "csv", keys: c.keys, sum: c.sum, scale: c.scale } as AggregateSpec })),
  ndjsonCaseArb.map((c) => ({ text: c.text, spec: { format: "ndjson", keys: ["device_type", "locale"], sum: "amount", scale: c.scale } as AggregateSpec })),
  logCaseArb.map((c) => ({ text: c.text, spec: { format: "log", keys: [2, 1], sum: 4, suffix: "ms", scale: c.scale } as AggregateSpec })),
);

describe("a reused kernel instance gives the same result as a fresh one", () => {
  test("after any earlier aggregator: finished, released mid-stream, or failed mid-push (fuzzed)", () => {
    fc.assert(
      fc.property(
        caseArb,
        caseArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom<Ending>("finish", "release", "fail"),
        fc.constantFrom(1, 7, 4096),
        (first, second, cutFrac, ending, chunk) => {
          const a = encoder.encode(first.text);
          const b = encoder.encode(second.text);
          const want = run(createReferenceAggregator(second.spec), b);
          for (let i = 0; i < pooled.length; i++) {
            const k = pooled[i]!;
            // Small batches and pieces: the first aggregator leaves records half-parsed in the kernel.
            dirty(k.createAggregator(first.spec, { batchBytes: 16, pieceBytes: 16 }), a, Math.floor(cutFrac * a.length), ending);
            expect(k.pooledInstances).toBe(1);
            const reused = k.createAggregator(second.spec, { batchBytes: chunk === 1 ? 1 : undefined });
            expect(k.pooledInstances).toBe(0);
            const got = run(reused, b, chunk);
            expect(got).toBe(run(fresh[i]!.createAggregator(second.spec), b, chunk));
            expect(got).toBe(want);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  }, 120_000);

  // The over-long-record skip state (driver.ts `skipping`) was not reset by init(): the next aggregator
  // on the instance dropped its first record.
  test("after one released while skipping an over-long record (log and CSV, also inside quotes)", () => {
    const long = "x".repeat(MAX_RECORD + 10);
    const cases: [AggregateSpec, string, string][] = [
      [{ format: "log", keys: [0], sum: 1 }, `${long} 1`, "a 1\nb 2\na 3\n"],
      [{ format: "csv", keys: ["k"], sum: "v" }, `k,v\n"${long},\n`, "k,v\nA,1\nB,2\n"],
      [{ format: "ndjson", keys: ["k"] }, `{"k":"${long}`, '{"k":"A"}\n'],
    ];
    for (const k of pooled) {
      for (const [spec, before, after] of cases) {
        const first = k.createAggregator(spec, { batchBytes: 1 }); // every byte reaches the kernel
        first.push(encoder.encode(before));
        first.release();
        const got = run(k.createAggregator(spec), encoder.encode(after));
        expect(got).toBe(run(createReferenceAggregator(spec), encoder.encode(after)));
        expect(JSON.parse(got).rejected).toBe(0);
      }
    }
  });

  test("after one that failed in push with groups, a carried tail and rejections in the kernel", () => {
    const spec: AggregateSpec = { format: "csv", keys: ["k"], sum: "v" };
    const before = encoder.encode("k,v\n" + Array.from({ length: 300 }, (_, i) => `key${i % 37},${i}.5\nbad,x\n`).join(""));
    const after = encoder.encode("k,v\nkey1,1\nkey2,2\nkey1,3\n\"open");
    for (const k of pooled) {
      const first = k.createAggregator(spec, { batchBytes: 64, pieceBytes: 64 });
      first.push(before.subarray(0, 100));
      expect(() => first.push(failingChunk(before.subarray(100), 2000))).toThrow("source failed");
      expect(() => first.finish()).toThrow(AggregatorStateError);
      expect(k.pooledInstances).toBe(1);
      const got = run(k.createAggregator(spec), after);
      expect(got).toBe(run(createReferenceAggregator(spec), after));
      expect(got).toBe('{"groups":[["key1",2,"400"],["key2",1,"200"]],"rejections":[[5,"unterminated quoted field"]],"rejected":1,"bytes":30}');
    }
  });
});

describe("pool", () => {
  test("live aggregators never share an instance", () => {
    const spec: AggregateSpec = { format: "log", keys: [0], sum: 1 };
    const kernel = pooled[0]!;
    const aggs = Array.from({ length: 3 }, () => kernel.createAggregator(spec, { batchBytes: 1 }));
    const texts = ["a 1\nb 2\n", "a 10\nc 20\n", "b 100\n"].map((t) => encoder.encode(t.repeat(50)));
    // Interleave the pushes byte by byte: a shared instance would mix the streams.
    for (let i = 0; i < Math.max(...texts.map((t) => t.length)); i++) {
      aggs.forEach((agg, j) => i < texts[j]!.length && agg.push(texts[j]!.subarray(i, i + 1)));
    }
    aggs.forEach((agg, j) => expect(summarize(agg.finish())).toBe(run(createReferenceAggregator(spec), texts[j]!)));
    expect(kernel.pooledInstances).toBe(1); // the pool keeps at most poolSize idle instances
  });

  test("finish, release and errors hand the instance back once; traps drop it", () => {
    const kernel = pooled[1]!;
    const spec: AggregateSpec = { format: "csv", keys: ["k"] };
    const agg = kernel.createAggregator(spec);
    expect(kernel.pooledInstances).toBe(0);
    agg.push(encoder.encode("k\nA\n"));
    const result = agg.finish();
    expect(kernel.pooledInstances).toBe(1);
    agg.release();
    expect(agg.finish()).toBe(result); // still the cached result
    expect(() => agg.push(new Uint8Array(1))).toThrow(AggregatorStateError);
    expect(kernel.pooledInstances).toBe(1);

    const released = kernel.createAggregator(spec);
    released.push(encoder.encode("k\nA"));
    released.release();
    released.release();
    expect(kernel.pooledInstances).toBe(1);
    expect(() => released.push(new Uint8Array(1))).toThrow(AggregatorStateError);
    expect(() => released.finish()).toThrow(AggregatorStateError);
    expect(() => released.inputSpace()).toThrow(AggregatorStateError);

    const badHeader = kernel.createAggregator({ format: "csv", keys: ["nope"] });
    expect(() => badHeader.push(encoder.encode("k\n"))).toThrow("unknown column");
    expect(kernel.pooledInstances).toBe(1);

    // A trap leaves the instance in an unknown state: it must not be reused.
    const x = new WebAssembly.Instance(kernel.module, {}).exports as unknown as KernelExports;
    const trapping = { ...x, push: () => { throw new WebAssembly.RuntimeError("unreachable"); } } as KernelExports;
    const handed: boolean[] = [];
    const trapAgg = new KernelAggregator(trapping, normalizeSpec({ format: "log", keys: [0] }), {}, (_, reusable) => handed.push(reusable));
    expect(() => trapAgg.finish()).not.toThrow(); // nothing pushed: no kernel push call
    expect(handed).toEqual([true]);
    const trapAgg2 = new KernelAggregator(trapping, normalizeSpec({ format: "log", keys: [0] }), { batchBytes: 1 }, (_, reusable) => handed.push(reusable));
    expect(() => trapAgg2.push(encoder.encode("a\n"))).toThrow(KernelTrapError);
    expect(() => trapAgg2.release()).not.toThrow();
    expect(handed).toEqual([true, false]);
  });

  test("an instance whose memory grew is not kept", () => {
    const kernel = pooled[0]!;
    const agg = kernel.createAggregator({ format: "log", keys: [0] }) as KernelAggregator;
    const before = agg.memoryBytes;
    const pad = "k".repeat(100);
    agg.push(encoder.encode(Array.from({ length: 20_000 }, (_, i) => `${pad}${i}\n`).join("")));
    expect(agg.memoryBytes).toBeGreaterThan(before);
    expect(agg.finish().groups.length).toBe(20_000);
    expect(agg.memoryBytes).toBe(0);
    expect(kernel.pooledInstances).toBe(0);
    kernel.createAggregator({ format: "log", keys: [0] }).finish(); // a new instance; back to one idle
    expect(kernel.pooledInstances).toBe(1);
  });
});

describe("reference aggregator release()", () => {
  test("same semantics", () => {
    const agg = createReferenceAggregator({ format: "log", keys: [0] });
    agg.push(encoder.encode("a\n"));
    agg.release!();
    expect(() => agg.push(new Uint8Array(1))).toThrow(AggregatorStateError);
    expect(() => agg.finish()).toThrow(AggregatorStateError);
    const done = createReferenceAggregator({ format: "log", keys: [0] });
    const r = done.finish();
    done.release!();
    expect(done.finish()).toBe(r);
  });
});
