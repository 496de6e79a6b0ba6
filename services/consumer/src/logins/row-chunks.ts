/** Most (value, count) pairs one stored row holds (~140 kB at the 256-character value limit). */
export const VALUES_PER_ROW = 512;

/** One row to write: a chunk of a record type's values in a window, with their counts now. */
export interface ChunkRow {
  recordType: string;
  chunk: number;
  pairs: [string, number][];
}

/** A counted value of a window as the job holds it, with the next offset its count holds. */
export interface ValueCount {
  recordType: string;
  value: string;
  count: number;
  nextOffset: bigint;
}

interface TypeChunks {
  /** The chunk each value is stored in: fixed once written, so a value never sits in two rows. */
  chunkOf: Map<string, number>;
  /** Values per chunk. */
  sizes: number[];
}

/**
 * How one partition's window counts are laid out in rows: per (window, record type), values in
 * chunks of at most VALUES_PER_ROW, each value in the chunk it was first written to, new values filling
 * the last chunk then opening the next. A batch rewrites only the chunks whose counts changed, each
 * whole. So a row stays bounded however many distinct values a window gets (a hostile stream of unique
 * locales fills new rows instead of growing one past Cassandra's mutation limit), and a batch's writes
 * are proportional to what it counted, while the usual window (a few device types, ~50 locales) is one
 * row per record type.
 */
export class RowChunks {
  private readonly windows = new Map<number, Map<string, TypeChunks>>();

  constructor(private readonly perRow = VALUES_PER_ROW) {}

  /** What a window holds in storage (its rows as loaded): replaces anything known of it. */
  loaded(windowStartMs: number, rows: readonly ChunkRow[]): void {
    const types = new Map<string, TypeChunks>();
    for (const row of rows) {
      let t = types.get(row.recordType);
      if (!t) types.set(row.recordType, (t = { chunkOf: new Map(), sizes: [] }));
      while (t.sizes.length <= row.chunk) t.sizes.push(0);
      for (const [value] of row.pairs) {
        t.chunkOf.set(value, row.chunk);
        t.sizes[row.chunk]!++;
      }
    }
    this.windows.set(windowStartMs, types);
  }

  /**
   * The rows to write for a window, given every value it counts (the whole window): each chunk with
   * a new value or a value counted since offset `since` (the partition's stored progress before the
   * batch; null: never stored), whole — a count changes only with a message at or past `since`, and
   * that message leaves its next offset above it. New values' chunks are taken as written: if the
   * write fails, the job reloads the partition (and with it this layout) before counting again.
   */
  changedRows(windowStartMs: number, values: readonly ValueCount[], since: bigint | null): ChunkRow[] {
    let types = this.windows.get(windowStartMs);
    if (!types) this.windows.set(windowStartMs, (types = new Map()));
    const changed = new Map<string, Set<number>>();
    const byType = new Map<string, ValueCount[]>();
    for (const v of values) {
      let t = types.get(v.recordType);
      if (!t) types.set(v.recordType, (t = { chunkOf: new Map(), sizes: [] }));
      let chunk = t.chunkOf.get(v.value);
      const isNew = chunk === undefined;
      if (chunk === undefined) {
        chunk = t.sizes.length > 0 && t.sizes[t.sizes.length - 1]! < this.perRow ? t.sizes.length - 1 : t.sizes.push(0) - 1;
        t.chunkOf.set(v.value, chunk);
        t.sizes[chunk]!++;
      }
      if (isNew || since === null || v.nextOffset > since) {
        let set = changed.get(v.recordType);
        if (!set) changed.set(v.recordType, (set = new Set()));
        set.add(chunk);
      }
      const list = byType.get(v.recordType);
      if (list) list.push(v);
      else byType.set(v.recordType, [v]);
    }
    const rows: ChunkRow[] = [];
    for (const [recordType, chunks] of changed) {
      const t = types.get(recordType)!;
      const byChunk = new Map<number, [string, number][]>();
      for (const v of byType.get(recordType)!) {
        const chunk = t.chunkOf.get(v.value)!;
        if (!chunks.has(chunk)) continue;
        const pairs = byChunk.get(chunk);
        if (pairs) pairs.push([v.value, v.count]);
        else byChunk.set(chunk, [[v.value, v.count]]);
      }
      for (const [chunk, pairs] of byChunk) rows.push({ recordType, chunk, pairs });
    }
    return rows;
  }

  /** Forgets windows starting before `windowStartMs` (final: never written again). */
  dropBefore(windowStartMs: number): void {
    for (const start of this.windows.keys()) if (start < windowStartMs) this.windows.delete(start);
  }
}
