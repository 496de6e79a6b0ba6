import { ConnectionError } from "../../errors.ts";
import type { CombineFn } from "../../model/combine-fn.ts";
import type { BatchContext } from "../../model/context.ts";
import type { Transform } from "../../model/transform.ts";
import type { KafkaRecord } from "./kafka-record.ts";

/** A partition's running result as stored: the accumulator over every message before `nextOffset`. */
export interface PartitionFold<A> {
  accumulator: A;
  nextOffset: bigint;
}

/** Where each partition's running result lives (Cassandra in production); the sink writes it. */
export interface PartitionFoldStore<A> {
  /** The stored fold of `partition` of `topic`, or null when nothing was stored yet. */
  load(topic: string, partition: number): Promise<PartitionFold<A> | null>;
}

/** What one batch did to one partition: the sink writes `accumulator` and `nextOffset` if the store still holds `expectedNextOffset`. */
export interface PartitionFoldUpdate<A> {
  topic: string;
  partition: number;
  /** Everything up to `nextOffset` (stored + this batch). */
  accumulator: A;
  nextOffset: bigint;
  /** The stored `nextOffset` this update builds on (null: nothing stored): a compare-and-set condition. */
  expectedNextOffset: bigint | null;
  /** This batch's messages alone (e.g. for counters that must grow by each message once). */
  delta: A;
  /** Messages folded in by this batch (redelivered ones already in the store are skipped). */
  messages: number;
}

/**
 * The stored fold moved since this member read it (another consumer wrote the partition, e.g.
 * around a rebalance). Retriable: nothing is committed; the batch is redone from the stored fold.
 */
export class FoldMovedError extends ConnectionError {
  constructor(topic: string, partition: number) {
    super(`${topic}/${partition}: the stored result was moved by another consumer; not committing`);
    this.name = "FoldMovedError";
  }
}

export interface FoldPerPartitionOptions<A> {
  /** Merges accumulators (only createAccumulator and mergeAccumulators are used). */
  combine: Pick<CombineFn<unknown, A, unknown>, "createAccumulator" | "mergeAccumulators">;
  /** One message's own accumulator; it may `ctx.reject` parts of it and `ctx.count` what it read. */
  read: (record: KafkaRecord, ctx: BatchContext) => A;
  store: PartitionFoldStore<A>;
}

/**
 * A running result per partition across batches — exactly once: each message is folded in once,
 * keyed by its offset. Each partition's fold is cached and (re)loaded from the store whenever a
 * batch does not start where the cache ends (a restart, a redelivery after a failed write, a
 * partition that moved between consumers), so the store is the truth and the cache a shortcut;
 * messages before the stored `nextOffset` are skipped. Emits one update per partition for a sink
 * that stores it with a compare-and-set on `expectedNextOffset` (throwing FoldMovedError when that
 * fails). Rows stay one per partition however many messages arrive, so reading the result costs
 * the same after a billion messages as after ten.
 */
export function foldPerPartition<A>(options: FoldPerPartitionOptions<A>): Transform<KafkaRecord, PartitionFoldUpdate<A>> {
  const cache = new Map<string, { fold: PartitionFold<A>; stored: bigint | null }>();
  const { combine } = options;
  return async (records, ctx) => {
    const updates: PartitionFoldUpdate<A>[] = [];
    for (const [key, group] of byPartition(records)) {
      const { topic, partition } = group[0]!;
      let entry = cache.get(key);
      if (!entry || entry.fold.nextOffset !== BigInt(group[0]!.offset)) {
        const stored = await options.store.load(topic, partition);
        entry = { fold: stored ?? { accumulator: combine.createAccumulator(), nextOffset: -1n }, stored: stored?.nextOffset ?? null };
        cache.set(key, entry);
      }
      const partials: A[] = [];
      for (const record of group) {
        const offset = BigInt(record.offset);
        if (offset < entry.fold.nextOffset) continue; // already in the stored result
        partials.push(options.read(record, ctx));
        entry.fold.nextOffset = offset + 1n;
      }
      if (partials.length === 0) continue;
      const delta = combine.mergeAccumulators([combine.createAccumulator(), ...partials]);
      entry.fold.accumulator = combine.mergeAccumulators([entry.fold.accumulator, delta]);
      updates.push({ topic, partition, accumulator: entry.fold.accumulator, nextOffset: entry.fold.nextOffset, expectedNextOffset: entry.stored, delta, messages: partials.length });
      // The cache assumes the update gets written; if not, the redelivery starts before the cache's
      // nextOffset and the partition is loaded again.
      entry.stored = entry.fold.nextOffset;
    }
    return updates;
  };
}

function byPartition(records: readonly KafkaRecord[]): Map<string, KafkaRecord[]> {
  const groups = new Map<string, KafkaRecord[]>();
  for (const r of records) {
    const key = `${r.topic}/${r.partition}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}
