import { decimalFromText, formatDecimal, rescaleHalfUp } from "@tally/decimal";
import { readAll } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import { ledgerBucket } from "./bucket.ts";
import { LEDGER_COLUMNS, paidFromRow } from "./ledger-store.ts";
import type { PaidPayment } from "./paid-payment.ts";

/** A ledger row as read back, with when it was paid. */
export interface StoredPayment {
  readonly payment: PaidPayment;
  readonly paidAt: Date;
}

/** A customer's cashback across every paid transaction (exact: Cassandra sums decimals exactly). */
export interface CustomerCashback {
  customer_id: string;
  transactions: number;
  /** Two fraction digits. */
  cashback: string;
}

/** What the read routes ask of the ledger. */
export interface LedgerReader {
  payment(transactionId: string): Promise<StoredPayment | null>;
  customer(customerId: string): Promise<CustomerCashback>;
}

/** Reads `cashback_payments`: one row by its bucket and id; a customer's rows through the SAI index, summed in Cassandra. */
export function cassandraLedgerReader(client: cassandra.Client, keyspace: string): LedgerReader {
  return {
    async payment(transactionId) {
      const rows = await readAll(client, `SELECT ${LEDGER_COLUMNS} FROM ${keyspace}.cashback_payments WHERE bucket = ? AND transaction_id = ?`, [
        ledgerBucket(transactionId),
        transactionId,
      ]);
      const row = rows[0];
      return row ? { payment: paidFromRow(row), paidAt: row.get("paid_at") as Date } : null;
    },
    async customer(customerId) {
      const rows = await readAll(client, `SELECT count(*) AS n, sum(cashback) AS total FROM ${keyspace}.cashback_payments WHERE customer_id = ?`, [customerId]);
      const row = rows[0];
      const total = rescaleHalfUp(decimalFromText(row?.get("total")), 2);
      return { customer_id: customerId, transactions: Number(row?.get("n") ?? 0), cashback: formatDecimal(total) };
    },
  };
}
