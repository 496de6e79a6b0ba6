/**
 * The login job's store against the real Cassandra: a window with more distinct values than one row
 * holds (a hostile stream of unique locales) is kept in bounded rows, only changed rows are rewritten,
 * and a fresh store loads back exactly the counts (and their rows' next offsets) that were written;
 * an idle partition's activation survives the publisher closing windows under it, and fails only when
 * the partition itself moved.
 */
import { describe, expect, test } from "bun:test";
import type { Cell } from "@tally/pipeline";
import type { WindowUpdate } from "@tally/pipeline/kafka";
import type { Client } from "cassandra-driver";
import { LoginStore } from "../../services/consumer/src/logins/login-store.ts";
import { PartitionMovedError } from "../../services/consumer/src/logins/partition-moved-error.ts";
import { VALUES_PER_ROW } from "../../services/consumer/src/logins/row-chunks.ts";
import { SPAN_MS, spanOf } from "../../services/consumer/src/logins/window-count-rows.ts";
import { useTestKeyspace } from "./fixture.ts";

const db = useTestKeyspace("tally_login_store");
const TOPIC = "user-login-store-test";
const WINDOW = 20_000;
const W = 1_694_479_540_000;

function update(cells: Cell[], nextOffset: bigint, expected: bigint | null): WindowUpdate {
  return {
    partition: 0,
    cells,
    newWindows: expected === null ? [W] : [],
    progress: { maxEventMs: W + 1000, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset, lastActivityMs: Date.now(), idle: false },
    expectedNextOffset: expected,
    late: 0,
  };
}

const cell = (recordType: string, value: string, count: number, nextOffset: bigint): Cell => ({ windowStartMs: W, key: [recordType, value], count, nextOffset });

describe("LoginStore rows", () => {
  test("1,300 distinct locales in one window: rows of at most 512 values, changed rows only, loaded back exactly", async () => {
    const store = new LoginStore(db.client(), db.keyspace, TOPIC, WINDOW);
    await store.load(0);
    const locales = Array.from({ length: 1300 }, (_, i) => `loc-${i}`);
    const first = [...locales.map((l) => cell("locale", l, 1, 1300n)), cell("device_type", "android", 1300, 1300n), cell("total", "", 1300, 1300n)];
    await store.write(update(first, 1300n, null));
    const rows = async () =>
      (await db.client().execute(`SELECT record_type, chunk, counts, next_offset FROM ${db.keyspace}.login_counts WHERE topic = ? AND span_start = ? AND window_start = ? AND partition = 0`, [TOPIC, spanOf(W), new Date(W)], { prepare: true })).rows.map(
        (r) => `${r.get("record_type")}/${r.get("chunk")}: ${(r.get("counts") as unknown[]).length} @${r.get("next_offset")}`,
      );
    expect(VALUES_PER_ROW).toBe(512);
    expect(await rows()).toEqual(["device_type/0: 1 @1300", "locale/0: 512 @1300", "locale/1: 512 @1300", "locale/2: 276 @1300", "total/0: 1 @1300"]);

    // The next batch: one old locale again and 10 new ones. Chunk 0 and device_type are untouched.
    const second = [
      ...locales.map((l) => (l === "loc-700" ? cell("locale", l, 2, 1305n) : cell("locale", l, 1, 1300n))),
      ...Array.from({ length: 10 }, (_, i) => cell("locale", `new-${i}`, 1, 1311n)),
      cell("device_type", "android", 1300, 1300n),
      cell("device_type", "iOS", 11, 1311n),
      cell("total", "", 1311, 1311n),
    ];
    await store.write(update(second, 1311n, 1300n));
    expect(await rows()).toEqual(["device_type/0: 2 @1311", "locale/0: 512 @1300", "locale/1: 512 @1311", "locale/2: 286 @1311", "total/0: 1 @1311"]);

    // A fresh store (another consumer, or a restart) loads what was written.
    const loaded = await new LoginStore(db.client(), db.keyspace, TOPIC, WINDOW).load(0);
    const counts = (cells: readonly Cell[]) => Object.fromEntries(cells.map((c) => [`${c.key[0]}=${c.key[1]}`, c.count]));
    expect(counts(loaded.cells)).toEqual(counts(second));
    // A cell's next offset is its row's: chunk 0 was not rewritten, chunk 1 was.
    const nextOffset = (key: string) => loaded.cells.find((c) => `${c.key[0]}=${c.key[1]}` === key)?.nextOffset;
    expect(nextOffset("locale=loc-0")).toBe(1300n);
    expect(nextOffset("locale=loc-700")).toBe(1311n);
    const sums = Object.fromEntries((await store.windowCountsOf([W]))[0]!.map((c) => [`${c.recordType}=${c.value}`, c.count]));
    expect(sums["total="]).toBe(1311);
    expect(Object.keys(sums).filter((k) => k.startsWith("locale=")).length).toBe(1310);
  }, 60_000);
});

