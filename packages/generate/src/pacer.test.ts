import { describe, expect, test } from "bun:test";
import { fakeClock } from "./fake-clock.ts";
import { realClock, tokenBucket, unpaced } from "./pacer.ts";

describe("tokenBucket", () => {
  test("grants one at once, then `rate` per second of wall clock", async () => {
    const clock = fakeClock();
    const bucket = tokenBucket(10, clock);
    let granted = 0;
    while (clock.t < 10_000) granted += await bucket.take(1000);
    // 1 at t=0, then 10 per second for 10 s.
    expect(granted).toBeGreaterThanOrEqual(100);
    expect(granted).toBeLessThanOrEqual(101);
  });

  test("grants at most `max` per take and at most one second's worth after a stall", async () => {
    const clock = fakeClock();
    const bucket = tokenBucket(100, clock);
    expect(await bucket.take(50)).toBe(1);
    clock.t += 60_000; // a minute-long stall
    expect(await bucket.take(1000)).toBe(100);
    expect(await bucket.take(1000)).toBeGreaterThanOrEqual(1);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  test("slow rates wait whole periods: 0.5/s is one record every 2 s", async () => {
    const clock = fakeClock();
    const bucket = tokenBucket(0.5, clock);
    await bucket.take(10);
    await bucket.take(10);
    expect(clock.t).toBeCloseTo(2000, 5);
  });

  test("an aborted signal grants nothing", async () => {
    const bucket = tokenBucket(1, fakeClock());
    await bucket.take(1);
    expect(await bucket.take(1, AbortSignal.abort())).toBe(0);
    expect(await unpaced.take(5, AbortSignal.abort())).toBe(0);
    expect(await unpaced.take(5)).toBe(5);
  });

  test("refuses a rate that is not > 0", () => {
    expect(() => tokenBucket(0)).toThrow(RangeError);
    expect(() => tokenBucket(Number.NaN)).toThrow(RangeError);
  });
});

describe("realClock.sleep", () => {
  test("wakes early when the signal aborts, and never rejects", async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 20);
    await realClock.sleep(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(2000);
    await realClock.sleep(10_000, controller.signal);
  });
});
