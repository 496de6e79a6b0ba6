/**
 * Why a payment record was not paid, one low-cardinality code each (the `reason` label of
 * `tally_cashback_rejected_total` and the errors table's `reason`).
 */
export const REJECT_REASONS = [
  "not_json",
  "not_object",
  "missing_transaction_id",
  "invalid_transaction_id",
  "missing_customer_id",
  "invalid_customer_id",
  "missing_merchant_id",
  "invalid_merchant_id",
  "invalid_product_id",
  "missing_timestamp",
  "invalid_timestamp",
  "missing_amount",
  "invalid_amount",
  "negative_amount",
  "amount_too_precise",
  /** The transaction id was already paid with different contents: an error, never a second payment. */
  "conflicting_duplicate",
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];
