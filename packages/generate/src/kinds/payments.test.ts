import { describe, expect, test } from "bun:test";
import { generateRecords } from "../generate.ts";
import { findKind } from "../kinds.ts";
import { DIRTY_SHARE } from "./payments.ts";

const START = 1_738_990_800; // 2025-02-08T05:00:00Z
const records = (count: number, seed = 7) => [...generateRecords(findKind("payments"), { count, seed, start: START })];

describe("payments kind", () => {
  test("seed 004's shape, keyed by transaction_id, written to payments", () => {
    const [first] = records(1);
    expect(findKind("payments").defaultTopic).toBe("payments");
    expect(first!.key).toBe("trans_1");
    const r = JSON.parse(first!.value);
    expect(Object.keys(r)).toEqual(["transaction_id", "customer_id", "timestamp", "product_id", "amount", "merchant_id"]);
    expect(r.transaction_id).toBe("trans_1");
    expect(r.customer_id).toMatch(/^cust_([1-9]|10)$/);
    expect(r.product_id).toMatch(/^prod_([1-9]|10)$/);
    expect(r.merchant_id).toMatch(/^merch_[1-5]$/);
    expect(r.timestamp).toBe("2025-02-08 05:00:00");
    expect(Number.isInteger(r.amount)).toBe(true);
  });

  test("the same seed gives the same records; another seed others", () => {
    expect(records(50, 3)).toEqual(records(50, 3));
    expect(records(50, 4)).not.toEqual(records(50, 3));
  });

  test("about 20 % eligible under the original's rules; about DIRTY_SHARE with one defect", () => {
    const all = records(50_000).map((g) => JSON.parse(g.value) as Record<string, unknown>);
    let dirty = 0;
    let eligible = 0;
    for (const r of all) {
      const clean =
        typeof r.customer_id === "string" && typeof r.timestamp === "string" && r.merchant_id !== "" && typeof r.amount === "number" && Number.isInteger(r.amount) && r.amount >= 1 && r.amount <= 1000;
      if (!clean) {
        dirty++;
        continue;
      }
      if ((r.amount as number) > 500 && (r.merchant_id === "merch_1" || r.merchant_id === "merch_3")) eligible++;
    }
    expect(dirty / all.length).toBeGreaterThan(DIRTY_SHARE * 0.7);
    expect(dirty / all.length).toBeLessThan(DIRTY_SHARE * 1.3);
    expect(eligible / all.length).toBeGreaterThan(0.18);
    expect(eligible / all.length).toBeLessThan(0.22);
  });
});
