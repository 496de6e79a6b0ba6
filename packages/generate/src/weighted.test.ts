import { describe, expect, test } from "bun:test";
import { createRng } from "./random.ts";
import { weighted } from "./weighted.ts";

describe("weighted", () => {
  test("picks each value in proportion to its weight", () => {
    const pick = weighted([["a", 1], ["b", 3], ["c", 6]] as const);
    const rng = createRng(1);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 100_000; i++) counts[pick(rng)]!++;
    expect(Math.abs(counts.a! - 10_000)).toBeLessThan(600);
    expect(Math.abs(counts.b! - 30_000)).toBeLessThan(900);
    expect(Math.abs(counts.c! - 60_000)).toBeLessThan(900);
  });

  test("refuses an empty table and non-integer or non-positive weights", () => {
    expect(() => weighted([])).toThrow(RangeError);
    expect(() => weighted([["a", 0]])).toThrow(RangeError);
    expect(() => weighted([["a", 1.5]])).toThrow(RangeError);
  });
});
