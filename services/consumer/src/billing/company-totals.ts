import { companyFees } from "@tally/billing";
import { sumDecimals, type Decimal } from "@tally/decimal";
import { compareUtf8 } from "@tally/pipeline";

/** A company's exact total over some rows of `billing_by_file` (one file, or all of them). */
export interface CompanySum {
  company: string;
  total: Decimal;
}

/** What GET /billing answers per company: decimal strings with two fraction digits, never floats. */
export interface CompanyTotal {
  company: string;
  total_cost: string;
  discounted_cost: string;
  tech_fee: string;
}

/**
 * Sums each company's sums exactly (one per company when Cassandra already grouped them), then
 * applies the billing rules (discounted = total × 0.98, tech fee = total × 0.05, each rounded
 * half-up to cents once, from the exact total). Sorted by company name (UTF-8 order).
 */
export function companyTotals(rows: Iterable<CompanySum>): CompanyTotal[] {
  const perCompany = new Map<string, Decimal[]>();
  for (const row of rows) {
    const list = perCompany.get(row.company);
    if (list) list.push(row.total);
    else perCompany.set(row.company, [row.total]);
  }
  return [...perCompany.entries()]
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([company, totals]) => {
      const fees = companyFees(sumDecimals(totals, 2));
      return { company, total_cost: fees.totalCost, discounted_cost: fees.discountedCost, tech_fee: fees.techFee };
    });
}
