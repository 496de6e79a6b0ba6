import { describe, expect, test } from "bun:test";
import { pipeline } from "../../model/pipeline.ts";
import { sinkOf } from "../../model/sink.ts";
import { JobTimers } from "./job-timers.ts";
import { kafkaJob, type JobTimer } from "./kafka-job.ts";
import { kafkaTopic } from "./kafka-topic.ts";

const logs: string[] = [];
const logger = { debug() {}, info() {}, warn: (msg: string) => void logs.push(msg), error() {} };
const jobWith = (timer: JobTimer) => kafkaJob("clock-job", pipeline.from(kafkaTopic("t")).to(sinkOf(async () => {})), { timers: [timer] });

describe("job timers", () => {
  test("run on their interval with the partitions owned now, never overlapping, and survive a failure", async () => {
    const seen: (readonly number[])[] = [];
    let active = 0;
    let peak = 0;
    let calls = 0;
    const timer: JobTimer = {
      name: "flush",
      everyMs: 10,
      async run(assigned) {
        calls++;
        active++;
        peak = Math.max(peak, active);
        seen.push(assigned);
        await Bun.sleep(25); // longer than the interval: ticks meanwhile are skipped
        active--;
        if (calls === 1) throw new Error("cassandra down");
      },
    };
    let owned = [0, 2];
    const timers = new JobTimers([jobWith(timer)], () => owned, logger);
    timers.start();
    await Bun.sleep(45);
    owned = [1];
    await Bun.sleep(45);
    await timers.stop();
    const after = calls;
    await Bun.sleep(30);
    expect(calls).toBe(after); // stopped
    expect(peak).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toEqual([0, 2]);
    expect(seen.at(-1)).toEqual([1]);
    expect(logs).toContain("job timer failed; it runs again next time");
  });

  test("stop waits for the run in flight, and its signal tells it to end", async () => {
    let aborted = false;
    let finished = false;
    const timers = new JobTimers(
      [jobWith({ name: "slow", everyMs: 10, run: async (_a, signal) => { await Bun.sleep(40); aborted = signal.aborted; finished = true; } })],
      () => [],
      logger,
    );
    timers.start();
    await Bun.sleep(15);
    await timers.stop();
    expect(finished).toBe(true);
    expect(aborted).toBe(true);
  });

  test("a timer needs a sensible interval", () => {
    expect(() => jobWith({ name: "busy", everyMs: 0, run: async () => {} })).toThrow(/everyMs/);
  });
});

describe("job timers, woken", () => {
  test("a wake runs the timer before its interval, once per wake, and a wake during a run runs it again after", async () => {
    const starts: number[] = [];
    let wake!: (delayMs?: number) => void;
    let slow = false;
    const timer: JobTimer = {
      name: "publish",
      everyMs: 10_000, // the interval never fires in this test
      wakeWith: (w) => void (wake = w),
      async run() {
        starts.push(Date.now());
        if (slow) await Bun.sleep(30);
      },
    };
    const timers = new JobTimers([jobWith(timer)], () => [0], logger);
    timers.start();
    const t0 = Date.now();
    wake(20);
    wake(50); // later than the pending wake: no extra run
    await Bun.sleep(80);
    expect(starts.length).toBe(1);
    expect(starts[0]! - t0).toBeGreaterThanOrEqual(15);
    slow = true;
    wake();
    await Bun.sleep(5);
    wake(); // during the run
    wake(); // coalesced with the one before
    await Bun.sleep(100);
    expect(starts.length).toBe(3);
    await timers.stop();
    wake();
    await Bun.sleep(20);
    expect(starts.length).toBe(3); // stopped: wakes do nothing
  });

  test("stop cancels a pending wake", async () => {
    let runs = 0;
    let wake!: (delayMs?: number) => void;
    const timers = new JobTimers([jobWith({ name: "later", everyMs: 10_000, wakeWith: (w) => void (wake = w), run: async () => void runs++ })], () => [], logger);
    timers.start();
    wake(30);
    await timers.stop();
    await Bun.sleep(50);
    expect(runs).toBe(0);
  });
});
