import { decimal, formatDecimal, multiply, rescaleHalfUp, type Decimal } from "@tally/decimal";
import type { AggregateSpec } from "@tally/kernel-wasm";

/** The billing rules of the original (seed 000), as exact decimal strings with two fraction digits. */
export interface CompanyFees {
  totalCost: string;
  /** total × 0.98 */
  discountedCost: string;
  /** total × 0.05 */
  techFee: string;
}

const DISCOUNT = decimal(98n, 2);
const TECH_FEE = decimal(5n, 2);

/**
 * Applies the original's rules `discounted_cost = total × 0.98` and `tech_fee = total × 0.05` to an
 * exact total. Both are computed from the exact total and rounded half-up to cents once, so no
 * intermediate rounding drifts the result.
 */
export function companyFees(total: Decimal): CompanyFees {
  const cents = (d: Decimal) => formatDecimal(rescaleHalfUp(d, 2));
  return { totalCost: cents(total), discountedCost: cents(multiply(total, DISCOUNT)), techFee: cents(multiply(total, TECH_FEE)) };
}

/**
 * Kernel spec for the billing reports (seed 000): `service,cost,company`, summing cost in cents per
 * company. A negative cost is a rejected row ("negative value"): the seeds' reports hold none, and a
 * credit nobody asked for must not lower a bill. `billingFileSpec({ credits: true })` sums them.
 */
export const BILLING_FILE_SPEC = { format: "csv", keys: ["company"], sum: "cost", scale: 2, negatives: "reject" } as const satisfies AggregateSpec;

/** The billing-file spec under an amount policy: `credits` lets negative costs (credits) through. */
export function billingFileSpec({ credits }: { credits: boolean }): AggregateSpec {
  return { ...BILLING_FILE_SPEC, negatives: credits ? "accept" : "reject" };
}
