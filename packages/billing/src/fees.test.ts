import { describe, expect, test } from "bun:test";
import { decimal } from "@tally/decimal";
import { BILLING_FILE_SPEC, billingFileSpec, companyFees } from "./fees.ts";

describe("company fees", () => {
  test("seed totals: 66.00 → 64.68 discounted, 3.30 tech fee", () => {
    expect(companyFees(decimal(6600n, 2))).toEqual({ totalCost: "66.00", discountedCost: "64.68", techFee: "3.30" });
  });

  test("rounds half-up from the exact total, once", () => {
    // 112.96 × 0.98 = 110.7008 → 110.70; × 0.05 = 5.648 → 5.65
    expect(companyFees(decimal(11296n, 2))).toEqual({ totalCost: "112.96", discountedCost: "110.70", techFee: "5.65" });
    // 0.10 × 0.05 = 0.005 exactly → 0.01 (a float would give 0.005000000000000001 or 0.00499…)
    expect(companyFees(decimal(10n, 2)).techFee).toBe("0.01");
    // 0.25 × 0.98 = 0.245 → 0.25
    expect(companyFees(decimal(25n, 2)).discountedCost).toBe("0.25");
  });

  test("works at other scales and for totals beyond 2^53", () => {
    expect(companyFees(decimal(1234567n, 4))).toEqual({ totalCost: "123.46", discountedCost: "120.99", techFee: "6.17" });
    expect(companyFees(decimal(90071992547409930n, 2)).totalCost).toBe("900719925474099.30");
    expect(companyFees(decimal(90071992547409930n, 2)).techFee).toBe("45035996273704.97");
  });

  test("negative totals (credits) round away from zero", () => {
    expect(companyFees(decimal(-10n, 2)).techFee).toBe("-0.01");
  });
});

describe("billing-file spec", () => {
  test("negative costs are rejected unless credits are allowed", () => {
    expect(BILLING_FILE_SPEC.negatives).toBe("reject");
    expect(billingFileSpec({ credits: false }).negatives).toBe("reject");
    expect(billingFileSpec({ credits: true })).toEqual({ format: "csv", keys: ["company"], sum: "cost", scale: 2, negatives: "accept" });
  });
});
