import { describe, expect, test } from "bun:test";
import { fakeClock } from "./fake-clock.ts";
import { sendInBatches, type Progress } from "./send-in-batches.ts";

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("sendInBatches", () => {
  test("sends everything in order, in batches of at most batchSize, with progress after each", async () => {
    const batches: number[][] = [];
    const progress: Progress[] = [];
    const result = await sendInBatches(numbers(2500), async (b) => void batches.push(b), { total: 2500, batchSize: 1000, onProgress: (p) => progress.push(p) });
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat()).toEqual(numbers(2500));
    expect(progress.map((p) => p.sent)).toEqual([1000, 2000, 2500]);
    expect(result).toMatchObject({ sent: 2500, total: 2500, aborted: false });
  });

  test("builds the next batch while one is in flight, but never has two sends in flight", async () => {
    let inFlight = 0;
    let most = 0;
    let pulled = 0;
    const records = (function* () {
      for (let i = 0; i < 50; i++) {
        pulled++;
        yield i;
      }
    })();
    const pulledWhileSending: number[] = [];
    await sendInBatches(records, async () => {
      most = Math.max(most, ++inFlight);
      await Bun.sleep(1);
      pulledWhileSending.push(pulled);
      inFlight--;
    }, { total: 50, batchSize: 10 });
    expect(most).toBe(1);
    // While batch 1 was sent, batch 2 had already been pulled from the generator (plus one record of lookahead).
    expect(pulledWhileSending[0]).toBe(21);
  });

  test("count 0: nothing sent, no progress", async () => {
    let calls = 0;
    const result = await sendInBatches([], async () => void calls++, { total: 0, batchSize: 10, onProgress: () => calls++ });
    expect(calls).toBe(0);
    expect(result).toMatchObject({ sent: 0, aborted: false });
  });

  test("a rate paces the run on the wall clock", async () => {
    const clock = fakeClock();
    const result = await sendInBatches(numbers(50), async () => {}, { total: 50, batchSize: 1000, rate: 10, clock });
    expect(result.sent).toBe(50);
    // 1 record at once, then 10 per second: 49 more take 4.9 s.
    expect(clock.t).toBeGreaterThanOrEqual(4800);
    expect(clock.t).toBeLessThanOrEqual(5000);
    expect(result.seconds).toBeCloseTo(clock.t / 1000, 5);
  });

  test("abort stops between batches; the batch in flight is still counted", async () => {
    const controller = new AbortController();
    const sent: number[] = [];
    const result = await sendInBatches(numbers(100), async (b) => {
      sent.push(...b);
      if (sent.length === 20) controller.abort();
    }, { total: 100, batchSize: 10, signal: controller.signal });
    expect(result.aborted).toBe(true);
    // Batch 3 was built while batch 2 was in flight, and is sent before the loop looks at the signal again.
    expect(result.sent).toBe(sent.length);
    expect(result.sent).toBeLessThanOrEqual(30);
  });

  test("a failing send rejects the run with its error", async () => {
    const progress: number[] = [];
    const run = sendInBatches(numbers(100), async (b) => {
      if (b[0] === 20) throw new Error("broker gone");
    }, { total: 100, batchSize: 10, onProgress: (p) => progress.push(p.sent) });
    await expect(run).rejects.toThrow("broker gone");
    expect(progress.at(-1)).toBe(20);
  });
});
