import { parseDecimal, parseJsonNumber, rescaleHalfUp, type Decimal } from "@tally/decimal";
import type { RejectReason } from "./reject-reason.ts";

/** Amounts are money: cents at most. */
export const AMOUNT_SCALE = 2;
/** Larger amounts are refused as invalid: no real payment has 19 integer digits. */
const MAX_INTEGER_DIGITS = 18;

/** An amount, or why not. */
export type AmountRead = { ok: true; amount: Decimal } | { ok: false; reason: RejectReason; detail: string };

/**
 * Reads `amount` — a JSON number (given here as its source text, never a float) or a decimal
 * string — exactly, at scale 2. Refuses non-numeric, negative and over-precise amounts (12.345;
 * 12.340 is fine: a trailing zero carries no value).
 */
export function readAmount(value: unknown, numberSource: string | undefined): AmountRead {
  if (value === undefined || value === null) return { ok: false, reason: "missing_amount", detail: "amount is missing" };
  let d: Decimal | null = null;
  if (typeof value === "number" && numberSource !== undefined) d = parseJsonNumber(numberSource);
  else if (typeof value === "string") d = parseDecimal(value);
  if (d === null) return { ok: false, reason: "invalid_amount", detail: `amount is not a decimal number: ${clip(numberSource ?? JSON.stringify(value))}` };
  if (d.units < 0n) return { ok: false, reason: "negative_amount", detail: `amount is negative: ${clip(numberSource ?? String(value))}` };
  const cents = trimTo(d, AMOUNT_SCALE);
  if (cents === null) return { ok: false, reason: "amount_too_precise", detail: `amount has more than ${AMOUNT_SCALE} fraction digits: ${clip(numberSource ?? String(value))}` };
  if (cents.units >= 10n ** BigInt(MAX_INTEGER_DIGITS + AMOUNT_SCALE)) return { ok: false, reason: "invalid_amount", detail: `amount has more than ${MAX_INTEGER_DIGITS} integer digits` };
  return { ok: true, amount: cents };
}

/** `d` at exactly `scale` digits when only zeros are dropped (or added); null when a digit would be lost. */
function trimTo(d: Decimal, scale: number): Decimal | null {
  if (d.scale <= scale) return rescaleHalfUp(d, scale);
  const drop = 10n ** BigInt(d.scale - scale);
  return d.units % drop === 0n ? { units: d.units / drop, scale } : null;
}

/** Details quote the input, but never at length (the errors table keeps it whole anyway). */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
