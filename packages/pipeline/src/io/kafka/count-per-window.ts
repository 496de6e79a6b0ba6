import { asPoison } from "../../errors.ts";
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
  /** Cells changed, as absolute counts with their next offset. */
  cells: Cell[];
  /** Window starts that got their first cell in this batch (for a registry of windows). */
  newWindows: number[];
  progress: PartitionProgress;
  /** The progress's `nextOffset` as last stored (null: never stored): the write must find it unchanged. */
  expectedNextOffset: bigint | null;
  /** Events whose window was already final for this partition: counted here, added nowhere. */
  late: number;
}

export interface CountPerWindowOptions extends EventTimeOptions {
  /** Reads one message as an event, or throws (a PoisonError sends it to the dead letters with its kind). */
  parse: (record: KafkaRecord) => CountedEvent;
  store: WindowStateStore;
  /** Wall clock, injectable for tests. */
  now?: () => number;
}

interface PartitionState {
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
 * The state is exposed (`partitions`) for the job's timers, which close quiet partitions' windows.
 */
export function countPerWindow(options: CountPerWindowOptions): Transform<KafkaRecord, WindowUpdate> & { partitions: Map<number, PartitionState> } {
  const partitions = new Map<number, PartitionState>();
  const now = options.now ?? Date.now;
  const transform = async (records: readonly KafkaRecord[], ctx: BatchContext): Promise<WindowUpdate[]> => {
    const updates: WindowUpdate[] = [];
    for (const group of byPartition(records)) {
      const first = BigInt(group.records[0]!.offset);
      let state = partitions.get(group.partition);
      if (!state || state.progress.nextOffset !== first) {
        state = await load(options.store, group.partition, now());
        partitions.set(group.partition, state);
      }
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
      updates.push(countBatch(state, group.partition, group.records, options, ctx, now()));
    }
    return updates;
  };
  return Object.assign(transform, { partitions });
}

async function load(store: WindowStateStore, partition: number, nowMs: number): Promise<PartitionState> {
  const stored = await store.load(partition);
  const streamFinalThroughMs = stored.streamFinalThroughMs;
  if (!stored.progress) return { progress: freshProgress(nowMs), counts: new WindowedCounts(), storedNextOffset: null, streamFinalThroughMs };
  return { progress: { ...stored.progress }, counts: new WindowedCounts(stored.cells), storedNextOffset: stored.progress.nextOffset, streamFinalThroughMs };
}

function countBatch(state: PartitionState, partition: number, records: readonly KafkaRecord[], options: CountPerWindowOptions, ctx: BatchContext, nowMs: number): WindowUpdate {
  const touched = new Set<Cell>();
  const before = new Set(state.counts.all().map((c) => c.windowStartMs));
  let late = 0;
  let counted = 0;
  let rejected = 0;
  for (const record of records) {
    const offset = BigInt(record.offset);
    if (offset < state.progress.nextOffset) continue; // already in the stored progress
    state.progress.nextOffset = offset + 1n;
    let event: CountedEvent;
    try {
      event = options.parse(record);
    } catch (error) {
      const poison = asPoison(error);
      if (!poison) throw error;
      ctx.reject(record, poison.reason, poison.kind);
      rejected++;
      continue;
    }
    state.progress.lastActivityMs = nowMs;
    if (isLate(state.progress, event.eventMs, options, state.streamFinalThroughMs)) late++;
    else {
      state.counts.add(options.windows.assign(event.eventMs).start, event.keys, offset, touched);
      counted++;
    }
    observeEvent(state.progress, event.eventMs, options);
  }
  ctx.count({ records: counted, rejected, late });
  const cells = [...touched].map((c) => ({ ...c }));
  const newWindows = [...new Set(cells.map((c) => c.windowStartMs))].filter((w) => !before.has(w));
  const update: WindowUpdate = { partition, cells, newWindows, progress: { ...state.progress }, expectedNextOffset: state.storedNextOffset, late };
  // The cache assumes this update gets written; if it does not, the redelivered batch starts before
  // the cache's nextOffset and the partition is reloaded from the store.
  state.storedNextOffset = state.progress.nextOffset;
  state.counts.dropBefore(options.windows.assign(Math.max(state.progress.finalThroughMs, -8.64e15)).start);
  return update;
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
