import { compareDecimals } from "@tally/decimal";
import type { PaidPayment } from "./paid-payment.ts";

/**
 * What a payment's claim on its transaction id came to:
 * - `paid`: this record inserted the ledger row (the one time it is paid);
 * - `redelivered`: the row was inserted by this very record (same topic/partition/offset) on an
 *   earlier attempt; nothing is paid again, but the eligible message is produced again, since that
 *   attempt may have stopped before Kafka had it;
 * - `duplicate`: another record with the same contents paid it; nothing is paid or produced;
 * - `conflict`: the id was paid with different contents: an error, never a second payment.
 */
export type ClaimKind = "paid" | "redelivered" | "duplicate" | "conflict";

/** Classifies `candidate` against the ledger row holding its transaction id (null: it inserted the row). */
export function classifyClaim(candidate: PaidPayment, stored: PaidPayment | null): ClaimKind {
  if (stored === null) return "paid";
  if (!sameContents(candidate, stored)) return "conflict";
  const a = candidate.source;
  const b = stored.source;
  return a.topic === b.topic && a.partition === b.partition && a.offset === b.offset ? "redelivered" : "duplicate";
}

/**
 * Same payment: customer, merchant, product, amount (by value: 742 is 742.00) and event time.
 * The cashback is not compared: it follows from the rules, which may have changed since.
 */
export function sameContents(a: PaidPayment, b: PaidPayment): boolean {
  return (
    a.transactionId === b.transactionId &&
    a.customerId === b.customerId &&
    a.merchantId === b.merchantId &&
    a.productId === b.productId &&
    a.timeMs === b.timeMs &&
    compareDecimals(a.amount, b.amount) === 0
  );
}

/** A one-line account of how a conflicting payment differs from the stored one, for the errors table. */
export function conflictDetail(candidate: PaidPayment, stored: PaidPayment): string {
  const s = stored.source;
  return `transaction ${candidate.transactionId} was already paid from ${s.topic}/${s.partition}/${s.offset} with different contents; not paid again`;
}
