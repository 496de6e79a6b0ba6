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

  test("idle for idleMs: the partition closes its open windows and stops holding the stream back", () => {
    const p = freshProgress(0);
    observeEvent(p, 45 * S, options); // F = 35 s: [20, 40) final, [40, 60) open
    p.lastActivityMs = 100 * S;
    expect(flushIfIdle(p, 129 * S, options)).toBe(false);
    expect(flushIfIdle(p, 130 * S, options)).toBe(true);
    expect(p).toMatchObject({ idle: true, finalThroughMs: 60 * S }); // its last window is closed
    expect(isLate(p, 59 * S, options)).toBe(true);
    expect(isLate(p, 60 * S, options)).toBe(false); // later windows are still open to it
    expect(flushIfIdle(p, 200 * S, options)).toBe(false); // already idle
    observeEvent(p, 70 * S, options);
    expect(p.idle).toBe(false); // events make it active again
  });

  test("a partition that never saw an event goes idle without closing anything", () => {
    const p = freshProgress(0);
    expect(flushIfIdle(p, 30 * S, options)).toBe(true);
    expect(p).toMatchObject({ idle: true, finalThroughMs: Number.NEGATIVE_INFINITY });
  });

  test("an event is late for a window the stream closed, even when its partition's own F is behind", () => {
    const p = freshProgress(0);
    expect(isLate(p, 5 * S, options, 20 * S)).toBe(true);
    expect(isLate(p, 25 * S, options, 20 * S)).toBe(false);
  });

  test("the stream's windows are final once every active partition passed them; idle ones hold nothing", () => {
    const a = (f: number, idle = false) => ({ finalThroughMs: f * S, idle });
    expect(streamFinalThrough([a(40), a(25)], 2)).toBe(25 * S);
    expect(streamFinalThrough([a(40), a(25, true)], 2)).toBe(40 * S);
    expect(streamFinalThrough([a(40, true), a(60, true)], 2)).toBe(60 * S); // all idle: every window with events closed
    expect(streamFinalThrough([a(40)], 2)).toBe(Number.NEGATIVE_INFINITY); // a partition not heard from
    expect(streamFinalThrough([a(10), a(30)], 2, 20 * S)).toBe(20 * S); // never goes back
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
