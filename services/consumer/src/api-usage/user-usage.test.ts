import { describe, expect, test } from "bun:test";
import { parseDecimal } from "@tally/decimal";
import { userUsage } from "./user-usage.ts";

const row = (user: string, source: string, durationMs: bigint, cost: string, requests = 1n) => ({ user, source, durationMs, requests, cost: parseDecimal(cost)! });

describe("userUsage", () => {
  test("sums exact unrounded costs and rounds half-up once at the end", () => {
    // 0.0025 + 0.0025 = 0.005 → 0.01; rounding each row first would give 0.00.
    const out = userUsage([row("user1", "t/0/1", 500n, "0.0025"), row("user1", "t/0/2", 500n, "0.0025"), row("user10", "t/1/7", 3n, "48.055")]);
    expect(out).toEqual([
      { user: "user1", total_duration_ms: 1000, requests: 2, total_cost: "0.01" },
      { user: "user10", total_duration_ms: 3, requests: 1, total_cost: "48.06" },
    ]);
  });

  test("sorts user ids as strings", () => {
    expect(userUsage([row("user9", "a", 1n, "0"), row("user10", "a", 1n, "0"), row("user1", "a", 1n, "0")]).map((u) => u.user)).toEqual(["user1", "user10", "user9"]);
  });

  test("refuses totals a JSON number cannot hold", () => {
    expect(() => userUsage([row("u", "a", 2n ** 60n, "0")])).toThrow(RangeError);
  });
});
