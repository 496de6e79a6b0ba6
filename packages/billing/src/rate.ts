import { MAX_DECIMAL_SCALE, parseDecimal, parseJsonNumber, type Decimal } from "@tally/decimal";
import { InputError } from "@tally/pipeline";

/** Task name → exact non-negative rate per unit of usage (per millisecond for API logs). */
export type RateCard = ReadonlyMap<string, Decimal>;

/** A plain non-negative decimal like `0.005`; null for anything else (signs, exponents, spaces). */
export function parseRateText(text: string): Decimal | null {
  return parseDecimal(text, { signed: false, maxScale: MAX_DECIMAL_SCALE });
}

/** A JSON number's source text (`0.005`, `5e-3`, `1E2`) as an exact non-negative rate; null otherwise. */
export function parseJsonNumberRate(text: string): Decimal | null {
  const rate = parseJsonNumber(text);
  return rate === null || rate.units < 0n || text.startsWith("-") ? null : rate;
}

/** Throws the error every rate-card parser reports. */
export function rateCardError(message: string): never {
  throw new InputError(`rate card: ${message}`);
}
