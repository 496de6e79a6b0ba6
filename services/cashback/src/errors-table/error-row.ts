import type { InvalidPayment } from "../payments/payment.ts";

/** One row of `cashback_errors`: a record that was not paid, whole, with where it came from. */
export interface ErrorRow {
  /** UTC day of the record's Kafka timestamp: the partition (YYYY-MM-DD). */
  readonly day: string;
  /** The record's Kafka timestamp (epoch ms): stable across redeliveries, so the row's key is. */
  readonly recordTimeMs: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Exactly the bytes Kafka delivered (empty for a null value). */
  readonly raw: Uint8Array;
  readonly reason: string;
  readonly detail: string;
}

/** The errors-table row for an invalid payment record. */
export function errorRow(invalid: InvalidPayment): ErrorRow {
  const { record } = invalid;
  // A producer may send no or a nonsensical timestamp; the row still needs a key.
  const ms = Number.isFinite(record.timestamp) && record.timestamp >= 0 ? record.timestamp : 0;
  return {
    day: new Date(ms).toISOString().slice(0, 10),
    recordTimeMs: ms,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    raw: record.value ?? new Uint8Array(0),
    reason: invalid.reason,
    detail: invalid.detail,
  };
}
