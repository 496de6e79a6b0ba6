import { formatMinor, rescaleHalfUp, type AggregateSpec } from "../kernel.ts";

/** The billing rules of the original (seed 000), as exact decimal strings with two fraction digits. */
export interface CompanyFees {
  totalCost: string;
  /** total × 0.98 */
  discountedCost: string;
  /** total × 0.05 */
  techFee: string;
}

/**
 * Applies the original's rules `discounted_cost = total × 0.98` and `tech_fee = total × 0.05` to an
 * exact total in minor units at `scale`. Both are computed from the exact total and rounded half-up
 * to cents once, so no intermediate rounding drifts the result.
 */
export function companyFees(totalUnits: bigint, scale: number): CompanyFees {
  // × 98 / 100 and × 5 / 100: two more fraction digits, then one rounding to cents.
  return {
    totalCost: formatMinor(rescaleHalfUp(totalUnits, scale, 2), 2),
    discountedCost: formatMinor(rescaleHalfUp(totalUnits * 98n, scale + 2, 2), 2),
    techFee: formatMinor(rescaleHalfUp(totalUnits * 5n, scale + 2, 2), 2),
  };
}

/** Kernel spec for the billing reports (seed 000): `service,cost,company`, summing cost in cents per company. */
export const BILLING_FILE_SPEC = { format: "csv", keys: ["company"], sum: "cost", scale: 2 } as const satisfies AggregateSpec;
