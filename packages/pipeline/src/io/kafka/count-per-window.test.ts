import { describe, expect, test } from "bun:test";
import { PoisonError } from "../../errors.ts";
import { createContext } from "../../model/context.ts";
import { fixedWindows } from "../../windows/fixed-windows.ts";
import type { Cell } from "../../windows/windowed-counts.ts";
import { countPerWindow, type StoredPartition, type WindowStateStore, type WindowUpdate } from "./count-per-window.ts";
import type { KafkaRecord } from "./kafka-record.ts";

const S = 1000;
const W = 20 * S;

/** Events as "<seconds>:<device>" strings; "bad" is poison. */
function record(partition: number, offset: number, value: string): KafkaRecord {
  return { topic: "t", partition, offset: String(offset), key: null, value: Buffer.from(value), headers: {}, timestamp: 0 };
}
const parse = (r: KafkaRecord) => {
  const text = r.value!.toString();
  if (text === "bad") throw new PoisonError("not_json", "not JSON");
  const [s, device] = text.split(":");
  return { eventMs: Number(s) * S, keys: [["device_type", device!], ["total", ""]] as const };
};

/** A store that keeps what the sink would write. */
class MemoryStore implements WindowStateStore {
  readonly parts = new Map<number, StoredPartition>();
  streamFinalThroughMs = Number.NEGATIVE_INFINITY;
  activations: number[] = [];
  async load(p: number): Promise<StoredPartition> {
    const s = this.parts.get(p);
    return { progress: s?.progress ? { ...s.progress } : null, cells: s ? s.cells.map((c) => ({ ...c })) : [], streamFinalThroughMs: this.streamFinalThroughMs };
  }
  async activate(p: number) {
    this.activations.push(p);
    const s = this.parts.get(p);
    if (s?.progress) s.progress.idle = false;
    return this.streamFinalThroughMs;
  }
  apply(updates: readonly WindowUpdate[]) {
    for (const u of updates) {
      const cur = this.parts.get(u.partition) ?? { progress: u.progress, cells: [] as Cell[], streamFinalThroughMs: 0 };
      const cells = new Map(cur.cells.map((c) => [`${c.windowStartMs}/${c.key.join("=")}`, c]));
      for (const c of u.cells) cells.set(`${c.windowStartMs}/${c.key.join("=")}`, { ...c });
      this.parts.set(u.partition, { progress: { ...u.progress }, cells: [...cells.values()], streamFinalThroughMs: 0 });
    }
  }
  counts(window: number) {
    const out: Record<string, number> = {};
    for (const s of this.parts.values()) for (const c of s.cells) if (c.windowStartMs === window) out[c.key.join("=")] = (out[c.key.join("=")] ?? 0) + c.count;
    return out;
  }
}

const options = (store: WindowStateStore) => ({ parse, store, windows: fixedWindows(W), allowedLatenessMs: 10 * S, idleMs: 30 * S, now: () => 0 });
const values = (partition: number, from: number, list: string[]) => list.map((v, i) => record(partition, from + i, v));

describe("countPerWindow", () => {
  test("counts per window and partition; late events are counted apart; poison is rejected", async () => {
    const store = new MemoryStore();
    const step = countPerWindow(options(store));
    const ctx = createContext("b1");
    const updates = await step(values(0, 0, ["1:ios", "5:android", "bad", "19:ios", "35:ios", "12:web", "8:web"]), ctx);
    store.apply(updates);
    // 35 s moves the watermark to 25 s: window [0,20) is final, so 12 s and 8 s are late.
    expect(store.counts(0)).toEqual({ "device_type=ios": 2, "total=": 3, "device_type=android": 1 });
    expect(store.counts(W)).toEqual({ "device_type=ios": 1, "total=": 1 });
    expect(updates[0]).toMatchObject({ partition: 0, late: 2, newWindows: [0, W], expectedNextOffset: null });
    expect(ctx.counts).toMatchObject({ records: 4, rejected: 1, late: 2 });
    expect(ctx.rejected.map((r) => r.kind)).toEqual(["not_json"]);
  });

  test("a redelivery after a crash between the cell writes and the commit counts nothing twice", async () => {
    const store = new MemoryStore();
    const batch = values(1, 100, ["1:ios", "2:ios", "3:android", "4:ios"]);
    store.apply(await countPerWindow(options(store))(batch.slice(0, 3), createContext("a")));
    // The process dies before the commit; a new one gets offsets 100..103 again, cut differently.
    const restarted = countPerWindow(options(store));
    store.apply(await restarted(batch.slice(0, 2), createContext("b")));
    store.apply(await restarted(batch.slice(2), createContext("c")));
    expect(store.counts(0)).toEqual({ "device_type=ios": 3, "device_type=android": 1, "total=": 4 });
  });

  test("cells written without their progress (crash in between) still skip what they hold", async () => {
    const store = new MemoryStore();
    const batch = values(2, 0, ["1:ios", "2:ios", "3:web"]);
    const [u] = await countPerWindow(options(store))(batch, createContext("a"));
    // Only the cells reached the store; the progress write was lost.
    store.parts.set(2, { progress: { maxEventMs: null, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset: 0n, lastActivityMs: 0, idle: false }, cells: u!.cells, streamFinalThroughMs: 0 });
    store.apply(await countPerWindow(options(store))(batch, createContext("b")));
    expect(store.counts(0)).toEqual({ "device_type=ios": 2, "device_type=web": 1, "total=": 3 });
  });

  test("a batch that does not start where the cache ends reloads the partition from the store", async () => {
    const store = new MemoryStore();
    const step = countPerWindow(options(store));
    store.apply(await step(values(0, 0, ["1:a"]), createContext("x")));
    // Another consumer handled offsets 1..2 meanwhile and stored them.
    store.apply(await countPerWindow(options(store))(values(0, 1, ["2:a", "3:b"]), createContext("y")));
    store.apply(await step(values(0, 3, ["4:a"]), createContext("z")));
    expect(store.counts(0)).toEqual({ "device_type=a": 3, "device_type=b": 1, "total=": 4 });
  });

  test("an idle partition with new events is activated first; windows the stream closed meanwhile take no more events", async () => {
    const store = new MemoryStore();
    store.apply(await countPerWindow(options(store))(values(0, 0, ["1:a"]), createContext("x")));
    store.parts.get(0)!.progress!.idle = true; // the idle flush ran
    store.streamFinalThroughMs = 40 * S; // and the other partitions closed [0,20) and [20,40)
    const ctx = createContext("y");
    store.apply(await countPerWindow(options(store))(values(0, 1, ["5:a", "30:b", "45:c"]), ctx));
    expect(store.activations).toEqual([0]);
    expect(ctx.counts).toMatchObject({ records: 1, late: 2 });
    expect(store.counts(40 * S)).toEqual({ "device_type=c": 1, "total=": 1 });
    expect(store.counts(0)).toEqual({ "device_type=a": 1, "total=": 1 });
  });
});

