import type { Cell, PartitionProgress } from "@tally/pipeline";
import { readAll, toCassandraLong } from "@tally/pipeline/cassandra";
import type { StoredPartition, WindowStateStore, WindowUpdate } from "@tally/pipeline/kafka";
import cassandra from "cassandra-driver";
import { PartitionMovedError } from "./partition-moved-error.ts";
import { RowChunks, type ChunkRow, type ValueCount } from "./row-chunks.ts";
import { WindowCountRows, type WindowCount } from "./window-count-rows.ts";
import { WindowRegistry } from "./window-registry.ts";

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

/** Activations retried at once while only the stream's version moves under them (see activate). */
const ACTIVATE_ATTEMPTS = 5;
const LWT = { prepare: true, consistency: cassandra.types.consistencies.localQuorum, serialConsistency: cassandra.types.consistencies.localSerial };
// Reads that must see every lightweight transaction already decided (Paxos read).
const SERIAL_READ = { prepare: true, consistency: cassandra.types.consistencies.localSerial };
const NEG = Number.NEGATIVE_INFINITY;

/**
 * The login job's Cassandra tables (infra/cassandra/schema.cql):
 * - `login_counts`: per (topic, window) the counts of each partition, absolute, in rows per
 *   record type of at most 512 values (RowChunks), each with the next offset it holds (so a
 *   redelivery is not counted twice), in Cassandra partitions of an hour of event time;
 * - `login_progress`: per (topic, partition) the event-time progress, written after the cells of a
 *   batch with a lightweight transaction on its `next_offset`, so a consumer that lost the partition
 *   can never move it; and, static per topic, the stream's final-through and a version that both
 *   its advance and an idle partition's activation bump, so the two serialize;
 * - `login_windows`: the windows of a topic that have counts, for range queries (WindowRegistry).
 */
export class LoginStore implements WindowStateStore {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
    private readonly topic: string,
    private readonly windowMs: number,
  ) {
    this.rows = new WindowCountRows(client, keyspace, topic);
    this.registry = new WindowRegistry(client, keyspace, topic);
  }

  /** The window counts' rows. */
  private readonly rows: WindowCountRows;
  /** Per partition, which row each value of its open windows is stored in (rebuilt by load). */
  private readonly layouts = new Map<number, RowChunks>();
  /** The windows that have counts (login_windows). */
  private readonly registry: WindowRegistry;

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
    const found = await Promise.all(starts.map((start) => this.rows.read(start, partition)));
    const cells: Cell[] = [];
    for (const [i, rows] of found.entries()) {
      for (const r of rows) for (const [value, count] of r.pairs) cells.push({ windowStartMs: starts[i]!, key: [r.recordType, value], count, nextOffset: r.nextOffset });
      layout.loaded(starts[i]!, rows);
    }
    return { progress, cells, streamFinalThroughMs: stream.finalThroughMs };
  }

  /**
   * See WindowStateStore.activate: idle → active, fenced on the partition's offset and the stream's
   * version. When only the version moved in between (the publisher closed windows, or another partition
   * woke up) the partition is still this member's: the stream is read again and the activation retried
   * at once, rather than failing the batch into a retry with back-off (up to a second and a half in
   * bench:logins when a resumed consumer's first batch met a publisher run). A moved offset throws.
   */
  async activate(partition: number, expectedNextOffset: bigint | null): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const stream = await this.stream();
      const rs = await this.client.execute(
        `UPDATE ${this.keyspace}.login_progress SET idle = false, version = ? WHERE topic = ? AND partition = ? IF version = ? AND next_offset = ?`,
        [toCassandraLong(stream.version + 1n), this.topic, partition, stream.version === 0n ? null : toCassandraLong(stream.version), expectedNextOffset === null ? null : toCassandraLong(expectedNextOffset)],
        LWT,
      );
      if (rs.wasApplied()) return stream.finalThroughMs;
      const stored = rs.rows[0]?.get("next_offset");
      const offsetHeld = expectedNextOffset !== null && stored != null && BigInt(String(stored)) === expectedNextOffset;
      if (!offsetHeld || attempt >= ACTIVATE_ATTEMPTS) throw new PartitionMovedError(partition);
    }
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
    await this.registry.register(update.newWindows);
    // Only the rows whose counts changed are written, each whole, with the progress's next offset (the
    // update holds every cell of the windows it changed).
    let layout = this.layouts.get(update.partition);
    if (!layout) this.layouts.set(update.partition, (layout = new RowChunks()));
    const byWindow = new Map<number, ValueCount[]>();
    for (const c of update.cells) {
      const v = { recordType: c.key[0], value: c.key[1], count: c.count, nextOffset: c.nextOffset };
      const list = byWindow.get(c.windowStartMs);
      if (list) list.push(v);
      else byWindow.set(c.windowStartMs, [v]);
    }
    const windows: { start: number; rows: ChunkRow[] }[] = [];
    for (const [start, values] of byWindow) windows.push({ start, rows: layout.changedRows(start, values, update.expectedNextOffset) });
    layout.dropBefore(update.progress.finalThroughMs - this.windowMs + 1);
    await this.rows.write(update.partition, windows, update.progress.nextOffset);
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
  windowsBetween(fromMs: number, toMs: number): Promise<number[]> {
    return this.registry.between(fromMs, toMs);
  }

  /** Starts of the `n` latest windows with counts, ascending. */
  lastWindows(n: number): Promise<number[]> {
    return this.registry.last(n);
  }

  /** The counts of each of these windows (in their order), summed over partitions, read an hour of windows at a time. */
  windowCountsOf(starts: readonly number[]): Promise<WindowCount[][]> {
    return this.rows.sumsOf(starts);
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
