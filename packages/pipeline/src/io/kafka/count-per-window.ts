import { asPoison, type Poison } from "../../errors.ts";
import type { KafkaRecord } from "./kafka-record.ts";
import type { BatchContext } from "../../model/context.ts";
import type { Transform } from "../../model/transform.ts";
import { freshProgress, isLate, observeEvent, type EventTimeOptions, type PartitionProgress } from "../../windows/event-time-progress.ts";
import { WindowedCounts, type Cell } from "../../windows/windowed-counts.ts";

/** What one message counts: its event time and the cells it adds one to (e.g. device type, locale, total). */
export interface CountedEvent {
  eventMs: number;
  keys: readonly (readonly [string, string])[];
}

/** A partition's stored state: its progress (null: never written), the cells of its open windows, the stream's final-through. */
export interface StoredPartition {
  progress: PartitionProgress | null;
  cells: Cell[];
  streamFinalThroughMs: number;
}

/** Where the windowed state of each partition lives (Cassandra in production). */
export interface WindowStateStore {
  load(partition: number): Promise<StoredPartition>;
  /**
   * Marks an idle partition active again before its new events are counted, atomically with respect
   * to the stream's final-through moving (which idle partitions do not hold back), and returns that
   * final-through: events of windows it closed meanwhile are late. Throws (retriably) when the
   * partition's stored progress is no longer `expectedNextOffset` or the stream moved in between.
   */
  activate(partition: number, expectedNextOffset: bigint | null): Promise<number>;
}

/** The changes one batch made to one partition, for the sink to write (cells first, then progress). */
export interface WindowUpdate {
  partition: number;
  /**
   * Every cell of each window the batch changed, as absolute counts with their next offset: whole
   * windows, so a store may keep a window's cells of a partition in rows written whole with the
   * progress's next offset (a cell counted in this batch has its next offset past `expectedNextOffset`).
   */
  cells: Cell[];
  /** Window starts that got their first cell in this batch (for a registry of windows). */
  newWindows: number[];
  progress: PartitionProgress;
  /** The progress's `nextOffset` as last stored (null: never stored): the write must find it unchanged. */
  expectedNextOffset: bigint | null;
  /** Events whose window was already final for this partition: counted here, added nowhere. */
  late: number;
}

/**
 * A whole batch read at once (e.g. by the WASM kernel): per message its event time, or null for a
 * message the bulk reader left to `parse` (poison, a missing field); and what the messages it read
 * add to each cell, per window start, late ones included (countPerWindow takes those out).
 */
export interface BulkRead {
  eventMs: (number | null)[];
  cells: { windowStartMs: number; key: readonly [string, string]; count: number }[];
}

export interface CountPerWindowOptions extends EventTimeOptions {
  /** Reads one message as an event, or throws (a PoisonError sends it to the dead letters with its kind). */
  parse: (record: KafkaRecord) => CountedEvent;
  /**
   * Optional fast path: reads a batch at once, or returns null to leave it to `parse`. It must agree
   * with `parse` on every message it reads (same event time, same keys).
   */
  bulk?: (records: readonly KafkaRecord[]) => BulkRead | null;
  store: WindowStateStore;
  /** Wall clock, injectable for tests. */
  now?: () => number;
}

/** One partition's cached state: what countPerWindow and the job's timers (the idle flush) share. */
export interface WindowedPartition {
  progress: PartitionProgress;
  counts: WindowedCounts;
  storedNextOffset: bigint | null;
  /** The stream's final-through as last read (it only matters while this partition was idle). */
  streamFinalThroughMs: number;
}

/**
 * Exact counts per event-time window, per partition, across batches: the stateful step of a
 * windowed job. Each partition's progress and open cells are cached; they are (re)loaded from the
 * store whenever a batch does not start where the cache ends (a restart, a redelivery after a failed
 * write, a partition that came back from another consumer), so the store is the truth and the cache
 * a shortcut. Messages before the stored progress are skipped; a cell skips what it already holds;
 * late events are counted and added nowhere. An idle partition that gets events again is activated
 * in the store first (see `WindowStateStore.activate`). Emits one WindowUpdate per partition.
 *
 * The state is exposed for the job's timers, which close quiet partitions' windows: `stateOf`
 * gives a partition's cached state (loading it the same way), `forget` drops it (to reload next time).
 */
