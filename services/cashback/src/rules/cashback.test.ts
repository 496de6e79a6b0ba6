import { describe, expect, test } from "bun:test";
import { formatDecimal, parseDecimal } from "@tally/decimal";
import { cashbackFor } from "./cashback.ts";
import { DEFAULT_RULES, parseRulesText } from "./cashback-rules.ts";

const amount = (text: string) => parseDecimal(text)!;
const cashback = (text: string, merchant: string, rules = DEFAULT_RULES) => {
  const c = cashbackFor(amount(text), merchant, rules);
  return c === null ? null : formatDecimal(c);
};

describe("cashback under the original's rules (issue 11's examples)", () => {
  test("742 @ merch_1 → 111.30; 501 @ merch_3 → 75.15; 503.30 @ merch_1 → 75.50 (75.495 rounded half-up)", () => {
    expect(cashback("742", "merch_1")).toBe("111.30");
    expect(cashback("501", "merch_3")).toBe("75.15");
    expect(cashback("503.30", "merch_1")).toBe("75.50");
  });

  test("500 @ merch_1 and 900 @ merch_2 are not eligible", () => {
    expect(cashback("500", "merch_1")).toBeNull();
    expect(cashback("900", "merch_2")).toBeNull();
  });

  test("the threshold is strict, whatever the scale: 500, 500.00 no; 500.01 yes", () => {
    expect(cashback("500", "merch_3")).toBeNull();
    expect(cashback("500.00", "merch_3")).toBeNull();
    expect(cashback("500.01", "merch_3")).toBe("75.00"); // 75.0015
    expect(cashback("500.03", "merch_3")).toBe("75.00"); // 75.0045
    expect(cashback("500.04", "merch_3")).toBe("75.01"); // 75.006
  });

  test("exact at any size: no float ever rounds a cent away", () => {
    expect(cashback("90071992547409.93", "merch_1")).toBe("13510798882111.49"); // × 0.15 = …11.4895
    expect(cashback("0.10", "merch_1", parseRulesText('{"threshold":"0","eligible_merchants":["merch_1"],"percentage":"15"}'))).toBe("0.02"); // 0.015
  });
});

describe("configured rules", () => {
  const rules = parseRulesText(
    JSON.stringify({
      threshold: "100",
      eligible_merchants: ["merch_1", "merch_3", "merch_7"],
      percentage: "15",
      merchant_percentages: { merch_7: "2.5" },
      cap_per_transaction: "50",
    }),
  );

  test("a per-merchant percentage overrides the default one", () => {
    expect(cashback("200", "merch_7", rules)).toBe("5.00");
    expect(cashback("333.33", "merch_7", rules)).toBe("8.33"); // 8.33325
    expect(cashback("200", "merch_1", rules)).toBe("30.00");
  });

  test("the per-transaction cap limits the rounded cashback, and only above it", () => {
    expect(cashback("333.33", "merch_1", rules)).toBe("50.00"); // 49.9995 → 50.00, at the cap
    expect(cashback("333.40", "merch_1", rules)).toBe("50.00"); // 50.01 → capped
    expect(cashback("10000", "merch_3", rules)).toBe("50.00");
    expect(cashback("300", "merch_3", rules)).toBe("45.00");
  });
});
