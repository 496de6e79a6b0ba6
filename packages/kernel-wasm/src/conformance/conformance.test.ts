import { describe, expect, test } from "bun:test";
import { createReferenceAggregator } from "../reference/index.ts";
import { loadBothKernels } from "../test-support/kernels.ts";
import { runConformance } from "./run-conformance.ts";

const kernels = await loadBothKernels();

describe("conformance examples", () => {
  test("reference", () => {
    const r = runConformance({ createAggregator: (spec) => createReferenceAggregator(spec) });
    expect(r.failures).toEqual([]);
  });
  for (const k of kernels) {
    test(`kernel (${k.simd ? "simd" : "scalar"})`, () => {
      const r = runConformance(k);
      expect(r.failures).toEqual([]);
    });
  }
});