describe("LoginStore activation", () => {
  const topic = "user-login-activate-test";
  const idle = (nextOffset: bigint) => ({ maxEventMs: W + 1000, finalThroughMs: W + WINDOW, nextOffset, lastActivityMs: Date.now(), idle: true });

  /**
   * The real client, except that before the first activation it lets the publisher run once: an
   * advance of the stream lands between the activation's read of the version and its conditional write.
   */
  function racingClient(publisher: LoginStore, finalThroughMs: number): { client: Client; raced: () => number } {
    let raced = 0;
    const real = db.client();
    const client = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== "execute") return Reflect.get(target, prop, receiver);
        return async (query: string, params?: unknown[], options?: object) => {
          if (raced === 0 && query.includes("SET idle = false")) {
            raced++;
            const version = (await real.execute(`SELECT version FROM ${db.keyspace}.login_progress WHERE topic = ? LIMIT 1`, [topic], { prepare: true })).rows[0]?.get("version");
            expect(await publisher.advanceStream(finalThroughMs, version == null ? 0n : BigInt(String(version)))).toBe(true);
          }
          return real.execute(query, params as never, options as never);
        };
      },
    });
    return { client, raced: () => raced };
  }

  test("the stream advancing under an activation is read again, not a moved partition", async () => {
    const publisher = new LoginStore(db.client(), db.keyspace, topic, WINDOW);
    expect(await publisher.writeProgress(0, idle(50n), null)).toBe(true);
    const { client, raced } = racingClient(publisher, W + 3 * WINDOW);
    const store = new LoginStore(client, db.keyspace, topic, WINDOW);
    // The activation sees what the publisher closed meanwhile: events of those windows are late.
    expect(await store.activate(0, 50n)).toBe(W + 3 * WINDOW);
    expect(raced()).toBe(1);
    const p = (await store.progress()).partitions.find((x) => x.partition === 0)!;
    expect(p.idle).toBe(false);
  });

  test("an activation whose partition moved fails", async () => {
    const store = new LoginStore(db.client(), db.keyspace, topic, WINDOW);
    expect(await store.writeProgress(1, idle(70n), null)).toBe(true);
    expect(await store.writeProgress(1, idle(90n), 70n)).toBe(true); // another member counted on
    await expect(store.activate(1, 70n)).rejects.toBeInstanceOf(PartitionMovedError);
  });
});

/** The real client, counting the statement batches written to `table` and failing the first one when told to. */
function batchCountingClient(table: string, failFirst = false): { client: Client; batches: () => number } {
  let calls = 0;
  const real = db.client();
  const client = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== "batch") return Reflect.get(target, prop, receiver);
      return async (queries: { query: string }[], options?: object) => {
        if (queries[0]?.query.includes(`.${table} `)) {
          calls++;
          if (failFirst && calls === 1) throw new Error("injected: Cassandra unavailable");
        }
        return real.batch(queries as never, options as never);
      };
    },
  });
  return { client, batches: () => calls };
}

