import { describe, expect, test } from "bun:test";
import { combineAll } from "../model/combine-fn.ts";
import { count, max, mean, min, sum } from "./combiners.ts";

describe("combiners", () => {
  test("sum is exact on bigint minor units beyond Number precision", () => {
    expect(combineAll(sum, [9007199254740993n, 1n, -2n])).toBe(9007199254740992n);
    expect(combineAll(sum, [])).toBe(0n);
  });

  test("count counts anything", () => {
    expect(combineAll(count, ["a", null, 3])).toBe(3);
  });

  test("mean rounds half away from zero only at the end", () => {
    expect(combineAll(mean, [1n, 2n])).toBe(2n); // 1.5 → 2
    expect(combineAll(mean, [-1n, -2n])).toBe(-2n); // -1.5 → -2
    expect(combineAll(mean, [1n, 1n, 2n])).toBe(1n); // 1.33 → 1
    expect(combineAll(mean, [])).toBeNull();
  });

  test("min and max ignore empty accumulators when merging", () => {
    expect(combineAll(min, [5n, -3n, 7n])).toBe(-3n);
    expect(combineAll(max, [5n, -3n, 7n])).toBe(7n);
    expect(max.mergeAccumulators([null, 4n, null, 9n])).toBe(9n);
    expect(min.extractOutput(min.createAccumulator())).toBeNull();
  });

  test("merging partial accumulators equals one pass over all inputs", () => {
    const inputs = [3n, 8n, -1n, 10n, 5n, 6n, 7n];
    for (const fn of [sum, mean, min, max] as const) {
      const left = inputs.slice(0, 3).reduce((a, x) => (fn.addInput as (a: unknown, x: bigint) => unknown)(a, x), fn.createAccumulator() as unknown);
      const right = inputs.slice(3).reduce((a, x) => (fn.addInput as (a: unknown, x: bigint) => unknown)(a, x), fn.createAccumulator() as unknown);
      const merged = (fn.mergeAccumulators as (a: Iterable<unknown>) => unknown)([left, right]);
      expect((fn.extractOutput as (a: unknown) => unknown)(merged)).toEqual(combineAll(fn as never, inputs));
    }
  });
});
