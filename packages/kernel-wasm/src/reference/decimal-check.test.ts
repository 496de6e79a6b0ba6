import { describe, expect, test } from "bun:test";
import { parseAtScale } from "@tally/decimal";
import fc from "fast-check";
import { REASON_BAD_DECIMAL, REASON_OUT_OF_RANGE, REASON_TOO_PRECISE } from "../constants.ts";
import { checkUnits, unitsOf } from "./decimal-check.ts";

describe("the oracle's decimal parsing", () => {
  test("parses integers and fractions into minor units", () => {
    expect(unitsOf("10.0", 2)).toBe(1000n);
    expect(unitsOf("-0.05", 2)).toBe(-5n);
    expect(unitsOf("+7", 2)).toBe(700n);
    expect(unitsOf("123456789012345678901.25", 2)).toBe(12345678901234567890125n);
  });

  test("rejects malformed text and excess fraction digits instead of rounding", () => {
    for (const bad of ["", "1.", ".5", "1e3", " 1", "1,0", "0x10", "--1", "1.005", "١"]) {
      expect(unitsOf(bad, 2)).toBeNull();
    }
  });

  test("checkUnits: syntax, then precision, then the i64 range", () => {
    expect(checkUnits("1.5x", 0)).toBe(REASON_BAD_DECIMAL);
    expect(checkUnits("1.55", 1)).toBe(REASON_TOO_PRECISE);
    expect(checkUnits("9223372036854775807", 0)).toBe(9223372036854775807n);
    expect(checkUnits("9223372036854775808", 0)).toBe(REASON_OUT_OF_RANGE);
    expect(checkUnits("-9223372036854775808", 0)).toBe(-9223372036854775808n);
    expect(checkUnits("-922337203685477580.9", 1)).toBe(REASON_OUT_OF_RANGE);
  });

  test("agrees with @tally/decimal (an independent implementation) on fuzzed text", () => {
    const text = fc.oneof(
      fc.tuple(fc.constantFrom("", "+", "-"), fc.stringMatching(/^\d{1,25}$/), fc.option(fc.stringMatching(/^\d{0,6}$/))).map(
        ([s, i, f]) => s + i + (f === null ? "" : "." + f),
      ),
      fc.string({ unit: fc.constantFrom(..."0123456789.+-e ,x"), maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 18 }), (t, scale) => {
        expect(unitsOf(t, scale)).toBe(parseAtScale(t, scale));
      }),
      { numRuns: 2000 },
    );
  });
});