describe("countPerWindow's bulk path", () => {
  /** A bulk reader like the kernel's: reads every well-formed event, leaves "bad" and "?" ones (a missing field) to parse. */
  const bulk = (records: readonly KafkaRecord[]) => {
    const eventMs: (number | null)[] = [];
    const cells = new Map<string, { windowStartMs: number; key: readonly [string, string]; count: number }>();
    for (const r of records) {
      const text = r.value!.toString();
      if (text === "bad" || text.endsWith(":?")) {
        eventMs.push(null);
        continue;
      }
      const e = parse(r);
      eventMs.push(e.eventMs);
      const windowStartMs = Math.floor(e.eventMs / W) * W;
      for (const key of e.keys) {
        const id = `${windowStartMs}/${key.join("=")}`;
        const c = cells.get(id) ?? { windowStartMs, key, count: 0 };
        c.count++;
        cells.set(id, c);
      }
    }
    return { eventMs, cells: [...cells.values()] };
  };

  test("gives exactly what the per-message path gives, late events and poison included (random batches)", async () => {
    const fc = (await import("fast-check")).default;
    const event = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom("ios", "android", "web", "?")).map(([s, d]) => `${s}:${d}`) },
      { weight: 1, arbitrary: fc.constant("bad") },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 5 }), async (batches) => {
        const slow = new MemoryStore();
        const fast = new MemoryStore();
        const slowStep = countPerWindow(options(slow));
        const fastStep = countPerWindow({ ...options(fast), bulk });
        let offset = 0;
        const slowCtx = createContext("s");
        const fastCtx = createContext("f");
        for (const batch of batches) {
          const recs = values(0, offset, batch);
          offset += batch.length;
          slow.apply(await slowStep(recs, slowCtx));
          fast.apply(await fastStep(recs, fastCtx));
        }
        for (let w = 0; w <= 200 * S; w += W) expect(fast.counts(w)).toEqual(slow.counts(w));
        expect(fastCtx.counts).toEqual(slowCtx.counts);
        expect(fastCtx.rejected.map((r) => r.kind)).toEqual(slowCtx.rejected.map((r) => r.kind));
        expect(fast.parts.get(0)!.progress).toEqual(slow.parts.get(0)!.progress);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  test("a bulk read that disagrees with parse changes nothing and the batch takes the per-message path", async () => {
    const store = new MemoryStore();
    const liar = (records: readonly KafkaRecord[]) => ({ eventMs: records.map(() => 500 * S), cells: [{ windowStartMs: 500 * S, key: ["device_type", "x"] as const, count: records.length }] });
    const step = countPerWindow({ ...options(store), bulk: liar });
    store.apply(await step(values(0, 0, ["600:a"]), createContext("a"))); // the watermark moves to 490 s, so 500 s ... is not late
    store.apply(await step(values(0, 1, ["1:b"]), createContext("b"))); // 1 s is late: parse says b@1s, the bulk said x@500s
    expect(store.counts(0)).toEqual({});
  });
});

describe("countPerWindow, loads that race", () => {
  test("a timer's load that ends after a batch counted does not put the older state back", async () => {
    const store = new MemoryStore();
    // The first load (a timer's) is slow: it reads the empty store, then answers after the batch.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let loads = 0;
    const slowFirst: WindowStateStore = {
      load: async (p) => {
        const read = await store.load(p);
        if (loads++ === 0) await gate;
        return read;
      },
      activate: (p) => store.activate(p),
    };
    const step = countPerWindow(options(slowFirst));
    const timerLoad = step.stateOf(0);
    const updates = await step(values(0, 0, ["1:a", "2:b", "3:a"]), createContext("b1"));
    store.apply(updates);
    release();
    await timerLoad;
    // The state the batch counted into is still the one a timer (and the next batch) sees.
    expect((await step.stateOf(0)).progress.nextOffset).toBe(3n);
    const next = await step(values(0, 3, ["4:a"]), createContext("b2"));
    expect(next[0]!.expectedNextOffset).toBe(3n);
    expect(loads).toBe(2); // the batch's own load; none after it
  });

  test("a state forgotten while a load was in flight is replaced by that load", async () => {
    const store = new MemoryStore();
    const step = countPerWindow(options(store));
    store.apply(await step(values(1, 0, ["1:a"]), createContext("b1")));
    const reloading = step.stateOf(1);
    step.forget(1);
    await reloading;
    expect((await step.stateOf(1)).progress.nextOffset).toBe(1n);
  });
});
