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

/** The event time a Cassandra partition of the table holds (its `span_start` is a multiple of it). */
export const SPAN_MS = 3_600_000;

/**
 * Most bytes of values in one unlogged batch: a batch is one mutation of its partition, and Cassandra
 * refuses a mutation over half a commit-log segment (16 MiB by default); a hostile stream's rows are up
 * to ~140 kB each.
 */
const BATCH_BYTES = 1 << 20;

/** The span (Cassandra partition) of a window. */
export function spanOf(windowStartMs: number): Date {
  return new Date(Math.floor(windowStartMs / SPAN_MS) * SPAN_MS);
}

/**
 * `login_counts` rows (infra/cassandra/schema.cql): per (topic, window) and input partition, rows per
 * record type of (value, count) pairs in chunks (RowChunks decides which value goes where), in
 * Cassandra partitions of an hour of event time (SPAN_MS).
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
      `SELECT record_type, chunk, counts, next_offset FROM ${this.keyspace}.login_counts WHERE topic = ? AND span_start = ? AND window_start = ? AND partition = ?`,
      [this.topic, spanOf(windowStartMs), new Date(windowStartMs), partition],
    );
    return rows.map((r) => ({ recordType: String(r.get("record_type")), chunk: Number(r.get("chunk")), pairs: pairsOf(r.get("counts")), nextOffset: BigInt(String(r.get("next_offset"))) }));
  }

  /**
   * Writes rows of one partition, each whole with `nextOffset`. The rows of an hour of windows share a
   * Cassandra partition: an unlogged batch of them is one round trip and one mutation, applied
   * atomically (a batch of a backlog: one or two requests instead of one per window). Each row stands
   * alone (its own next offset), so rows may go in several batches, as large spans of values do.
   */
  async write(partition: number, windows: readonly { start: number; rows: readonly ChunkRow[] }[], nextOffset: bigint): Promise<void> {
    const insert = `INSERT INTO ${this.keyspace}.login_counts (topic, span_start, window_start, partition, record_type, chunk, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
    const offset = toCassandraLong(nextOffset);
    // Per span, the batches filled so far; the last one takes rows until its bytes are spent.
    const bySpan = new Map<number, { span: Date; batches: { query: string; params: unknown[] }[][]; used: number }>();
    for (const w of windows) {
      const span = spanOf(w.start);
      let s = bySpan.get(span.getTime());
      if (!s) bySpan.set(span.getTime(), (s = { span, batches: [[]], used: 0 }));
      for (const r of w.rows) {
        const size = r.pairs.reduce((n, [value]) => n + 3 * value.length + 20, 32);
        if (s.used > 0 && s.used + size > BATCH_BYTES) {
          s.batches.push([]);
          s.used = 0;
        }
        s.used += size;
        s.batches[s.batches.length - 1]!.push({
          query: insert,
          params: [this.topic, s.span, new Date(w.start), partition, r.recordType, r.chunk, r.pairs.map(([value, count]) => new cassandra.types.Tuple(value, cassandra.types.Long.fromNumber(count))), offset],
        });
      }
    }
    try {
      await Promise.all(
        [...bySpan.values()].flatMap((s) => s.batches).filter((b) => b.length > 0).map((batch) =>
          this.client.batch(batch, { prepare: true, logged: false, consistency: cassandra.types.consistencies.localQuorum }),
        ),
      );
    } catch (error) {
      throw classifyCassandraError(error, "write login counts");
    }
  }

  /**
   * The counts of each window in `starts` (in that order), summed over partitions (and chunks: a value
   * is in one chunk per partition), read a span at a time:
   * one query per hour of windows rather than one per window (the publisher closes ~56 windows per
   * batch of a backlog).
   */
  async sumsOf(starts: readonly number[]): Promise<WindowCount[][]> {
    const spans = new Map<number, { from: number; to: number }>();
    for (const start of starts) {
      const key = spanOf(start).getTime();
      const range = spans.get(key);
      if (!range) spans.set(key, { from: start, to: start });
      else {
        range.from = Math.min(range.from, start);
        range.to = Math.max(range.to, start);
      }
    }
    const byWindow = new Map<number, Map<string, WindowCount>>();
    await Promise.all(
      [...spans].map(async ([span, { from, to }]) => {
        const rows = await readAll(
          this.client,
          `SELECT window_start, record_type, counts FROM ${this.keyspace}.login_counts WHERE topic = ? AND span_start = ? AND window_start >= ? AND window_start <= ?`,
          [this.topic, new Date(span), new Date(from), new Date(to)],
        );
        for (const r of rows) {
          const start = (r.get("window_start") as Date).getTime();
          let sums = byWindow.get(start);
          if (!sums) byWindow.set(start, (sums = new Map()));
          const recordType = String(r.get("record_type"));
          for (const [value, count] of pairsOf(r.get("counts"))) {
            const id = `${recordType}\u0000${value}`;
            const entry = sums.get(id);
            if (entry) entry.count += count;
            else sums.set(id, { recordType, value, count });
          }
        }
      }),
    );
    return starts.map((start) => [...(byWindow.get(start)?.values() ?? [])]);
  }
}

/** A row's (value, count) pairs as read: a list of tuples (null when the list is empty). */
function pairsOf(counts: unknown): [string, number][] {
  if (!Array.isArray(counts)) return [];
  return counts.map((t: cassandra.types.Tuple) => [String(t.get(0)), Number(String(t.get(1)))]);
}