describe("LoginStore window registry", () => {
  const topic = "user-login-registry-test";

  const update = (partition: number, windows: number[], nextOffset: bigint): WindowUpdate => ({
    partition,
    cells: windows.map((w) => ({ windowStartMs: w, key: ["total", ""], count: 1, nextOffset })),
    newWindows: windows,
    progress: { maxEventMs: windows.at(-1)! + 1000, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset, lastActivityMs: Date.now(), idle: false },
    expectedNextOffset: null,
    late: 0,
  });

  test("windows two partitions both meet are registered once, in one statement batch", async () => {
    const { client, batches: registryBatches } = batchCountingClient("login_windows");
    const store = new LoginStore(client, db.keyspace, topic, WINDOW);
    const windows = [W, W + WINDOW, W + 2 * WINDOW];
    await Promise.all([store.write(update(0, windows, 3n)), store.write(update(1, windows, 3n))]);
    expect(registryBatches()).toBe(1);
    expect(await store.windowsBetween(W, W + 3 * WINDOW)).toEqual(windows);
  });

  test("a registration that failed is written by the next batch that has the window", async () => {
    const { client, batches: registryBatches } = batchCountingClient("login_windows", true);
    const store = new LoginStore(client, db.keyspace, topic + "-2", WINDOW);
    const windows = [W + 10 * WINDOW];
    await expect(store.write(update(0, windows, 1n))).rejects.toThrow();
    await store.write(update(0, windows, 1n)); // the batch again, as the consumer retries it
    expect(registryBatches()).toBe(2);
    expect(await store.windowsBetween(W, W + 20 * WINDOW)).toEqual(windows);
  });
});

describe("LoginStore count rows across spans", () => {
  test("a batch's windows on both sides of an hour go to their two spans; rows past a batch's bytes go in another batch; all read back", async () => {
    const topic = "user-login-span-test";
    const { client, batches } = batchCountingClient("login_counts");
    const before = Math.ceil(W / SPAN_MS) * SPAN_MS - WINDOW; // the last window of an hour
    const starts = [before, before + WINDOW]; // … and the first of the next
    // 3,500 long locale values in each window: 7 rows of up to 512 × ~100 bytes, over a batch's megabyte.
    const long = (i: number) => `locale-${String(i).padStart(4, "0")}-${"x".repeat(88)}`;
    const cells: Cell[] = starts.flatMap((w) => [
      ...Array.from({ length: 3500 }, (_, i) => ({ windowStartMs: w, key: ["locale", long(i)] as [string, string], count: 1, nextOffset: 7000n })),
      { windowStartMs: w, key: ["total", ""] as [string, string], count: 3500, nextOffset: 7000n },
    ]);
    const store = new LoginStore(client, db.keyspace, topic, WINDOW);
    await store.load(0);
    await store.write({
      partition: 0,
      cells,
      newWindows: starts,
      progress: { maxEventMs: before + WINDOW + 1000, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset: 7000n, lastActivityMs: Date.now(), idle: false },
      expectedNextOffset: null,
      late: 0,
    });
    expect(spanOf(starts[0]!).getTime()).not.toBe(spanOf(starts[1]!).getTime());
    expect(batches()).toBe(4); // two spans, each over the bytes of one batch
    for (const w of starts) {
      const [sums] = await store.windowCountsOf([w]);
      expect(sums!.filter((c) => c.recordType === "locale").length).toBe(3500);
      expect(sums!.find((c) => c.recordType === "total")?.count).toBe(3500);
    }
    // Several windows at once, a span at a time: in the order asked, a window without rows empty.
    const [a, b, none] = await store.windowCountsOf([starts[1]!, starts[0]!, starts[0]! - 50 * WINDOW]);
    expect(a!.find((c) => c.recordType === "total")?.count).toBe(3500);
    expect(b!.filter((c) => c.recordType === "locale").length).toBe(3500);
    expect(none).toEqual([]);
    // A fresh store loads the open window (the one of the highest event time) from its span.
    const loaded = await new LoginStore(db.client(), db.keyspace, topic, WINDOW).load(0);
    expect(loaded.cells.length).toBe(3501);
    expect(new Set(loaded.cells.map((c) => c.windowStartMs))).toEqual(new Set([starts[1]!]));
  });
});