export function countPerWindow(options: CountPerWindowOptions): Transform<KafkaRecord, WindowUpdate> & WindowedState {
  const partitions = new Map<number, WindowedPartition>();
  const now = options.now ?? Date.now;
  const reload = async (partition: number): Promise<WindowedPartition> => {
    const before = partitions.get(partition);
    const state = await load(options.store, partition, now());
    // Loads race: a timer's load that began before a batch's and ends after it must not put the state
    // it read back over the one the batch counted into (the partition would look behind its log for
    // good, and never go idle). An entry set meanwhile is the live one; a forgotten one is replaced.
    const current = partitions.get(partition);
    if (current !== undefined && current !== before) return current;
    partitions.set(partition, state);
    return state;
  };
  const transform = async (records: readonly KafkaRecord[], ctx: BatchContext): Promise<WindowUpdate[]> => {
    const updates: WindowUpdate[] = [];
    for (const group of byPartition(records)) {
      const first = BigInt(group.records[0]!.offset);
      let state = partitions.get(group.partition);
      if (!state || state.progress.nextOffset !== first) state = await reload(group.partition);
      const last = BigInt(group.records[group.records.length - 1]!.offset);
      if (state.progress.idle && last >= state.progress.nextOffset) {
        // New events for an idle partition: become active first, then count against what the stream closed meanwhile.
        try {
          state.streamFinalThroughMs = await options.store.activate(group.partition, state.storedNextOffset);
        } catch (error) {
          partitions.delete(group.partition);
          throw error;
        }
        state.progress.idle = false;
      }
      const fresh = first >= state.progress.nextOffset && state.counts.maxNextOffset() <= first;
      const bulk = fresh && options.bulk ? options.bulk(group.records) : null;
      const viaBulk = bulk ? countBulk(state, group.partition, group.records, bulk, options, ctx, now()) : null;
      updates.push(viaBulk ?? countBatch(state, group.partition, group.records, options, ctx, now()));
    }
    return updates;
  };
  const windowed: WindowedState = {
    stateOf: async (partition) => partitions.get(partition) ?? reload(partition),
    forget: (partition) => void partitions.delete(partition),
  };
  return Object.assign(transform, windowed);
}

/** The windowed step's per-partition state, for timers beside it. */
export interface WindowedState {
  stateOf(partition: number): Promise<WindowedPartition>;
  forget(partition: number): void;
}

/** The message as an event, or why it is poison; other errors (not the message's fault) are thrown. */
function parseOrPoison(parse: (record: KafkaRecord) => CountedEvent, record: KafkaRecord): { event: CountedEvent } | { poison: Poison } {
  try {
    return { event: parse(record) };
  } catch (error) {
    const poison = asPoison(error);
    if (!poison) throw error;
    return { poison };
  }
}

async function load(store: WindowStateStore, partition: number, nowMs: number): Promise<WindowedPartition> {
  const stored = await store.load(partition);
  const streamFinalThroughMs = stored.streamFinalThroughMs;
  if (!stored.progress) return { progress: freshProgress(nowMs), counts: new WindowedCounts(), storedNextOffset: null, streamFinalThroughMs };
  return { progress: { ...stored.progress }, counts: new WindowedCounts(stored.cells), storedNextOffset: stored.progress.nextOffset, streamFinalThroughMs };
}

function countBatch(state: WindowedPartition, partition: number, records: readonly KafkaRecord[], options: CountPerWindowOptions, ctx: BatchContext, nowMs: number): WindowUpdate {
  const touched = new Set<Cell>();
  const before = new Set(state.counts.all().map((c) => c.windowStartMs));
  let late = 0;
  let counted = 0;
  let rejected = 0;
  for (const record of records) {
    const offset = BigInt(record.offset);
    if (offset < state.progress.nextOffset) continue; // already in the stored progress
    state.progress.nextOffset = offset + 1n;
    const read = parseOrPoison(options.parse, record);
    if ("poison" in read) {
      ctx.reject(record, read.poison.reason, read.poison.kind);
      rejected++;
      continue;
    }
    const { event } = read;
    state.progress.lastActivityMs = nowMs;
    if (isLate(state.progress, event.eventMs, options, state.streamFinalThroughMs)) late++;
    else {
      state.counts.add(options.windows.assign(event.eventMs).start, event.keys, offset, touched);
      counted++;
    }
    observeEvent(state.progress, event.eventMs, options);
  }
  return finishBatch(state, partition, touched, before, late, counted, rejected, options, ctx);
}

