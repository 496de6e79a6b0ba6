import type { Decimal } from "@tally/decimal";
import { Counter, type Registry } from "prom-client";
import { REJECT_REASONS, type RejectReason } from "./payments/reject-reason.ts";

/**
 * The cashback job's own metrics (beside the runner's `tally_job_*{job_name="cashback"}` and the
 * consume loop's `tally_consumer_*{topic}`, which count retries and dead letters).
 */
export interface CashbackMetrics {
  /** Payment records read, valid or not (once per written batch). */
  seen(records: number): void;
  /** One ledger row created: a payment paid, with its cashback (exactly once per row, when it is claimed). */
  paid(cashback: Decimal): void;
  /** Records not paid, by reason (once per written batch). */
  rejected(reason: RejectReason, n?: number): void;
  /** Payments already paid, met again: `redelivered` (the same record) or `duplicate` (another copy). */
  notPaidAgain(kind: "redelivered" | "duplicate", n: number): void;
  /** Messages produced to the eligible topic (republished ones included). */
  published(n: number): void;
}

/** Registers the cashback metrics on `registry` (once per registry: a second call reuses them). */
export function createCashbackMetrics(registry: Registry): CashbackMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const seen = counter("tally_cashback_payments_total", "Payment records read from the payments topic, valid or not");
  const eligible = counter("tally_cashback_eligible_total", "Payments paid cashback: ledger rows created (each transaction id at most once)");
  const cents = counter("tally_cashback_paid_cents_total", "Cashback paid, in cents (exact: one increment per ledger row)");
  const rejected = counter("tally_cashback_rejected_total", "Payment records not paid because they are invalid, by reason", ["reason"]);
  const again = counter("tally_cashback_not_paid_again_total", "Payments met again after they were paid: redelivered (same record) or duplicate (another copy)", ["kind"]);
  const published = counter("tally_cashback_published_total", "Messages produced to the eligible topic, republished ones included");
  // Every reason shows as 0 from the start, so dashboards and alerts see the series before the first error.
  for (const reason of REJECT_REASONS) rejected.inc({ reason }, 0);
  for (const kind of ["redelivered", "duplicate"]) again.inc({ kind }, 0);
  return {
    seen: (n) => seen.inc(n),
    paid(cashback) {
      eligible.inc();
      // Cashback has two fraction digits: its units are cents (a Number is exact up to 2^53 cents).
      cents.inc(Number(cashback.scale === 2 ? cashback.units : (cashback.units * 100n) / 10n ** BigInt(cashback.scale)));
    },
    rejected: (reason, n = 1) => rejected.inc({ reason }, n),
    notPaidAgain: (kind, n) => again.inc({ kind }, n),
    published: (n) => published.inc(n),
  };
}
