import { compareDecimals, multiply, rescaleHalfUp, type Decimal } from "@tally/decimal";
import type { CashbackRules } from "./cashback-rules.ts";

/** Cashback is paid in cents. */
export const CASHBACK_SCALE = 2;

/**
 * The cashback a payment earns under `rules`, or null when it is not eligible: the amount must be
 * strictly above the threshold and the merchant eligible. Cashback = amount × percentage / 100,
 * computed exactly and rounded half-up to cents once (503.30 × 15 % = 75.495 → 75.50), then capped.
 */
export function cashbackFor(amount: Decimal, merchantId: string, rules: CashbackRules): Decimal | null {
  if (compareDecimals(amount, rules.threshold) <= 0) return null;
  if (!rules.eligibleMerchants.includes(merchantId)) return null;
  const percent = rules.merchantPercentages.get(merchantId) ?? rules.percentage;
  const product = multiply(amount, percent);
  // Dividing by 100 is exact in decimal: two more fraction digits.
  const cashback = rescaleHalfUp({ units: product.units, scale: product.scale + 2 }, CASHBACK_SCALE);
  const cap = rules.capPerTransaction;
  return cap !== null && compareDecimals(cashback, cap) > 0 ? rescaleHalfUp(cap, CASHBACK_SCALE) : cashback;
}
