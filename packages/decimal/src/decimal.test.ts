import { describe, expect, test } from "bun:test";
import {
  compareDecimals, decimal, decimalFromText, divideHalfUp, formatDecimal, formatUnits, multiply, parseAtScale, parseDecimal,
  parseJsonNumber, rescaleHalfUp, sumDecimals, unitsAt,
} from "./decimal.ts";

const d = (text: string) => parseDecimal(text)!;

describe("parseDecimal", () => {
  test("keeps the text's own scale, exactly", () => {
    expect(d("66.00")).toEqual({ units: 6600n, scale: 2 });
    expect(d("-0.005")).toEqual({ units: -5n, scale: 3 });
    expect(d("+7")).toEqual({ units: 7n, scale: 0 });
    expect(d("90071992547409.93")).toEqual({ units: 9007199254740993n, scale: 2 });
  });
  test("refuses malformed text, signs when unsigned, and excess fraction digits instead of rounding", () => {
    for (const bad of ["", "1.", ".5", "1e3", " 1", "1,0", "0x10", "--1"]) expect(parseDecimal(bad)).toBeNull();
    expect(parseDecimal("-1", { signed: false })).toBeNull();
    expect(parseDecimal("1.005", { maxScale: 2 })).toBeNull();
  });
  test("parseAtScale brings text to a fixed scale", () => {
    expect(parseAtScale("10.0", 2)).toBe(1000n);
    expect(parseAtScale("123456789012345678901.25", 2)).toBe(12345678901234567890125n);
    expect(parseAtScale("1.005", 2)).toBeNull();
  });
});

describe("parseJsonNumber", () => {
  test("moves the decimal point in the digits, never through a float", () => {
    expect(parseJsonNumber("0.005")).toEqual({ units: 5n, scale: 3 });
    expect(parseJsonNumber("5e-3")).toEqual({ units: 5n, scale: 3 });
    expect(parseJsonNumber("1E2")).toEqual({ units: 100n, scale: 0 });
    expect(parseJsonNumber("12.5e-1")).toEqual({ units: 125n, scale: 2 });
    expect(parseJsonNumber("-742")).toEqual({ units: -742n, scale: 0 });
    expect(parseJsonNumber("0.12345678901234567890123")).toEqual({ units: 12345678901234567890123n, scale: 23 });
  });
  test("refuses what JSON does not allow, and digits past maxScale unless they are zeros", () => {
    for (const bad of ["01", "1.", ".5", "+1", "1e", "NaN"]) expect(parseJsonNumber(bad)).toBeNull();
    expect(parseJsonNumber("503.305", 2)).toBeNull();
    expect(parseJsonNumber("503.300", 2)).toEqual({ units: 50330n, scale: 2 });
  });
});

describe("formatting", () => {
  test("prints exactly `scale` fraction digits", () => {
    expect(formatDecimal(decimal(6600n, 2))).toBe("66.00");
    expect(formatDecimal(decimal(-5n, 3))).toBe("-0.005");
    expect(formatUnits(42n, 0)).toBe("42");
    expect(formatUnits(2n ** 64n, 2)).toBe("184467440737095516.16");
    expect(() => decimal(1n, -1)).toThrow(RangeError);
  });
});

describe("arithmetic", () => {
  test("rescaleHalfUp rounds half away from zero, only when digits are dropped", () => {
    expect(rescaleHalfUp(d("48.055"), 2)).toEqual({ units: 4806n, scale: 2 });
    expect(rescaleHalfUp(d("48.054"), 2)).toEqual({ units: 4805n, scale: 2 });
    expect(rescaleHalfUp(d("-48.055"), 2)).toEqual({ units: -4806n, scale: 2 });
    expect(rescaleHalfUp(d("0.12"), 4)).toEqual({ units: 1200n, scale: 4 });
  });
  test("unitsAt only widens", () => {
    expect(unitsAt({ units: 5n, scale: 1 }, 3)).toBe(500n);
    expect(() => unitsAt({ units: 5n, scale: 3 }, 2)).toThrow(RangeError);
  });
  test("sums mixed scales at the largest scale", () => {
    expect(sumDecimals([d("0.1"), d("0.005"), d("2")], 2)).toEqual({ units: 2105n, scale: 3 });
    expect(sumDecimals([], 2)).toEqual({ units: 0n, scale: 2 });
  });
  test("multiplies exactly and divides with one half-up rounding", () => {
    expect(formatDecimal(multiply(d("742"), d("0.15")))).toBe("111.30");
    expect(formatDecimal(rescaleHalfUp(multiply(d("503.30"), d("0.15")), 2))).toBe("75.50"); // 75.495
    expect(formatDecimal(divideHalfUp(d("10500"), 2n, 2))).toBe("5250.00");
    expect(formatDecimal(divideHalfUp(d("1"), 3n, 2))).toBe("0.33");
    expect(formatDecimal(divideHalfUp(d("2"), 3n, 2))).toBe("0.67");
    expect(formatDecimal(divideHalfUp(d("-0.05"), 2n, 2))).toBe("-0.03");
    expect(() => divideHalfUp(d("1"), 0n, 2)).toThrow(RangeError);
  });
  test("compares across scales", () => {
    expect(compareDecimals(d("500"), d("500.00"))).toBe(0);
    expect(compareDecimals(d("500.01"), d("500"))).toBe(1);
    expect(compareDecimals(d("-1"), d("0.5"))).toBe(-1);
  });
  test("reads a driver decimal by its text", () => {
    expect(decimalFromText({ toString: () => "-245.960" })).toEqual({ units: -245960n, scale: 3 });
    expect(decimalFromText(null)).toEqual({ units: 0n, scale: 0 });
    expect(() => decimalFromText("1e3")).toThrow(/plain decimal/);
  });
});
