import type { Decimal } from "@tally/decimal";

/** Where a payment record came from: what tells a redelivery from a second copy. */
export interface RecordSource {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are int64: kept as decimal strings. */
  readonly offset: string;
}

/** One row of the ledger (`cashback_payments`): a transaction paid once, with the cashback it earned. */
export interface PaidPayment {
  readonly transactionId: string;
  readonly customerId: string;
  readonly merchantId: string;
  readonly productId: string | null;
  /** At scale 2. */
  readonly amount: Decimal;
  /** At scale 2. */
  readonly cashback: Decimal;
  /** Event time, epoch ms. */
  readonly timeMs: number;
  /** The record that paid it. */
  readonly source: RecordSource;
}
