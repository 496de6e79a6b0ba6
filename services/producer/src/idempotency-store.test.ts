import { describe, expect, test } from "bun:test";
import { IdempotencyConflictError } from "./errors.ts";
import { IdempotencyStore } from "./idempotency-store.ts";

function store(maxKeys = 10, ttlMs = 1000) {
  const clock = { t: 0 };
  const s = new IdempotencyStore<string>({ maxKeys, ttlMs, now: () => clock.t });
  let calls = 0;
  const work = (v: string) => async () => {
    calls++;
    return v;
  };
  return { s, clock, work, calls: () => calls };
}

describe("IdempotencyStore", () => {
  test("the same key and fingerprint runs once; the retry gets the first outcome, marked replayed", async () => {
    const { s, work, calls } = store();
    expect(await s.run("k", "f", work("first"))).toEqual({ result: "first", replayed: false });
    expect(await s.run("k", "f", work("second"))).toEqual({ result: "first", replayed: true });
    expect(calls()).toBe(1);
  });

  test("the same key with another fingerprint is a conflict and runs nothing", async () => {
    const { s, work, calls } = store();
    await s.run("k", "f", work("first"));
    await expect(s.run("k", "other", work("x"))).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(calls()).toBe(1);
  });

  test("a retry arriving while the first is in flight waits for it instead of running again", async () => {
    const { s } = store();
    let release!: (v: string) => void;
    let runs = 0;
    const slow = () => {
      runs++;
      return new Promise<string>((r) => (release = r));
    };
    const first = s.run("k", "f", slow);
    const retry = s.run("k", "f", slow);
    let settled = false;
    void retry.then(() => (settled = true));
    await Bun.sleep(1);
    expect(settled).toBe(false);
    release("done");
    expect(await first).toEqual({ result: "done", replayed: false });
    expect(await retry).toEqual({ result: "done", replayed: true });
    expect(runs).toBe(1);
  });

  test("a failure is not remembered: the next call with the key runs again", async () => {
    const { s, work } = store();
    await expect(
      s.run("k", "f", async () => {
        throw new Error("kafka down");
      }),
    ).rejects.toThrow("kafka down");
    expect(s.size).toBe(0);
    expect(await s.run("k", "f", work("ok"))).toEqual({ result: "ok", replayed: false });
  });

  test("a key expires ttl after its first use; then it may carry a new request", async () => {
    const { s, clock, work } = store(10, 1000);
    await s.run("k", "f", work("first"));
    clock.t = 999;
    expect((await s.run("k", "f", work("x"))).replayed).toBe(true);
    clock.t = 1000;
    expect(await s.run("k", "other", work("second"))).toEqual({ result: "second", replayed: false });
  });

  test("at most maxKeys keys: the least recently used goes first", async () => {
    const { s, work } = store(2);
    await s.run("a", "f", work("a"));
    await s.run("b", "f", work("b"));
    await s.run("a", "f", work("a2")); // a is now the most recent
    await s.run("c", "f", work("c"));
    expect(s.size).toBe(2);
    expect((await s.run("a", "f", work("a3"))).replayed).toBe(true);
    expect(await s.run("b", "f", work("b2"))).toEqual({ result: "b2", replayed: false });
  });

  test("expired keys at the old end are swept when new keys arrive", async () => {
    const { s, clock, work } = store(100, 10);
    for (let i = 0; i < 50; i++) await s.run(`k${i}`, "f", work("v"));
    clock.t = 11;
    await s.run("fresh", "f", work("v"));
    expect(s.size).toBe(1);
  });
});

describe("IdempotencyStore at its cap", () => {
  test("stays fast once full: evicting is O(1), not a walk over deleted slots", async () => {
    const s = new IdempotencyStore<number>({ maxKeys: 20_000, ttlMs: 3_600_000 });
    const one = async () => 1;
    for (let i = 0; i < 40_000; i++) await s.run(`warm-${i}`, "f", one);
    const t0 = performance.now();
    for (let i = 0; i < 40_000; i++) await s.run(`k-${i}`, "f", one);
    const perOpMicros = ((performance.now() - t0) * 1000) / 40_000;
    expect(s.size).toBe(20_000);
    // ~2 µs here; the Map-iteration version took 30-100 µs at this point.
    expect(perOpMicros).toBeLessThan(20);
    expect((await s.run("k-39999", "f", async () => 2)).replayed).toBe(true);
    expect((await s.run("k-0", "f", async () => 2)).replayed).toBe(false);
  });
});
