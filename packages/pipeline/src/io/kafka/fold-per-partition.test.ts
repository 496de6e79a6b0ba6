import { describe, expect, test } from "bun:test";
import { createContext } from "../../model/context.ts";
import { FoldMovedError, foldPerPartition, type PartitionFold, type PartitionFoldStore, type PartitionFoldUpdate } from "./fold-per-partition.ts";
import type { KafkaRecord } from "./kafka-record.ts";

/** Sums of message values, as a mergeable accumulator. */
const sums = {
  createAccumulator: () => ({ total: 0 }),
  mergeAccumulators: (accs: Iterable<{ total: number }>) => {
    const [first, ...rest] = [...accs];
    for (const a of rest) first!.total += a.total;
    return first!;
  },
};

/** An in-memory store with the compare-and-set the sink does. */
function memoryStore() {
  const rows = new Map<string, PartitionFold<{ total: number }>>();
  const loads: string[] = [];
  const store: PartitionFoldStore<{ total: number }> = {
    async load(topic, partition) {
      loads.push(`${topic}/${partition}`);
      const row = rows.get(`${topic}/${partition}`);
      return row ? { accumulator: { ...row.accumulator }, nextOffset: row.nextOffset } : null;
    },
  };
  const write = (updates: readonly PartitionFoldUpdate<{ total: number }>[]) => {
    for (const u of updates) {
      const key = `${u.topic}/${u.partition}`;
      if ((rows.get(key)?.nextOffset ?? null) !== u.expectedNextOffset) throw new FoldMovedError(u.topic, u.partition);
      rows.set(key, { accumulator: { ...u.accumulator }, nextOffset: u.nextOffset });
    }
  };
  return { store, rows, loads, write };
}

const records = (partition: number, first: number, values: number[], topic = "t"): KafkaRecord[] =>
  values.map((v, i) => ({ topic, partition, offset: String(first + i), key: null, value: Buffer.from(String(v)), headers: {}, timestamp: 0 }));

const read = (r: KafkaRecord) => ({ total: Number(r.value!.toString()) });

describe("foldPerPartition", () => {
  test("a running result per partition; each update says what it builds on and what the batch added", async () => {
    const m = memoryStore();
    const fold = foldPerPartition({ combine: sums, read, store: m.store });
    const first = await fold([...records(0, 0, [1, 2]), ...records(1, 0, [10])], createContext("b1"));
    expect(first.map((u) => [u.partition, u.accumulator.total, u.nextOffset, u.expectedNextOffset, u.delta.total, u.messages])).toEqual([
      [0, 3, 2n, null, 3, 2],
      [1, 10, 1n, null, 10, 1],
    ]);
    m.write(first);
    const second = await fold(records(0, 2, [4]), createContext("b2"));
    expect(second.map((u) => [u.accumulator.total, u.nextOffset, u.expectedNextOffset, u.delta.total])).toEqual([[7, 3n, 2n, 4]]);
    expect(m.loads).toEqual(["t/0", "t/1"]); // the cache continued where it ended: no second load
  });

  test("after a restart, redelivered messages already in the store are skipped", async () => {
    const m = memoryStore();
    m.write(await foldPerPartition({ combine: sums, read, store: m.store })(records(0, 0, [1, 2, 3]), createContext("a")));
    const restarted = foldPerPartition({ combine: sums, read, store: m.store });
    const [u] = await restarted(records(0, 1, [2, 3, 100]), createContext("b")); // offsets 1, 2 are stored already
    expect([u!.accumulator.total, u!.delta.total, u!.messages, u!.nextOffset]).toEqual([106, 100, 1, 4n]);
    expect(await restarted(records(0, 0, [1, 2]), createContext("c"))).toEqual([]); // nothing new
  });

  test("a write that failed leaves the store as it was: the redelivered batch is loaded again and gives the same update", async () => {
    const m = memoryStore();
    const fold = foldPerPartition({ combine: sums, read, store: m.store });
    m.write(await fold(records(0, 0, [1]), createContext("a")));
    const lost = await fold(records(0, 1, [5, 6]), createContext("b")); // the sink fails: not written
    const again = await fold(records(0, 1, [5, 6]), createContext("b"));
    expect(again.map((u) => [u.accumulator.total, u.expectedNextOffset])).toEqual(lost.map((u) => [u.accumulator.total, u.expectedNextOffset]));
    expect(again[0]!.accumulator.total).toBe(12);
    m.write(again);
    expect(m.rows.get("t/0")).toEqual({ accumulator: { total: 12 }, nextOffset: 3n });
  });

  test("another consumer that wrote meanwhile makes the compare-and-set fail; the retry folds from its result", async () => {
    const m = memoryStore();
    const a = foldPerPartition({ combine: sums, read, store: m.store });
    const b = foldPerPartition({ combine: sums, read, store: m.store });
    m.write(await a(records(0, 0, [1]), createContext("a1")));
    const stale = await a(records(0, 1, [2]), createContext("a2"));
    m.write(await b(records(0, 1, [2, 3]), createContext("b1"))); // b took the partition over and wrote offsets 1–2
    expect(() => m.write(stale)).toThrow(FoldMovedError);
    expect(new FoldMovedError("t", 0).retriable).toBe(true);
    const retried = await a(records(0, 1, [2, 3, 4]), createContext("a2"));
    expect(retried.map((u) => [u.accumulator.total, u.delta.total])).toEqual([[10, 4]]);
  });
});
