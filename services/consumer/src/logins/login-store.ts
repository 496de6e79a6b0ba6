import type { Cell, PartitionProgress } from "@tally/pipeline";
import { classifyCassandraError, executeAll, readAll, toCassandraLong } from "@tally/pipeline/cassandra";
import type { StoredPartition, WindowStateStore, WindowUpdate } from "@tally/pipeline/kafka";
import cassandra from "cassandra-driver";
import { PartitionMovedError } from "./partition-moved-error.ts";
import { RowChunks, type ChunkRow } from "./row-chunks.ts";

/** One counted thing of a window, summed over the topic's partitions. */
export interface WindowCount {
  recordType: string;
  value: string;
  count: number;
}

/** A partition's progress as stored: how far its windows are final, and whether it is idle. */
export interface StoredProgress {
  partition: number;
  finalThroughMs: number;
  idle: boolean;
  /** The next offset the partition's progress covers: messages at or past it are not counted yet. */
  nextOffset: bigint;
}

/** Every partition's progress with the stream's final-through and the version that serializes changes to it. */
export interface StreamProgress {
  partitions: StoredProgress[];
  finalThroughMs: number;
  version: bigint;
}

const LWT = { prepare: true, consistency: cassandra.types.consistencies.localQuorum, serialConsistency: cassandra.types.consistencies.localSerial };
// Reads that must see every lightweight transaction already decided (Paxos read).
const SERIAL_READ = { prepare: true, consistency: cassandra.types.consistencies.localSerial };
const NEG = Number.NEGATIVE_INFINITY;
/** Rows per unlogged batch: a window's batch stays one bounded mutation (each row ≤ ~140 kB). */
const ROWS_PER_BATCH = 16;

/**
 * The login job's Cassandra tables (infra/cassandra/schema.cql):
 * - `login_window_counts`: per (topic, window) the counts of each partition, absolute, in rows per
 *   record type of at most 512 values (RowChunks), each with the next offset it holds (so a
 *   redelivery is not counted twice);
 * - `login_progress`: per (topic, partition) the event-time progress, written after the cells of a
 *   batch with a lightweight transaction on its `next_offset`, so a consumer that lost the partition
 *   can never move it; and, static per topic, the stream's final-through and a version that both
 *   its advance and an idle partition's activation bump, so the two serialize;
 * - `login_windows`: the windows of a topic that have counts, for range queries.
 */
