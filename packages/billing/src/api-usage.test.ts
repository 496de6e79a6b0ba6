import { describe, expect, test } from "bun:test";
import type { Group } from "@tally/kernel-wasm";
import { billApiUsage, formatBillLine } from "./api-usage.ts";
import { parseRateCard } from "./rate-card.ts";

const rates = parseRateCard("RATE_login=0.005\nRATE_createOrder=0.010\nRATE_getUserProfile=0.002");
const g = (user: string, task: string, sum: bigint, count = 1): Group => ({ key: [user, task], count, sum });

describe("API usage billing", () => {
  test("cost = Σ duration × rate(task), per user, with the original's line format", () => {
    const bills = billApiUsage([g("user1", "login", 1000n, 2), g("user1", "createOrder", 235n), g("user2", "login", 10n)], rates);
    expect(bills.map(formatBillLine)).toEqual(["user1: total_duration=1235ms, total_cost=7.35", "user2: total_duration=10ms, total_cost=0.05"]);
    expect(bills[0]!.requests).toBe(3);
  });

  test("exact 48.055 prints 48.06 (the float original printed 48.05)", () => {
    // 9611 ms × 0.005 = 48.055 exactly; formatting the binary float gives 48.05.
    expect((9611 * 0.005).toFixed(2)).toBe("48.05");
    expect(billApiUsage([g("u", "login", 9611n)], rates)[0]!.totalCost).toBe("48.06");
  });

  test("rounds only at the end: sub-cent parts of different tasks add up", () => {
    // 1 ms × 0.005 + 1 ms × 0.002 + 1 ms × 0.002 = 0.009 → 0.01 (per-task rounding would give 0.01+0.00+0.00 = 0.01, but 3 × 0.003 would drift)
    const bills = billApiUsage([g("u", "login", 1n), g("u", "getUserProfile", 2n)], rates);
    expect(bills[0]!.cost.units).toBe(9n);
    expect(bills[0]!.totalCost).toBe("0.01");
    const tiny = billApiUsage([g("v", "getUserProfile", 1n), g("v", "getUserProfile", 1n), g("v", "getUserProfile", 1n)], rates);
    expect(tiny[0]!.totalCost).toBe("0.01"); // 0.006, not 3 × 0.00
  });

  test("unknown tasks cost 0 but their duration counts", () => {
    expect(billApiUsage([g("u", "refund", 500n), g("u", "login", 200n)], rates).map(formatBillLine)).toEqual(["u: total_duration=700ms, total_cost=1.00"]);
  });

  test("sorts users as strings by UTF-8 bytes", () => {
    const bills = billApiUsage([g("user2", "login", 1n), g("user10", "login", 1n), g("user1", "login", 1n), g("ü", "login", 1n), g("Z", "login", 1n)], rates);
    expect(bills.map((b) => b.user)).toEqual(["Z", "user1", "user10", "user2", "ü"]);
  });

  test("mixed rate scales are brought to a common scale", () => {
    const card = parseRateCard('{"a": "0.1", "b": "0.0001"}');
    const bills = billApiUsage([g("u", "a", 5n), g("u", "b", 5n)], card);
    expect(bills[0]!.cost.units).toBe(5005n);
    expect(bills[0]!.cost.scale).toBe(4);
    expect(bills[0]!.totalCost).toBe("0.50");
  });
});
