/**
 * Exact per-window counts of one partition, kept so a redelivery never counts a message twice.
 *
 * A cell is one counted thing in one window (e.g. `device_type=android` in the window starting at
 * 00:45:40). Each cell carries `nextOffset`: it holds every message of the partition before that
 * offset that belongs to it. After a crash between writing cells and committing the Kafka offset,
 * the redelivered messages below a cell's `nextOffset` are skipped for that cell, so each message is
 * counted once whatever batches kafkajs cuts on the way. Cells are written as absolute values, never
 * increments: a rewrite is harmless.
 */
export interface Cell {
  readonly windowStartMs: number;
  /** What is counted, e.g. ["device_type", "android"] or ["total", ""]. */
  readonly key: readonly [string, string];
  count: number;
  nextOffset: bigint;
}

/** The cells of one partition's open windows, by window start, then key. */
export class WindowedCounts {
  private readonly cells = new Map<string, Cell>();

  constructor(initial: Iterable<Cell> = []) {
    for (const c of initial) this.cells.set(cellId(c.windowStartMs, c.key), { ...c });
  }

  /**
   * Counts message `offset` under `keys` in the window at `windowStartMs` (messages of a partition
   * come in offset order); a cell that already holds the offset (written before a redelivery) is
   * left alone. Changed cells are added to `touched`, for the sink to write.
   */
  add(windowStartMs: number, keys: readonly (readonly [string, string])[], offset: bigint, touched: Set<Cell>): void {
    for (const key of keys) {
      const id = cellId(windowStartMs, key);
      let cell = this.cells.get(id);
      if (!cell) this.cells.set(id, (cell = { windowStartMs, key, count: 0, nextOffset: 0n }));
      if (offset < cell.nextOffset) continue;
      cell.count++;
      cell.nextOffset = offset + 1n;
      touched.add(cell);
    }
  }

  /**
   * Adds `n` messages at once (a bulk count of one batch) under `key`; `nextOffset` is one past the
   * batch's last message, which every message counted here precedes.
   */
  addCount(windowStartMs: number, key: readonly [string, string], n: number, nextOffset: bigint, touched: Set<Cell>): void {
    if (n === 0) return;
    const id = cellId(windowStartMs, key);
    let cell = this.cells.get(id);
    if (!cell) this.cells.set(id, (cell = { windowStartMs, key, count: 0, nextOffset: 0n }));
    cell.count += n;
    if (nextOffset > cell.nextOffset) cell.nextOffset = nextOffset;
    touched.add(cell);
  }

  /** The highest `nextOffset` of any cell (0 when none): a batch starting below it may hold counted messages. */
  maxNextOffset(): bigint {
    let max = 0n;
    for (const c of this.cells.values()) if (c.nextOffset > max) max = c.nextOffset;
    return max;
  }

  /** Cells of windows starting before `windowStartMs` leave memory (they are final and stored). */
  dropBefore(windowStartMs: number): void {
    for (const [id, c] of this.cells) if (c.windowStartMs < windowStartMs) this.cells.delete(id);
  }

  /** Every cell of the windows starting at `starts` (a store writes a changed window whole). */
  cellsOf(starts: ReadonlySet<number>): Cell[] {
    const out: Cell[] = [];
    for (const c of this.cells.values()) if (starts.has(c.windowStartMs)) out.push(c);
    return out;
  }

  get size(): number {
    return this.cells.size;
  }

  all(): Cell[] {
    return [...this.cells.values()];
  }
}

function cellId(windowStartMs: number, key: readonly [string, string]): string {
  return `${windowStartMs}\u0000${key[0]}\u0000${key[1]}`;
}
