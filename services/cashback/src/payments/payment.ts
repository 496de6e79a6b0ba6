import type { Decimal } from "@tally/decimal";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import type { RejectReason } from "./reject-reason.ts";

/** A valid payment, as read from one Kafka record. */
export interface Payment {
  readonly transactionId: string;
  readonly customerId: string;
  readonly merchantId: string;
  /** Optional in the input (the original always sent it); null when absent. */
  readonly productId: string | null;
  /** Exact, at scale 2 (cents). */
  readonly amount: Decimal;
  /** Event time in epoch ms (Cassandra timestamps keep milliseconds). */
  readonly timeMs: number;
}

/** A record read as a payment. */
export interface ValidPayment {
  readonly kind: "payment";
  readonly record: KafkaRecord;
  readonly payment: Payment;
}

/** A record that is not a valid payment: it goes to the errors table whole, with its reason. */
export interface InvalidPayment {
  readonly kind: "invalid";
  readonly record: KafkaRecord;
  readonly reason: RejectReason;
  /** For people: what exactly was wrong. */
  readonly detail: string;
}

/** What reading one record gives. */
export type PaymentRead = ValidPayment | InvalidPayment;

/** True for a record that was not paid because it is invalid (at any step: read, or claimed with other contents). */
export function isInvalid<T extends { kind: string }>(r: T): r is Extract<T, InvalidPayment> {
  return r.kind === "invalid";
}
