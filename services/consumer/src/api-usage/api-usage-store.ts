import { decimalFromText } from "@tally/decimal";
import type { Sink } from "@tally/pipeline";
import { cassandraUpsertSink, readPerPartition, toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import type { UsageRow, UsageSum } from "./user-usage.ts";

/** Reads per-user usage sums over every message for GET /billing/api-usage. */
export interface UsageReader {
  usageSums(user?: string): Promise<UsageSum[]>;
}

/** The api-logs job's sink: one upsert per (user_id, source = topic/partition/offset) in `api_usage_by_batch`. */
export function usageSink(client: cassandra.Client, keyspace: string): Sink<UsageRow> {
  return cassandraUpsertSink<UsageRow>({
    client,
    query: `INSERT INTO ${keyspace}.api_usage_by_batch (user_id, source, total_duration_ms, total_cost, requests) VALUES (?, ?, ?, ?, ?)`,
    params: (r) => [r.user, r.source, toCassandraLong(r.durationMs), toCassandraDecimal(r.cost), toCassandraLong(r.requests)],
  });
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
