import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AggregatorStateError, HeaderError, KernelLoadError, SpecError, UnknownColumnError } from "./errors.ts";
import { loadKernel } from "./loader.ts";
import { createReferenceAggregator } from "./reference/index.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec } from "./types.ts";

await loadBothKernels(); // builds when missing
const build = join(import.meta.dir, "..", "build");
const simdBytes = readFileSync(join(build, "kernel-simd.wasm"));
const scalarBytes = readFileSync(join(build, "kernel-scalar.wasm"));
const encoder = new TextEncoder();

describe("loadKernel", () => {
  test("picks SIMD from a pair when the runtime validates it, scalar when asked", async () => {
    expect((await loadKernel({ simd: simdBytes, scalar: scalarBytes })).simd).toBe(WebAssembly.validate(simdBytes));
    expect((await loadKernel({ simd: simdBytes, scalar: scalarBytes }, { simd: false })).simd).toBe(false);
    expect((await loadKernel({ scalar: scalarBytes })).simd).toBe(false);
  });

  test("accepts a precompiled WebAssembly.Module", async () => {
    const k = await loadKernel(new WebAssembly.Module(scalarBytes));
    const agg = k.createAggregator({ format: "log", keys: [0] });
    agg.push(encoder.encode("a\nb\na\n"));
    expect(agg.finish().groups).toEqual([{ key: ["a"], count: 2 }, { key: ["b"], count: 1 }]);
  });

  test("rejects garbage and foreign modules with KernelLoadError", async () => {
    expect(loadKernel(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(KernelLoadError);
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(loadKernel(empty)).rejects.toBeInstanceOf(KernelLoadError);
    expect(loadKernel(scalarBytes, { simd: true })).rejects.toBeInstanceOf(KernelLoadError);
  });
});

const kernel = await loadKernel({ simd: simdBytes, scalar: scalarBytes });

describe("errors are thrown for specs and headers, never for records", () => {
  const makers: [string, (s: AggregateSpec) => ReturnType<typeof createReferenceAggregator>][] = [
    ["kernel", (s) => kernel.createAggregator(s)],
    ["reference", createReferenceAggregator],
  ];
  for (const [name, make] of makers) {
    test(`${name}: bad specs`, () => {
      expect(() => make({ format: "csv", keys: ["a"], scale: 19 })).toThrow(SpecError);
      expect(() => make({ format: "ndjson", keys: [1] })).toThrow(SpecError);
      expect(() => make({ format: "log", keys: ["a"] })).toThrow(SpecError);
      expect(() => make({ format: "log", keys: [0, 0] })).toThrow(SpecError);
      expect(() => make({ format: "log", keys: [3], fields: 3 })).toThrow(SpecError);
      expect(() => make({ format: "csv", keys: ["a"], suffix: "ms" })).toThrow(SpecError);
      expect(() => make({ format: "xml" as "csv", keys: [] })).toThrow(SpecError);
    });

    test(`${name}: unknown CSV column is a clear error once the header is complete`, () => {
      const agg = make({ format: "csv", keys: ["company"], sum: "price" });
      agg.push(encoder.encode("service,cost,"));
      let err: unknown;
      try {
        agg.push(encoder.encode("company,,,\nx,1,A\n"));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UnknownColumnError);
      expect((err as UnknownColumnError).columns).toEqual(["price"]);
      expect((err as Error).message).toContain('unknown column "price"');
    });

    test(`${name}: malformed header, push after finish`, () => {
      const bad = make({ format: "csv", keys: ["a"] });
      expect(() => bad.push(encoder.encode('a,"b"x\n'))).toThrow(HeaderError);
      const agg = make({ format: "csv", keys: ["a"] });
      expect(agg.finish().groups).toEqual([]);
      expect(() => agg.push(new Uint8Array(1))).toThrow(AggregatorStateError);
    });

    test(`${name}: header by position, header-only and empty inputs`, () => {
      const pos = make({ format: "csv", keys: [2], sum: 1 });
      pos.push(encoder.encode("\n\nh1,h2,h3\nx,1.5,A\n"));
      expect(pos.finish()).toEqual({ groups: [{ key: ["A"], count: 1, sum: 150n }], records: 1, rejectedCount: 0, rejections: [], bytes: 19 });
      const only = make({ format: "csv", keys: ["h"] });
      only.push(encoder.encode("h"));
      expect(only.finish().records).toBe(0);
    });
  }
});
