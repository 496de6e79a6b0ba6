import { toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import { fromCassandraDecimal } from "../billing/exact-decimal.ts";
import { executeAll, readAll } from "../jobs/cassandra-io.ts";
import type { UsageRow } from "./user-usage.ts";

/** Writes per-message usage rows; the job depends on this, tests pass a fake. */
export interface UsageWriter {
  writeRows(rows: readonly UsageRow[]): Promise<void>;
}

/** Reads usage rows for GET /billing/api-usage. */
export interface UsageReader {
  usageRows(user?: string): Promise<UsageRow[]>;
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

  async usageRows(user?: string): Promise<UsageRow[]> {
    const select = `SELECT user_id, source, total_duration_ms, total_cost, requests FROM ${this.keyspace}.api_usage_by_batch`;
    const rows = user === undefined ? await readAll(this.client, select) : await readAll(this.client, `${select} WHERE user_id = ?`, [user]);
    return rows.map((r) => ({
      user: String(r.get("user_id")),
      source: String(r.get("source")),
      durationMs: BigInt(String(r.get("total_duration_ms") ?? 0)),
      requests: BigInt(String(r.get("requests") ?? 0)),
      cost: fromCassandraDecimal(r.get("total_cost")),
    }));
  }
}
