import type { PartitionState } from "./consume-state.ts";

/** Per-partition offsets, fed by committed batches and by periodic admin look-ups. */
export class PartitionTable {
  private readonly rows = new Map<string, PartitionState>();

  /** After a commit: the group's position moved to `committed`; `highWatermark` as of the fetch. */
  committed(topic: string, partition: number, committed: number, highWatermark: number): void {
    const row = this.row(topic, partition);
    row.committedOffset = committed;
    row.highWatermark = Math.max(row.highWatermark, highWatermark);
    row.lag = lagOf(row.highWatermark, committed, 0);
  }

  /** From admin.fetchTopicOffsets + admin.fetchOffsets; `committed` < 0 means none yet. */
  observed(topic: string, partition: number, highWatermark: number, lowWatermark: number, committed: number): void {
    const row = this.row(topic, partition);
    row.highWatermark = highWatermark;
    row.committedOffset = committed >= 0 ? committed : null;
    row.lag = lagOf(highWatermark, committed, lowWatermark);
  }

  /** Rows sorted by topic then partition (copies). */
  list(): PartitionState[] {
    return [...this.rows.values()]
      .map((r) => ({ ...r }))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  private row(topic: string, partition: number): PartitionState {
    const key = `${topic}\u0000${partition}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { topic, partition, committedOffset: null, highWatermark: 0, lag: 0 };
      this.rows.set(key, row);
    }
    return row;
  }
}

/**
 * Records not yet committed. Without a commit the group starts from the log start (earliest),
 * so everything retained counts as lag.
 */
export function lagOf(highWatermark: number, committed: number, lowWatermark: number): number {
  const from = committed >= 0 ? committed : lowWatermark;
  return Math.max(0, highWatermark - from);
}
