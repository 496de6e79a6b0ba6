import { describe, expect, test } from "bun:test";
import { companyTotals } from "./company-totals.ts";
import { parseDecimal } from "@tally/decimal";

const row = (company: string, source: string, total: string) => ({ company, source, total: parseDecimal(total)! });

describe("companyTotals", () => {
  test("sums the three seed files per company and applies the fee rules", () => {
    const rows = [
      row("C", "billing_report_1.csv", "54.00"),
      row("A", "billing_report_1.csv", "66.00"),
      row("B", "billing_report_1.csv", "28.00"),
      row("A", "billing_report_2.csv", "112.96"),
      row("B", "billing_report_2.csv", "66.08"),
      row("C", "billing_report_2.csv", "85.28"),
      row("A", "billing_report_3.csv", "67.00"),
      row("B", "billing_report_3.csv", "50.00"),
      row("C", "billing_report_3.csv", "31.00"),
    ];
    expect(companyTotals(rows)).toEqual([
      { company: "A", total_cost: "245.96", discounted_cost: "241.04", tech_fee: "12.30" },
      { company: "B", total_cost: "144.08", discounted_cost: "141.20", tech_fee: "7.20" },
      { company: "C", total_cost: "170.28", discounted_cost: "166.87", tech_fee: "8.51" },
    ]);
  });

  test("stays exact past 2^53 cents and rounds half-up once", () => {
    const [big] = companyTotals([row("Z", "a", "90071992547409.93"), row("Z", "b", "0.01")]);
    expect(big?.total_cost).toBe("90071992547409.94");
    // 0.10 × 0.05 = 0.005 → 0.01 (half-up), 0.10 × 0.98 = 0.098 → 0.10
    expect(companyTotals([row("Q", "a", "0.10")])).toEqual([{ company: "Q", total_cost: "0.10", discounted_cost: "0.10", tech_fee: "0.01" }]);
  });

  test("sorts by UTF-8 order and is empty for no rows", () => {
    expect(companyTotals([row("b", "x", "1"), row("B", "x", "1"), row("Ä", "x", "1")]).map((t) => t.company)).toEqual(["B", "b", "Ä"]);
    expect(companyTotals([])).toEqual([]);
  });
});
