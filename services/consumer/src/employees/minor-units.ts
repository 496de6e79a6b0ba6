import { parseJsonNumber } from "@tally/decimal";

/**
 * Exact amounts (salaries, years of experience) in minor units at scale 2, read from JSON numbers.
 *
 * JSON.parse turns `60000.50` into a double, and a double is not a decimal. It is exact here anyway
 * when the number's text had at most 15 significant digits: every decimal with ≤ 15 significant
 * digits maps to a different double (DBL_DIG), so `Math.round(x × 100) / 100 === x` holds exactly
 * when the text was a value with at most 2 fraction digits. `parseEmployees` checks that no number in
 * the body is that long before trusting doubles; a body that has one is parsed again keeping every
 * salary's source text (`JsonNumberText`), which `parseJsonNumber` reads digit by digit.
 */

/** Largest amount accepted, in minor units: 9,999,999,999,999.99 (15 digits, so sums stay exact far past 2^53 via bigint). */
export const MAX_MINOR_UNITS = 999_999_999_999_999;

/** A JSON number kept as its source text, for the rare body whose numbers a double cannot hold exactly. */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

/** Why an amount was refused; the caller words the reason with the field's name. */
export type AmountProblem = "not a number" | "negative" | "more than 2 fraction digits" | "too large";

/**
 * `value` (a JSON number, or its kept source text) in minor units at scale 2, or why not.
 * Trailing zeros carry no value: 1.500 is 150. Negative zero is 0.
 */
export function minorUnits(value: unknown): number | AmountProblem {
  if (typeof value === "number") {
    if (value < 0) return "negative";
    if (value > MAX_MINOR_UNITS / 100) return "too large";
    const units = Math.round(value * 100);
    // `+ 0` turns -0 into 0.
    return units / 100 === value ? units + 0 : "more than 2 fraction digits";
  }
  if (value instanceof JsonNumberText) {
    const mantissa = value.text.replace(/[eE].*$/, "");
    if (!/[1-9]/.test(mantissa)) return 0;
    if (mantissa.startsWith("-")) return "negative";
    const exact = parseJsonNumber(value.text, 2);
    if (exact === null) return /[eE]\+?\d{2,}$/.test(value.text) ? "too large" : "more than 2 fraction digits";
    const units = exact.units * 10n ** BigInt(2 - exact.scale);
    return units > BigInt(MAX_MINOR_UNITS) ? "too large" : Number(units);
  }
  return "not a number";
}
