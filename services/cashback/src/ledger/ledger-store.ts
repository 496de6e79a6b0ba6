import { decimalFromText } from "@tally/decimal";
import { insertIfAbsent, toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import { ledgerBucket } from "./bucket.ts";
import type { PaidPayment } from "./paid-payment.ts";

/** A candidate's claim: `stored` is null when it inserted the row, else the row that was there. */
export interface ClaimAnswer {
  readonly candidate: PaidPayment;
  readonly stored: PaidPayment | null;
}

/** Where the job claims transaction ids (Cassandra in production, a map in tests). */
export interface Ledger {
  /** Inserts each candidate's row unless its transaction id has one; candidates' ids must be distinct. */
  claim(candidates: readonly PaidPayment[]): Promise<ClaimAnswer[]>;
}

/** The ledger's columns, in insert order. */
export const LEDGER_COLUMNS =
  "bucket, transaction_id, customer_id, merchant_id, product_id, amount, cashback, payment_time, source_topic, source_partition, source_offset, paid_at";

/**
 * The ledger on `cashback_payments`: `INSERT … IF NOT EXISTS` keyed by transaction_id (in its
 * bucket), so of every record carrying a transaction id exactly one inserts its row, whatever
 * the redeliveries, copies or consumers racing; the others get the stored row back.
 */
export function cassandraLedger(client: cassandra.Client, keyspace: string): Ledger {
  // One queue per bucket for the whole service: partitions consumed at once share Paxos rounds instead of contending.
  const claims = insertIfAbsent<PaidPayment>({
    client,
    query: `INSERT INTO ${keyspace}.cashback_payments (${LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS`,
    params: (p) => [
      ledgerBucket(p.transactionId),
      p.transactionId,
      p.customerId,
      p.merchantId,
      p.productId,
      toCassandraDecimal(p.amount),
      toCassandraDecimal(p.cashback),
      new Date(p.timeMs),
      p.source.topic,
      p.source.partition,
      toCassandraLong(BigInt(p.source.offset)),
      new Date(), // paid_at
    ],
    partitionKey: (p) => String(ledgerBucket(p.transactionId)),
    rowKey: (p) => p.transactionId,
    rowKeyOf: (row) => String(row.get("transaction_id")),
  });
  return {
    async claim(candidates) {
      const outcomes = await claims.insert(candidates);
      return outcomes.map((o) => ({ candidate: o.item, stored: o.inserted ? null : paidFromRow(o.existing) }));
    },
  };
}

/** A `cashback_payments` row as a PaidPayment (money exact through its decimal text). */
export function paidFromRow(row: cassandra.types.Row): PaidPayment {
  return {
    transactionId: String(row.get("transaction_id")),
    customerId: String(row.get("customer_id")),
    merchantId: String(row.get("merchant_id")),
    productId: (row.get("product_id") as string | null) ?? null,
    amount: decimalFromText(row.get("amount")),
    cashback: decimalFromText(row.get("cashback")),
    timeMs: (row.get("payment_time") as Date).getTime(),
    source: { topic: String(row.get("source_topic")), partition: Number(row.get("source_partition")), offset: String(row.get("source_offset")) },
  };
}