function finishBatch(state: WindowedPartition, partition: number, touched: Set<Cell>, before: Set<number>, late: number, counted: number, rejected: number, options: CountPerWindowOptions, ctx: BatchContext): WindowUpdate {
  ctx.count({ records: counted, rejected, late });
  const windows = new Set<number>();
  for (const c of touched) windows.add(c.windowStartMs);
  const cells = state.counts.cellsOf(windows).map((c) => ({ ...c }));
  const newWindows = [...windows].filter((w) => !before.has(w));
  const update: WindowUpdate = { partition, cells, newWindows, progress: { ...state.progress }, expectedNextOffset: state.storedNextOffset, late };
  // The cache assumes this update gets written; if it does not, the redelivered batch starts before
  // the cache's nextOffset and the partition is reloaded from the store.
  state.storedNextOffset = state.progress.nextOffset;
  state.counts.dropBefore(options.windows.assign(Math.max(state.progress.finalThroughMs, -8.64e15)).start);
  return update;
}

/**
 * The bulk path of countBatch, for a batch nothing of which was counted before: lateness is still
 * decided message by message in offset order (from the event times the bulk read gives), a late
 * message is parsed alone and taken out of its group, and the groups are then added per cell.
 * Returns null, having changed nothing, when the bulk read and `parse` disagree about a message.
 */
function countBulk(state: WindowedPartition, partition: number, records: readonly KafkaRecord[], bulk: BulkRead, options: CountPerWindowOptions, ctx: BatchContext, nowMs: number): WindowUpdate | null {
  const remaining = new Map<string, { windowStartMs: number; key: readonly [string, string]; count: number }>();
  for (const c of bulk.cells) {
    const id = cellKey(c.windowStartMs, c.key);
    const prev = remaining.get(id);
    if (prev) prev.count += c.count;
    else remaining.set(id, { ...c });
  }
  const progress = { ...state.progress };
  const singles: { offset: bigint; event: CountedEvent }[] = [];
  const poison: { record: KafkaRecord; reason: string; kind: string }[] = [];
  let late = 0;
  let counted = 0;
  // Most neighbouring messages share an event time: remember the last one's window end.
  let lastMs = Number.NaN;
  let lastEnd = 0;
  const lateAt = (ms: number) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastEnd = options.windows.assign(ms).end;
    }
    return lastEnd <= Math.max(progress.finalThroughMs, state.streamFinalThroughMs);
  };
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    let eventMs = bulk.eventMs[i] ?? null;
    if (eventMs === null) {
      // Left to the per-message parse: poison, or an event with a field the bulk reader could not group.
      const read = parseOrPoison(options.parse, record);
      if ("poison" in read) {
        poison.push({ record, ...read.poison });
        continue;
      }
      const { event } = read;
      eventMs = event.eventMs;
      if (lateAt(eventMs)) late++;
      else {
        singles.push({ offset: BigInt(record.offset), event });
        counted++;
      }
    } else if (lateAt(eventMs)) {
      let event: CountedEvent;
      try {
        event = options.parse(record);
      } catch {
        return null;
      }
      if (event.eventMs !== eventMs) return null;
      const start = options.windows.assign(eventMs).start;
      for (const key of event.keys) {
        const c = remaining.get(cellKey(start, key));
        if (!c || c.count === 0) return null;
        c.count--;
      }
      late++;
    } else counted++;
    observeEvent(progress, eventMs, options);
  }
  if (counted + late > 0) progress.lastActivityMs = nowMs;
  // Agreed: apply.
  const touched = new Set<Cell>();
  const before = new Set(state.counts.all().map((c) => c.windowStartMs));
  for (const p of poison) ctx.reject(p.record, p.reason, p.kind);
  for (const s of singles) state.counts.add(options.windows.assign(s.event.eventMs).start, s.event.keys, s.offset, touched);
  const nextOffset = BigInt(records[records.length - 1]!.offset) + 1n;
  for (const c of remaining.values()) state.counts.addCount(c.windowStartMs, c.key, c.count, nextOffset, touched);
  state.progress = { ...progress, nextOffset };
  return finishBatch(state, partition, touched, before, late, counted, poison.length, options, ctx);
}

function cellKey(windowStartMs: number, key: readonly [string, string]): string {
  return `${windowStartMs}\u0000${key[0]}\u0000${key[1]}`;
}

function byPartition(records: readonly KafkaRecord[]): { partition: number; records: KafkaRecord[] }[] {
  const groups = new Map<number, KafkaRecord[]>();
  for (const r of records) {
    const list = groups.get(r.partition);
    if (list) list.push(r);
    else groups.set(r.partition, [r]);
  }
  return [...groups].map(([partition, list]) => ({ partition, records: list }));
}
