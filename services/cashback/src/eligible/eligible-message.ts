import { formatDecimal, rescaleHalfUp } from "@tally/decimal";
import type { OutgoingMessage } from "@tally/pipeline/kafka";
import type { PaidPayment } from "../ledger/paid-payment.ts";

/** The eligible topic's value, as the original's consumers read it (money as decimal strings). */
export interface EligibleValue {
  transaction_id: string;
  customer_id: string;
  amount: string;
  cashback: string;
  merchant_id: string;
  /** ISO-8601, UTC. */
  timestamp: string;
}

/**
 * The message announcing a paid transaction, built from its ledger row: keyed by transaction_id,
 * so a republished message (after a redelivery) has the same key and the very same bytes.
 */
export function eligibleMessage(row: PaidPayment): OutgoingMessage {
  const value: EligibleValue = {
    transaction_id: row.transactionId,
    customer_id: row.customerId,
    amount: formatDecimal(rescaleHalfUp(row.amount, 2)),
    cashback: formatDecimal(rescaleHalfUp(row.cashback, 2)),
    merchant_id: row.merchantId,
    timestamp: new Date(row.timeMs).toISOString(),
  };
  return { key: row.transactionId, value: JSON.stringify(value) };
}
