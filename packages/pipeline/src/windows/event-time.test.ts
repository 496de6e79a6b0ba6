import { describe, expect, test } from "bun:test";
import { flushIfIdle, freshProgress, isLate, observeEvent, streamFinalThrough } from "./event-time-progress.ts";
import { fixedWindows } from "./fixed-windows.ts";
import { WindowedCounts, type Cell } from "./windowed-counts.ts";

const S = 1000;
const options = { windows: fixedWindows(20 * S), allowedLatenessMs: 10 * S, idleMs: 30 * S };

describe("event-time progress of a partition", () => {
  test("the watermark is the highest event time minus the lateness; windows end ≤ it are final", () => {
    const p = freshProgress(0);
    expect(isLate(p, 5 * S, options)).toBe(false); // nothing is final before the first event
    observeEvent(p, 35 * S, options); // watermark 25 s: window [0, 20) is final
    expect(p.finalThroughMs).toBe(25 * S);
    expect(isLate(p, 19_999, options)).toBe(true);
    expect(isLate(p, 20 * S, options)).toBe(false); // [20, 40) ends at 40 > 25
    observeEvent(p, 30 * S, options); // out of order inside the lateness: nothing moves back
    expect(p.finalThroughMs).toBe(25 * S);
    observeEvent(p, 50 * S, options);
    expect(isLate(p, 39 * S, options)).toBe(true);
  });

  test("idle for idleMs: everything up to the wall clock − lateness (open windows included) is final", () => {
    const p = freshProgress(0);
    observeEvent(p, 45 * S, options);
    p.lastActivityMs = 100 * S;
    expect(flushIfIdle(p, 129 * S, options)).toBe(false);
    expect(flushIfIdle(p, 130 * S, options)).toBe(true);
    expect(p.finalThroughMs).toBe(120 * S);
    expect(isLate(p, 59 * S, options)).toBe(true);
    expect(flushIfIdle(p, 130 * S, options)).toBe(false); // nothing more to move
  });

  test("idle flush of historical data still closes the partition's last window", () => {
    const p = freshProgress(0);
    observeEvent(p, 1_000_000 * S, options); // an event far ahead of the wall clock
    expect(flushIfIdle(p, 30 * S, options)).toBe(true);
    expect(p.finalThroughMs).toBe(1_000_020 * S);
  });

  test("the stream's windows are final once every partition passed them", () => {
    expect(streamFinalThrough([{ finalThroughMs: 40 * S }, { finalThroughMs: 25 * S }], 2)).toBe(25 * S);
    expect(streamFinalThrough([{ finalThroughMs: 40 * S }], 2)).toBe(Number.NEGATIVE_INFINITY); // a partition not heard from
    expect(streamFinalThrough([], 0)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("windowed counts", () => {
  const keys = (device: string) => [["device_type", device], ["total", ""]] as const;

  test("counts each message once per cell, and skips what a cell already holds after a redelivery", () => {
    const counts = new WindowedCounts();
    const touched = new Set<Cell>();
    counts.add(0, keys("ios"), 10n, touched);
    counts.add(0, keys("android"), 11n, touched);
    counts.add(0, keys("ios"), 12n, touched);
    const snapshot = counts.all().map((c) => ({ ...c }));
    expect(snapshot.map((c) => [c.key.join("="), c.count, c.nextOffset])).toEqual([
      ["device_type=ios", 2, 13n],
      ["total=", 3, 13n],
      ["device_type=android", 1, 12n],
    ]);
    // A consumer restarts from these stored cells and gets offsets 11..13 again.
    const resumed = new WindowedCounts(snapshot);
    const again = new Set<Cell>();
    resumed.add(0, keys("android"), 11n, again);
    resumed.add(0, keys("ios"), 12n, again);
    resumed.add(0, keys("ios"), 13n, again);
    expect(resumed.all().map((c) => [c.key.join("="), c.count])).toEqual([
      ["device_type=ios", 3],
      ["total=", 4],
      ["device_type=android", 1],
    ]);
    expect([...again].map((c) => c.key.join("="))).toEqual(["device_type=ios", "total="]);
  });

  test("final windows leave memory", () => {
    const counts = new WindowedCounts();
    const t = new Set<Cell>();
    counts.add(0, keys("a"), 1n, t);
    counts.add(20 * S, keys("a"), 2n, t);
    counts.dropBefore(20 * S);
    expect(counts.all().map((c) => c.windowStartMs)).toEqual([20 * S, 20 * S]);
  });
});
