import { decimalFromText } from "@tally/decimal";
import { ConnectionError, describe, isRetriable, type Sink } from "@tally/pipeline";
import { cassandraUpsertSink, executeAll, readPerPartition, toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import type { UsageRow, UsageSum } from "./user-usage.ts";

/** Reads per-user usage sums over every message for GET /billing/api-usage. */
export interface UsageReader {
  usageSums(user?: string): Promise<UsageSum[]>;
}

/**
 * The api-logs job's sink: one upsert per (user_id, source) in `api_usage_by_batch` (source: the
 * message's idempotency key or its topic/partition/offset, `usageSource`). All or nothing per write:
 * when Cassandra refuses a row for good (an outage is retried as it is), every row of this write is
 * deleted before the error goes on, so no message stays half billed; the consume loop then re-handles
 * the batch message by message, which rewrites the good ones and dead-letters the one that fails.
 */
export function usageSink(client: cassandra.Client, keyspace: string): Sink<UsageRow> {
  const upsert = cassandraUpsertSink<UsageRow>({
    client,
    query: `INSERT INTO ${keyspace}.api_usage_by_batch (user_id, source, total_duration_ms, total_cost, requests) VALUES (?, ?, ?, ?, ?)`,
    params: (r) => [r.user, r.source, toCassandraLong(r.durationMs), toCassandraDecimal(r.cost), toCassandraLong(r.requests)],
  });
  return {
    async write(rows, ctx) {
      try {
        await upsert.write(rows, ctx);
      } catch (error) {
        if (isRetriable(error)) throw error;
        try {
          await executeAll(client, `DELETE FROM ${keyspace}.api_usage_by_batch WHERE user_id = ? AND source = ?`, rows.map((r) => [r.user, r.source]));
        } catch (undo) {
          throw new ConnectionError(`could not undo a partial api-usage write after: ${describe(error)}; undo failed: ${describe(undo)}`, { cause: undo });
        }
        throw error;
      }
    },
  };
}

/**
 * Cassandra sums each user partition of `api_usage_by_batch`: costs as exact decimals, counts cast
 * to varint first (`sum` of bigint would wrap past 2^63 without a word).
 */
export function usageReader(client: cassandra.Client, keyspace: string): UsageReader {
  return {
    async usageSums(user) {
      const select =
        `SELECT user_id, sum(CAST(total_duration_ms AS varint)) AS duration, sum(CAST(requests AS varint)) AS requests, ` +
        `sum(total_cost) AS cost FROM ${keyspace}.api_usage_by_batch`;
      const rows = await readPerPartition(client, select, "user_id", user);
      return rows.map((r) => ({
        user: String(r.get("user_id")),
        durationMs: BigInt(String(r.get("duration") ?? 0)),
        requests: BigInt(String(r.get("requests") ?? 0)),
        cost: decimalFromText(r.get("cost")),
      }));
    },
  };
}
