import { describe, expect, test } from "bun:test";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  const opts = { initialMs: 100, maxMs: 1000 };
  test("doubles per attempt up to the cap", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, opts, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  test("jitter stays within the upper half", () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, opts);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});
