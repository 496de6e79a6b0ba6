import { describe, expect, test } from "bun:test";
import { classifyClaim } from "./claim.ts";
import type { PaidPayment } from "./paid-payment.ts";

const stored: PaidPayment = {
  transactionId: "trans_1",
  customerId: "cust_3",
  merchantId: "merch_1",
  productId: "prod_5",
  amount: { units: 74200n, scale: 2 },
  cashback: { units: 11130n, scale: 2 },
  timeMs: Date.UTC(2025, 1, 8, 13),
  source: { topic: "payments", partition: 1, offset: "41" },
};

describe("classifyClaim", () => {
  test("no stored row: this record paid it", () => {
    expect(classifyClaim(stored, null)).toBe("paid");
  });

  test("the same record again (a redelivery): not paid again, published again", () => {
    expect(classifyClaim({ ...stored }, stored)).toBe("redelivered");
  });

  test("another record with the same contents: a duplicate, not paid, not published", () => {
    expect(classifyClaim({ ...stored, source: { ...stored.source, offset: "42" } }, stored)).toBe("duplicate");
    expect(classifyClaim({ ...stored, source: { ...stored.source, partition: 2 } }, stored)).toBe("duplicate");
    // Amounts compare by value; the cashback (from rules that may have changed) is not compared.
    expect(classifyClaim({ ...stored, amount: { units: 742n, scale: 0 }, cashback: { units: 0n, scale: 2 }, source: { ...stored.source, offset: "9" } }, stored)).toBe("duplicate");
  });

  test("the same id with different contents: a conflict, never a second payment", () => {
    for (const change of [
      { customerId: "cust_4" },
      { merchantId: "merch_3" },
      { productId: null },
      { amount: { units: 74201n, scale: 2 } },
      { timeMs: stored.timeMs + 1 },
    ]) {
      expect(classifyClaim({ ...stored, ...change }, stored)).toBe("conflict");
      expect(classifyClaim({ ...stored, ...change, source: { ...stored.source, offset: "99" } }, stored)).toBe("conflict");
    }
  });
});
