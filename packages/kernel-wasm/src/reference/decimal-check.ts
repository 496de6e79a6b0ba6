/**
 * Sum-value rules of the contract, on decoded text: syntax, then precision, then i64 range. The
 * oracle's own decimal parsing (production code has none: the kernel parses sums in WebAssembly, and
 * TypeScript elsewhere in Tally uses @tally/decimal).
 */
import { REASON_BAD_DECIMAL, REASON_OUT_OF_RANGE, REASON_TOO_PRECISE } from "../constants.ts";

const SYNTAX = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * `[+-]?digits(.digits)?` as minor units at `scale`; null when the text is not such a decimal or
 * has more fraction digits than `scale` (never rounds).
 */
export function unitsOf(text: string, scale: number): bigint | null {
  const m = SYNTAX.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? "";
  if (fraction.length > scale) return null;
  const magnitude = BigInt(m[2]! + fraction + "0".repeat(scale - fraction.length));
  return m[1] === "-" ? -magnitude : magnitude;
}

/** Minor units of `text` at `scale`, or a rejection reason code (a number). */
export function checkUnits(text: string, scale: number): bigint | number {
  const m = SYNTAX.exec(text);
  if (!m) return REASON_BAD_DECIMAL;
  if ((m[3] ?? "").length > scale) return REASON_TOO_PRECISE;
  const units = unitsOf(text, scale)!;
  return units < I64_MIN || units > I64_MAX ? REASON_OUT_OF_RANGE : units;
}
