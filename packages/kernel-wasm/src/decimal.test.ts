import { describe, expect, test } from "bun:test";
import { formatMinor, parseDecimal, rescaleHalfUp } from "./decimal.ts";

describe("parseDecimal", () => {
  test("parses integers and fractions into minor units", () => {
    expect(parseDecimal("10.0", 2)).toBe(1000n);
    expect(parseDecimal("-0.05", 2)).toBe(-5n);
    expect(parseDecimal("+7", 2)).toBe(700n);
    expect(parseDecimal("123456789012345678901.25", 2)).toBe(12345678901234567890125n);
  });
  test("rejects malformed text and excess fraction digits instead of rounding", () => {
    for (const bad of ["", "1.", ".5", "1e3", " 1", "1,0", "0x10", "--1", "1.005"]) {
      expect(parseDecimal(bad, 2)).toBeNull();
    }
  });
});

describe("formatMinor", () => {
  test("always prints exactly `scale` fraction digits", () => {
    expect(formatMinor(6600n, 2)).toBe("66.00");
    expect(formatMinor(-5n, 2)).toBe("-0.05");
    expect(formatMinor(42n, 0)).toBe("42");
    expect(formatMinor(2n ** 64n, 2)).toBe("184467440737095516.16");
  });
});

describe("rescaleHalfUp", () => {
  test("rounds half away from zero", () => {
    expect(rescaleHalfUp(48055n, 3, 2)).toBe(4806n);
    expect(rescaleHalfUp(48054n, 3, 2)).toBe(4805n);
    expect(rescaleHalfUp(-48055n, 3, 2)).toBe(-4806n);
    expect(rescaleHalfUp(12n, 2, 4)).toBe(1200n);
  });
});
