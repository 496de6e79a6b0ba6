import type { Cell, PartitionProgress } from "@tally/pipeline";
import { executeAll, readAll, toCassandraLong } from "@tally/pipeline/cassandra";
import type { StoredPartition, WindowStateStore, WindowUpdate } from "@tally/pipeline/kafka";
import cassandra from "cassandra-driver";
import { PartitionMovedError } from "./partition-moved-error.ts";

/** One counted thing of a window, summed over the topic's partitions. */
export interface WindowCount {
  recordType: string;
  value: string;
  count: number;
}

/** A partition's progress as stored: how far its windows are final. */
export interface StoredProgress {
  partition: number;
  finalThroughMs: number;
}

const LWT = { prepare: true, consistency: cassandra.types.consistencies.localQuorum, serialConsistency: cassandra.types.consistencies.localSerial };
const NEG = Number.NEGATIVE_INFINITY;

/**
 * The login job's Cassandra tables (infra/cassandra/schema.cql):
 * - `login_window_cells`: per (topic, window) the counts of each partition, absolute, with the next
 *   offset each holds (so a redelivery is not counted twice);
 * - `login_progress`: per (topic, partition) the event-time progress, written after the cells of a
 *   batch with a lightweight transaction on its `next_offset`, so a consumer that lost the partition
 *   can never move it;
 * - `login_windows`: the windows of a topic that have counts, for range queries.
 */
export class LoginStore implements WindowStateStore {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
    private readonly topic: string,
    private readonly windowMs: number,
  ) {}

  async load(partition: number): Promise<StoredPartition | null> {
    const rows = await readAll(this.client, `SELECT max_event, final_through, next_offset, last_activity FROM ${this.keyspace}.login_progress WHERE topic = ? AND partition = ?`, [this.topic, partition]);
    const row = rows[0];
    if (!row) return null;
    const progress: PartitionProgress = {
      maxEventMs: nullableNumber(row.get("max_event")),
      finalThroughMs: nullableNumber(row.get("final_through")) ?? NEG,
      nextOffset: BigInt(String(row.get("next_offset"))),
      lastActivityMs: (row.get("last_activity") as Date | null)?.getTime() ?? Date.now(),
    };
    // Open windows: those ending after F, up to the window of the highest event time.
    const cells: Cell[] = [];
    if (progress.maxEventMs !== null) {
      const from = progress.finalThroughMs === NEG ? progress.maxEventMs : progress.finalThroughMs;
      for (let start = floor(from, this.windowMs); start <= floor(progress.maxEventMs, this.windowMs); start += this.windowMs) {
        if (start + this.windowMs <= progress.finalThroughMs) continue;
        const found = await readAll(
          this.client,
          `SELECT record_type, value, count, next_offset FROM ${this.keyspace}.login_window_cells WHERE topic = ? AND window_start = ? AND partition = ?`,
          [this.topic, new Date(start), partition],
        );
        for (const c of found) cells.push({ windowStartMs: start, key: [String(c.get("record_type")), String(c.get("value"))], count: Number(c.get("count")), nextOffset: BigInt(String(c.get("next_offset"))) });
      }
    }
    return { progress, cells };
  }

  /** Writes one batch's changes: the window registry and cells first, then the progress (fenced). */
  async write(update: WindowUpdate): Promise<void> {
    const ks = this.keyspace;
    await executeAll(this.client, `INSERT INTO ${ks}.login_windows (topic, window_start) VALUES (?, ?)`, update.newWindows.map((w) => [this.topic, new Date(w)]));
    await executeAll(
      this.client,
      `INSERT INTO ${ks}.login_window_cells (topic, window_start, partition, record_type, value, count, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      update.cells.map((c) => [this.topic, new Date(c.windowStartMs), update.partition, c.key[0], c.key[1], toCassandraLong(c.count), toCassandraLong(c.nextOffset)]),
    );
    if (!(await this.writeProgress(update.partition, update.progress, update.expectedNextOffset))) throw new PartitionMovedError(update.partition);
  }

  /**
   * Writes a partition's progress if nobody moved it since `expected` (null: never written); returns
   * false when another consumer did (this one lost the partition and must not write for it).
   */
  async writeProgress(partition: number, p: PartitionProgress, expected: bigint | null): Promise<boolean> {
    const values = [nullableLong(p.maxEventMs), nullableLong(p.finalThroughMs === NEG ? null : p.finalThroughMs), toCassandraLong(p.nextOffset), new Date(p.lastActivityMs)];
    const ks = this.keyspace;
    const rs =
      expected === null
        ? await this.client.execute(`INSERT INTO ${ks}.login_progress (topic, partition, max_event, final_through, next_offset, last_activity) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS`, [this.topic, partition, ...values], LWT)
        : await this.client.execute(
            `UPDATE ${ks}.login_progress SET max_event = ?, final_through = ?, next_offset = ?, last_activity = ? WHERE topic = ? AND partition = ? IF next_offset = ?`,
            [...values, this.topic, partition, toCassandraLong(expected)],
            LWT,
          );
    return rs.wasApplied();
  }

  /** Every partition's progress (how far its windows are final). */
  async progress(): Promise<StoredProgress[]> {
    const rows = await readAll(this.client, `SELECT partition, final_through FROM ${this.keyspace}.login_progress WHERE topic = ?`, [this.topic]);
    return rows.map((r) => ({ partition: Number(r.get("partition")), finalThroughMs: nullableNumber(r.get("final_through")) ?? NEG }));
  }

  /** Starts of the windows with counts in [fromMs, toMs), ascending. */
  async windowsBetween(fromMs: number, toMs: number): Promise<number[]> {
    const rows = await readAll(this.client, `SELECT window_start FROM ${this.keyspace}.login_windows WHERE topic = ? AND window_start >= ? AND window_start < ?`, [this.topic, new Date(fromMs), new Date(toMs)]);
    return rows.map((r) => (r.get("window_start") as Date).getTime());
  }

  /** A window's counts summed over partitions. */
  async windowCounts(windowStartMs: number): Promise<WindowCount[]> {
    const rows = await readAll(this.client, `SELECT record_type, value, count FROM ${this.keyspace}.login_window_cells WHERE topic = ? AND window_start = ?`, [this.topic, new Date(windowStartMs)]);
    const sums = new Map<string, WindowCount>();
    for (const r of rows) {
      const recordType = String(r.get("record_type"));
      const value = String(r.get("value"));
      const id = `${recordType}\u0000${value}`;
      const entry = sums.get(id) ?? { recordType, value, count: 0 };
      entry.count += Number(r.get("count"));
      sums.set(id, entry);
    }
    return [...sums.values()];
  }
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
