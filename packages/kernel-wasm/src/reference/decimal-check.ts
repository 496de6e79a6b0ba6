/** Sum-value rules of the contract, on decoded text: syntax, then precision, then i64 range. */
import { REASON_BAD_DECIMAL, REASON_OUT_OF_RANGE, REASON_TOO_PRECISE } from "../constants.ts";
import { parseDecimal } from "../decimal.ts";

const SYNTAX = /^[+-]?\d+(?:\.(\d+))?$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Minor units of `text` at `scale`, or a rejection reason code (a number). */
export function checkUnits(text: string, scale: number): bigint | number {
  const m = SYNTAX.exec(text);
  if (!m) return REASON_BAD_DECIMAL;
  if ((m[1] ?? "").length > scale) return REASON_TOO_PRECISE;
  const units = parseDecimal(text, scale);
  if (units === null) return REASON_BAD_DECIMAL;
  return units < I64_MIN || units > I64_MAX ? REASON_OUT_OF_RANGE : units;
}