export class LoginStore implements WindowStateStore {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
    private readonly topic: string,
    private readonly windowMs: number,
  ) {}

  /** Per partition, which row each value of its open windows is stored in (rebuilt by load). */
  private readonly layouts = new Map<number, RowChunks>();

  async load(partition: number): Promise<StoredPartition> {
    const stream = await this.stream();
    const rows = await readAll(this.client, `SELECT max_event, final_through, next_offset, last_activity, idle FROM ${this.keyspace}.login_progress WHERE topic = ? AND partition = ?`, [this.topic, partition]);
    const row = rows[0];
    const layout = new RowChunks();
    this.layouts.set(partition, layout);
    if (!row || row.get("next_offset") === null) return { progress: null, cells: [], streamFinalThroughMs: stream.finalThroughMs };
    const progress: PartitionProgress = {
      maxEventMs: nullableNumber(row.get("max_event")),
      finalThroughMs: nullableNumber(row.get("final_through")) ?? NEG,
      nextOffset: BigInt(String(row.get("next_offset"))),
      lastActivityMs: (row.get("last_activity") as Date | null)?.getTime() ?? Date.now(),
      idle: row.get("idle") === true,
    };
    // Open windows: those ending after F, up to the window of the highest event time.
    const starts: number[] = [];
    if (progress.maxEventMs !== null) {
      const from = progress.finalThroughMs === NEG ? progress.maxEventMs : progress.finalThroughMs;
      for (let start = floor(from, this.windowMs); start <= floor(progress.maxEventMs, this.windowMs); start += this.windowMs) {
        if (start + this.windowMs > progress.finalThroughMs) starts.push(start);
      }
    }
    const found = await Promise.all(
      starts.map((start) =>
        readAll(this.client, `SELECT record_type, chunk, counts, next_offset FROM ${this.keyspace}.login_window_counts WHERE topic = ? AND window_start = ? AND partition = ?`, [this.topic, new Date(start), partition]),
      ),
    );
    const cells: Cell[] = [];
    for (const [i, rows] of found.entries()) {
      const stored: ChunkRow[] = [];
      for (const r of rows) {
        const recordType = String(r.get("record_type"));
        const nextOffset = BigInt(String(r.get("next_offset")));
        const pairs = pairsOf(r.get("counts"));
        stored.push({ recordType, chunk: Number(r.get("chunk")), pairs });
        for (const [value, count] of pairs) cells.push({ windowStartMs: starts[i]!, key: [recordType, value], count, nextOffset });
      }
      layout.loaded(starts[i]!, stored);
    }
    return { progress, cells, streamFinalThroughMs: stream.finalThroughMs };
  }

  /** See WindowStateStore.activate: idle → active, fenced on the partition's offset and the stream's version. */
  async activate(partition: number, expectedNextOffset: bigint | null): Promise<number> {
    const stream = await this.stream();
    const ks = this.keyspace;
    const rs = await this.client.execute(
      `UPDATE ${ks}.login_progress SET idle = false, version = ? WHERE topic = ? AND partition = ? IF version = ? AND next_offset = ?`,
      [toCassandraLong(stream.version + 1n), this.topic, partition, stream.version === 0n ? null : toCassandraLong(stream.version), expectedNextOffset === null ? null : toCassandraLong(expectedNextOffset)],
      LWT,
    );
    if (!rs.wasApplied()) throw new PartitionMovedError(partition);
    return stream.finalThroughMs;
  }

  /**
   * Moves the stream's final-through to `finalThroughMs` if nothing changed since `version` was read
   * (neither an advance nor an activation); returns whether it did.
   */
  async advanceStream(finalThroughMs: number, version: bigint): Promise<boolean> {
    const rs = await this.client.execute(
      `UPDATE ${this.keyspace}.login_progress SET stream_final_through = ?, version = ? WHERE topic = ? IF version = ?`,
      [toCassandraLong(BigInt(Math.trunc(finalThroughMs))), toCassandraLong(version + 1n), this.topic, version === 0n ? null : toCassandraLong(version)],
      LWT,
    );
    return rs.wasApplied();
  }

  /** The stream's final-through and version (Paxos read: it sees every decided transaction). */
  private async stream(): Promise<{ finalThroughMs: number; version: bigint }> {
    const rs = await this.client.execute(`SELECT stream_final_through, version FROM ${this.keyspace}.login_progress WHERE topic = ? LIMIT 1`, [this.topic], SERIAL_READ);
    const row = rs.rows[0];
    return { finalThroughMs: nullableNumber(row?.get("stream_final_through")) ?? NEG, version: row?.get("version") == null ? 0n : BigInt(String(row.get("version"))) };
  }

  /** Writes one batch's changes: the window registry and cells first, then the progress (fenced). */
  async write(update: WindowUpdate): Promise<void> {
    const ks = this.keyspace;
    await executeAll(this.client, `INSERT INTO ${ks}.login_windows (topic, window_start) VALUES (?, ?)`, update.newWindows.map((w) => [this.topic, new Date(w)]));
    // A window's rows share one Cassandra partition: an unlogged batch of them is one round trip and one
    // mutation, applied atomically. Only the rows whose counts changed are written, each whole, with
    // the progress's next offset (the update holds every cell of the windows it changed). Each row stands
    // alone (its own next offset), so a window's rows may go in several batches.
    const insert = `INSERT INTO ${ks}.login_window_counts (topic, window_start, partition, record_type, chunk, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)`;
    const nextOffset = toCassandraLong(update.progress.nextOffset);
    let layout = this.layouts.get(update.partition);
    if (!layout) this.layouts.set(update.partition, (layout = new RowChunks()));
    const byWindow = new Map<number, { recordType: string; value: string; count: number }[]>();
    for (const c of update.cells) {
      const v = { recordType: c.key[0], value: c.key[1], count: c.count };
      const list = byWindow.get(c.windowStartMs);
      if (list) list.push(v);
      else byWindow.set(c.windowStartMs, [v]);
    }
    const batches: { start: number; rows: ChunkRow[] }[] = [];
    for (const [start, values] of byWindow) {
      const rows = layout.changedRows(start, values);
      for (let i = 0; i < rows.length; i += ROWS_PER_BATCH) batches.push({ start, rows: rows.slice(i, i + ROWS_PER_BATCH) });
    }
    layout.dropBefore(update.progress.finalThroughMs - this.windowMs + 1);
    try {
      await Promise.all(
        batches.map(({ start, rows }) =>
          this.client.batch(
            rows.map((r) => ({
              query: insert,
              params: [this.topic, new Date(start), update.partition, r.recordType, r.chunk, r.pairs.map(([value, count]) => new cassandra.types.Tuple(value, cassandra.types.Long.fromNumber(count))), nextOffset],
            })),
            { prepare: true, logged: false, consistency: cassandra.types.consistencies.localQuorum },
          ),
        ),
      );
    } catch (error) {
      throw classifyCassandraError(error, "write login counts");
    }
    if (!(await this.writeProgress(update.partition, update.progress, update.expectedNextOffset))) throw new PartitionMovedError(update.partition);
  }

  /**
   * Writes a partition's progress if nobody moved it since `expected` (null: never written); returns
   * false when another consumer did (this one lost the partition and must not write for it).
   */
  async writeProgress(partition: number, p: PartitionProgress, expected: bigint | null): Promise<boolean> {
    const values = [nullableLong(p.maxEventMs), nullableLong(p.finalThroughMs === NEG ? null : p.finalThroughMs), toCassandraLong(p.nextOffset), new Date(p.lastActivityMs), p.idle];
    const ks = this.keyspace;
    // `IF next_offset = null` rather than IF NOT EXISTS: the row may exist for its static columns alone.
    const rs = await this.client.execute(
      `UPDATE ${ks}.login_progress SET max_event = ?, final_through = ?, next_offset = ?, last_activity = ?, idle = ? WHERE topic = ? AND partition = ? IF next_offset = ?`,
      [...values, this.topic, partition, expected === null ? null : toCassandraLong(expected)],
      LWT,
    );
    return rs.wasApplied();
  }

  /** Every partition's progress, the stream's final-through and its version, in one Paxos read. */
  async progress(): Promise<StreamProgress> {
    const rs = await this.client.execute(
      `SELECT partition, final_through, idle, next_offset, stream_final_through, version FROM ${this.keyspace}.login_progress WHERE topic = ?`,
      [this.topic],
      SERIAL_READ,
    );
    const rows = rs.rows.filter((r) => r.get("next_offset") !== null);
    const first = rs.rows[0];
    return {
      partitions: rows.map((r) => ({
        partition: Number(r.get("partition")),
        finalThroughMs: nullableNumber(r.get("final_through")) ?? NEG,
        idle: r.get("idle") === true,
        nextOffset: BigInt(String(r.get("next_offset"))),
      })),
      finalThroughMs: nullableNumber(first?.get("stream_final_through")) ?? NEG,
      version: first?.get("version") == null ? 0n : BigInt(String(first.get("version"))),
    };
  }

  /** Starts of the windows with counts in [fromMs, toMs), ascending. */
  async windowsBetween(fromMs: number, toMs: number): Promise<number[]> {
    const rows = await readAll(this.client, `SELECT window_start FROM ${this.keyspace}.login_windows WHERE topic = ? AND window_start >= ? AND window_start < ?`, [this.topic, new Date(fromMs), new Date(toMs)]);
    return rows.map((r) => (r.get("window_start") as Date).getTime());
  }

  /** Starts of the `n` latest windows with counts, ascending. */
  async lastWindows(n: number): Promise<number[]> {
    const rows = await readAll(this.client, `SELECT window_start FROM ${this.keyspace}.login_windows WHERE topic = ? ORDER BY window_start DESC LIMIT ${Math.max(1, Math.floor(n))}`, [this.topic]);
    return rows.map((r) => (r.get("window_start") as Date).getTime()).reverse();
  }

  /** A window's counts summed over partitions. */
  async windowCounts(windowStartMs: number): Promise<WindowCount[]> {
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

function floor(ms: number, size: number): number {
  return Math.floor(ms / size) * size;
}

function nullableNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(String(v));
}

function nullableLong(v: number | null): cassandra.types.Long | null {
  return v === null ? null : toCassandraLong(BigInt(Math.trunc(v)));
}
