import { describe, expect, test } from "bun:test";
import { JsonNumberText, MAX_MINOR_UNITS, minorUnits } from "./minor-units.ts";

describe("minorUnits", () => {
  test("doubles from JSON.parse with at most 2 fraction digits are exact cents", () => {
    expect(minorUnits(5000)).toBe(500000);
    expect(minorUnits(60000.5)).toBe(6000050);
    expect(minorUnits(80000.9)).toBe(8000090);
    expect(minorUnits(0.07)).toBe(7); // 0.07 × 100 is 7.000000000000001 as a double
    expect(minorUnits(1.15)).toBe(115); // 1.15 × 100 is 114.99999999999999
    expect(minorUnits(-0)).toBe(0);
    expect(Object.is(minorUnits(-0), 0)).toBe(true);
    expect(minorUnits(MAX_MINOR_UNITS / 100)).toBe(MAX_MINOR_UNITS);
  });

  test("refusals: more fraction digits, negative, too large, not a number", () => {
    expect(minorUnits(60000.505)).toBe("more than 2 fraction digits");
    expect(minorUnits(0.001)).toBe("more than 2 fraction digits");
    expect(minorUnits(-1)).toBe("negative");
    expect(minorUnits(1e13)).toBe("too large");
    expect(minorUnits("5000")).toBe("not a number");
    expect(minorUnits(true)).toBe("not a number");
    expect(minorUnits({})).toBe("not a number");
  });

  test("source text is read digit by digit: digits a double would lose still count", () => {
    expect(minorUnits(new JsonNumberText("5000.0000000000000001"))).toBe("more than 2 fraction digits");
    expect(minorUnits(new JsonNumberText("5000.100000000000000000"))).toBe(500010);
    expect(minorUnits(new JsonNumberText("1234567890123.45"))).toBe(123456789012345);
    expect(minorUnits(new JsonNumberText("12345678901234.5"))).toBe("too large");
    expect(minorUnits(new JsonNumberText("1e400"))).toBe("too large");
    expect(minorUnits(new JsonNumberText("1e-400"))).toBe("more than 2 fraction digits");
    expect(minorUnits(new JsonNumberText("5.5e3"))).toBe(550000);
    expect(minorUnits(new JsonNumberText("-0.0000000000000000"))).toBe(0);
    expect(minorUnits(new JsonNumberText("-0.0000000000000001"))).toBe("negative");
  });
});

test("the double path agrees with the digit-by-digit path on every number of at most 15 significant digits tried", () => {
  // Random texts with 1–13 integer digits and 0–3 fraction digits (≤ 16 digits, so some hit the limit).
  let seed = 20261201;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("");
  for (let i = 0; i < 50_000; i++) {
    const int = String(BigInt(digits(1 + Math.floor(next() * 13))));
    const fracDigits = Math.floor(next() * 4);
    const text = fracDigits === 0 ? int : `${int}.${digits(fracDigits)}`;
    if (text.replace(".", "").replace(/^0+/, "").length > 15) continue;
    expect([text, minorUnits(JSON.parse(text))]).toEqual([text, minorUnits(new JsonNumberText(text))]);
  }
});
