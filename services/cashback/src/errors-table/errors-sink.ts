import type { Sink } from "@tally/pipeline";
import { executeAll, toCassandraLong } from "@tally/pipeline/cassandra";
import cassandra from "cassandra-driver";
import type { CashbackMetrics } from "../metrics.ts";
import type { InvalidPayment } from "../payments/payment.ts";
import { errorRow } from "./error-row.ts";

/** The one partition of `cashback_error_days`. */
export const ERROR_DAYS_SCOPE = "all";

/**
 * Writes invalid payment records to `cashback_errors`, whole (the raw bytes as a blob: no length
 * limit of ours), keyed by their Kafka coordinates so a redelivered batch rewrites the same rows,
 * and notes their days in `cashback_error_days`. Rejections are counted once the batch is written.
 */
export function errorsSink(client: cassandra.Client, keyspace: string, metrics: CashbackMetrics): Sink<InvalidPayment> {
  const insertError = `INSERT INTO ${keyspace}.cashback_errors (day, record_time, source_topic, source_partition, source_offset, raw, reason, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const insertDay = `INSERT INTO ${keyspace}.cashback_error_days (scope, day) VALUES (?, ?)`;
  return {
    async write(items, ctx) {
      const now = new Date();
      const rows = items.map(errorRow);
      await executeAll(
        client,
        insertError,
        rows.map((r) => [
          cassandra.types.LocalDate.fromString(r.day),
          new Date(r.recordTimeMs),
          r.topic,
          r.partition,
          toCassandraLong(BigInt(r.offset)),
          Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength),
          r.reason,
          r.detail,
          now,
        ]),
      );
      const days = [...new Set(rows.map((r) => r.day))];
      await executeAll(client, insertDay, days.map((d) => [ERROR_DAYS_SCOPE, cassandra.types.LocalDate.fromString(d)]));
      ctx.onWritten(() => {
        for (const item of items) metrics.rejected(item.reason);
      });
    },
  };
}
