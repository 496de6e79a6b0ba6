import { toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import { fromCassandraDecimal } from "../billing/exact-decimal.ts";
import { executeAll, readPerPartition } from "../jobs/cassandra-io.ts";
import type { UsageRow, UsageSum } from "./user-usage.ts";

/** Writes per-message usage rows; the job depends on this, tests pass a fake. */
export interface UsageWriter {
  writeRows(rows: readonly UsageRow[]): Promise<void>;
}

/** Reads per-user usage sums over every message for GET /billing/api-usage. */
export interface UsageReader {
  usageSums(user?: string): Promise<UsageSum[]>;
}

/**
 * `api_usage_by_batch` in `keyspace`, one row per (user_id, source = topic/partition/offset).
 * Keyed by message, not by fetched batch: kafkajs may cut a redelivered partition into different
 * batches, but a message keeps its offset, so redelivery rewrites exactly the same rows.
 */
export class CassandraUsageStore implements UsageWriter, UsageReader {
  constructor(private readonly client: cassandra.Client, private readonly keyspace: string) {}

  async writeRows(rows: readonly UsageRow[]): Promise<void> {
    await executeAll(
      this.client,
      `INSERT INTO ${this.keyspace}.api_usage_by_batch (user_id, source, total_duration_ms, total_cost, requests) VALUES (?, ?, ?, ?, ?)`,
      rows.map((r) => [r.user, r.source, toCassandraLong(r.durationMs), toCassandraDecimal(r.cost.units, r.cost.scale), toCassandraLong(r.requests)]),
    );
  }

  /**
   * Cassandra sums each user partition: costs as exact decimals, counts cast to varint first
   * (`sum` of bigint would wrap past 2^63 without a word).
   */
  async usageSums(user?: string): Promise<UsageSum[]> {
    const select =
      `SELECT user_id, sum(CAST(total_duration_ms AS varint)) AS duration, sum(CAST(requests AS varint)) AS requests, ` +
      `sum(total_cost) AS cost FROM ${this.keyspace}.api_usage_by_batch`;
    const rows = await readPerPartition(this.client, select, "user_id", user);
    return rows.map((r) => ({
      user: String(r.get("user_id")),
      durationMs: BigInt(String(r.get("duration") ?? 0)),
      requests: BigInt(String(r.get("requests") ?? 0)),
      cost: fromCassandraDecimal(r.get("cost")),
    }));
  }
}
