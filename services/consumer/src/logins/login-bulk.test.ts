import { describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createContext, fixedWindows, type Cell } from "@tally/pipeline";
import { countPerWindow, type KafkaRecord, type StoredPartition, type WindowStateStore, type WindowUpdate } from "@tally/pipeline/kafka";
import fc from "fast-check";
import { loginBulk } from "./login-bulk.ts";
import { loginCells } from "./login-cells.ts";

const kernel = await loadKernelFromDisk();
const W = 20_000;
const T0 = 1_694_479_540;

/** Keeps what the sink would write; counts per window and cell. */
class Store implements WindowStateStore {
  part: StoredPartition = { progress: null, cells: [], streamFinalThroughMs: Number.NEGATIVE_INFINITY };
  async load() {
    return { ...this.part, cells: this.part.cells.map((c) => ({ ...c })) };
  }
  async activate() {
    return Number.NEGATIVE_INFINITY;
  }
  apply(updates: readonly WindowUpdate[]) {
    for (const u of updates) {
      const cells = new Map(this.part.cells.map((c) => [`${c.windowStartMs}/${c.key.join("=")}`, c] as const));
      for (const c of u.cells) cells.set(`${c.windowStartMs}/${c.key.join("=")}`, { ...c });
      this.part = { progress: { ...u.progress }, cells: [...cells.values()] as Cell[], streamFinalThroughMs: Number.NEGATIVE_INFINITY };
    }
  }
  counts() {
    return Object.fromEntries(this.part.cells.map((c) => [`${c.windowStartMs}/${c.key.join("=")}`, c.count]).sort());
  }
}

const rec = (offset: number, value: string): KafkaRecord => ({ topic: "t", partition: 0, offset: String(offset), key: null, value: Buffer.from(value), headers: {}, timestamp: 0 });
const options = (store: WindowStateStore) => ({ parse: loginCells, store, windows: fixedWindows(W), allowedLatenessMs: 10_000, idleMs: 30_000, now: () => 0 });

/** Login records, mostly well-formed, with the cases the two paths must agree on. */
const login = fc.oneof(
  { weight: 20, arbitrary: fc.record({ t: fc.integer({ min: 0, max: 120 }), d: fc.constantFrom("ios", "android", "", "web", "iOS"), l: fc.constantFrom("US", "RU", "NL", "", "DE") }).map(({ t, d, l }) => JSON.stringify({ user_id: "u", device_type: d, locale: l, timestamp: String(T0 + t) })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ timestamp: String(T0 + t) })) }, // no device, no locale
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ device_type: "ios", timestamp: T0 + t })) }, // numeric timestamp, no locale
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ locale: "US", timestamp: String(T0 + t) })) }, // no device
  { weight: 1, arbitrary: fc.constantFrom("not json", "{broken", '{"timestamp":"x"}', '{"timestamp":"12.5"}', "[1]", '{"device_type":"ios"}', "") },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ device_type: 7, locale: true, timestamp: String(T0 + t) })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ device_type: { os: "x" }, locale: "US", timestamp: String(T0 + t) })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => JSON.stringify({ meta: { timestamp: "1" }, device_type: "ios", timestamp: String(T0 + t) })) }, // a nested timestamp first
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }).map((t) => `{"device_type":"ios",\n"timestamp":"${T0 + t}"}`) }, // a newline inside
);

describe("the login job's kernel bulk read", () => {
  test("counts exactly what the per-message path counts (random batches, with late events and poison)", async () => {
    let taken = 0;
    let left = 0;
    const inner = loginBulk(kernel, W);
    const bulk = (records: readonly KafkaRecord[]) => {
      const read = inner(records);
      if (read) taken++;
      else left++;
      return read;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(login, { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 4 }), async (batches) => {
        const slow = new Store();
        const fast = new Store();
        const slowStep = countPerWindow(options(slow));
        const fastStep = countPerWindow({ ...options(fast), bulk });
        const a = createContext("a");
        const b = createContext("b");
        let offset = 0;
        for (const batch of batches) {
          const recs = batch.map((v, i) => rec(offset + i, v));
          offset += batch.length;
          slow.apply(await slowStep(recs, a));
          fast.apply(await fastStep(recs, b));
        }
        expect(fast.counts()).toEqual(slow.counts());
        expect(b.counts).toEqual(a.counts);
        expect(b.rejected.map((r) => `${(r.item as KafkaRecord).offset}:${r.kind}`)).toEqual(a.rejected.map((r) => `${(r.item as KafkaRecord).offset}:${r.kind}`));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
    // Both paths were exercised: a test where the bulk path never ran would prove nothing.
    expect(taken).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
    console.log(`bulk path took ${taken} batches, left ${left} to the per-message path`);
  });

  test("takes well-formed batches in bulk, and leaves what it cannot read to the per-message parse", () => {
    const bulk = loginBulk(kernel, W);
    const good = [0, 1, 25].map((t, i) => rec(i, JSON.stringify({ device_type: "ios", locale: t === 1 ? undefined : "US", timestamp: String(T0 + t) })));
    const read = bulk(good)!;
    expect(read.eventMs).toEqual([T0 * 1000, (T0 + 1) * 1000, (T0 + 25) * 1000]);
    const byKey: Record<string, number> = {};
    for (const c of read.cells) byKey[`${c.windowStartMs / 1000 - T0}/${c.key.join("=")}`] = (byKey[`${c.windowStartMs / 1000 - T0}/${c.key.join("=")}`] ?? 0) + c.count;
    expect(byKey).toEqual({ "0/device_type=ios": 2, "0/total=": 2, "0/locale=US": 1, "0/locale=unknown": 1, "20/device_type=ios": 1, "20/total=": 1, "20/locale=US": 1 });
    expect(bulk([rec(0, '{"device_type":"ios",\n"timestamp":"1"}')])).toBeNull();
  });
});
