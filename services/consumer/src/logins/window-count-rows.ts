import { classifyCassandraError, readAll, toCassandraLong } from "@tally/pipeline/cassandra";
import cassandra from "cassandra-driver";
import type { ChunkRow } from "./row-chunks.ts";

/** One counted thing of a window, summed over the topic's partitions. */
export interface WindowCount {
  recordType: string;
  value: string;
  count: number;
}

/** A stored row of one partition's window: its chunk of values and the next offset it holds. */
export interface StoredRow extends ChunkRow {
  nextOffset: bigint;
}

/** Rows per unlogged batch: a window's batch stays one bounded mutation (each row ≤ ~140 kB). */
const ROWS_PER_BATCH = 16;

/**
 * `login_window_counts` rows (infra/cassandra/schema.cql): per (topic, window) and input partition,
 * rows per record type of (value, count) pairs in chunks (RowChunks decides which value goes where).
 */
export class WindowCountRows {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
    private readonly topic: string,
  ) {}

  /** One partition's rows of a window. */
  async read(windowStartMs: number, partition: number): Promise<StoredRow[]> {
    const rows = await readAll(
      this.client,
      `SELECT record_type, chunk, counts, next_offset FROM ${this.keyspace}.login_window_counts WHERE topic = ? AND window_start = ? AND partition = ?`,
      [this.topic, new Date(windowStartMs), partition],
    );
    return rows.map((r) => ({ recordType: String(r.get("record_type")), chunk: Number(r.get("chunk")), pairs: pairsOf(r.get("counts")), nextOffset: BigInt(String(r.get("next_offset"))) }));
  }

  /**
   * Writes rows of one partition, each whole with `nextOffset`. A window's rows share one Cassandra
   * partition: an unlogged batch of them is one round trip and one mutation, applied atomically. Each
   * row stands alone (its own next offset), so a window's rows may go in several batches.
   */
  async write(partition: number, windows: readonly { start: number; rows: readonly ChunkRow[] }[], nextOffset: bigint): Promise<void> {
    const insert = `INSERT INTO ${this.keyspace}.login_window_counts (topic, window_start, partition, record_type, chunk, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)`;
    const offset = toCassandraLong(nextOffset);
    const batches: { start: number; rows: readonly ChunkRow[] }[] = [];
    for (const w of windows) for (let i = 0; i < w.rows.length; i += ROWS_PER_BATCH) batches.push({ start: w.start, rows: w.rows.slice(i, i + ROWS_PER_BATCH) });
    try {
      await Promise.all(
        batches.map(({ start, rows }) =>
          this.client.batch(
            rows.map((r) => ({
              query: insert,
              params: [this.topic, new Date(start), partition, r.recordType, r.chunk, r.pairs.map(([value, count]) => new cassandra.types.Tuple(value, cassandra.types.Long.fromNumber(count))), offset],
            })),
            { prepare: true, logged: false, consistency: cassandra.types.consistencies.localQuorum },
          ),
        ),
      );
    } catch (error) {
      throw classifyCassandraError(error, "write login counts");
    }
  }

  /** A window's counts summed over partitions (and chunks: a value is in one chunk per partition). */
  async sums(windowStartMs: number): Promise<WindowCount[]> {
    const rows = await readAll(this.client, `SELECT record_type, counts FROM ${this.keyspace}.login_window_counts WHERE topic = ? AND window_start = ?`, [this.topic, new Date(windowStartMs)]);
    const sums = new Map<string, WindowCount>();
    for (const r of rows) {
      const recordType = String(r.get("record_type"));
      for (const [value, count] of pairsOf(r.get("counts"))) {
        const id = `${recordType}\u0000${value}`;
        const entry = sums.get(id);
        if (entry) entry.count += count;
        else sums.set(id, { recordType, value, count });
      }
    }
    return [...sums.values()];
  }
}

/** A row's (value, count) pairs as read: a list of tuples (null when the list is empty). */
function pairsOf(counts: unknown): [string, number][] {
  if (!Array.isArray(counts)) return [];
  return counts.map((t: cassandra.types.Tuple) => [String(t.get(0)), Number(String(t.get(1)))]);
}
