import { describe, expect, test } from "bun:test";
import { pipeline } from "../model/pipeline.ts";
import { runInMemory } from "../runners/in-memory.ts";
import { count } from "../transforms/combiners.ts";
import { combinePerWindowAndKey, mapWindowed } from "./combine-per-window-and-key.ts";
import { fixedWindows, windowId } from "./fixed-windows.ts";
import { windowInto } from "./window-into.ts";

const MIN = 60_000;

describe("fixed windows", () => {
  test("aligns to the epoch, half-open at the end", () => {
    const w = fixedWindows(MIN);
    const t = Date.parse("2025-05-02T23:16:50Z");
    expect(windowId(w.assign(t))).toBe("2025-05-02T23:16:00.000Z/2025-05-02T23:17:00.000Z");
    expect(w.assign(Date.parse("2025-05-02T23:17:00Z")).start).toBe(Date.parse("2025-05-02T23:17:00Z"));
  });

  test("floors negative times and honours the offset", () => {
    expect(fixedWindows(1000).assign(-1)).toEqual({ start: -1000, end: 0 });
    expect(fixedWindows(1000, 250).assign(100)).toEqual({ start: -750, end: 250 });
  });

  test("rejects nonsense sizes", () => {
    expect(() => fixedWindows(0)).toThrow(RangeError);
    expect(() => fixedWindows(1.5)).toThrow(RangeError);
  });

  test("counts per window and key; bad event times are dead-lettered", async () => {
    interface Login {
      ts: string;
      device: string;
    }
    const logins: Login[] = [
      { ts: "2025-05-02T10:00:59Z", device: "ios" },
      { ts: "2025-05-02T10:00:01Z", device: "ios" },
      { ts: "2025-05-02T10:01:00Z", device: "ios" },
      { ts: "2025-05-02T10:00:30Z", device: "android" },
      { ts: "not a time", device: "ios" },
    ];
    const run = await runInMemory(
      (s) =>
        pipeline
          .from<Login>(s)
          .apply(windowInto(fixedWindows(MIN), (l: Login) => l.ts))
          .apply(mapWindowed((l: Login) => [l.device, 1] as const))
          .apply(combinePerWindowAndKey(count)),
      [logins],
    );
    expect(run.output.map(({ window, value }) => [windowId(window).slice(11, 16), ...value])).toEqual([
      ["10:00", "ios", 2],
      ["10:00", "android", 1],
      ["10:01", "ios", 1],
    ]);
    expect(run.rejected.map((r) => r.reason)).toEqual(["missing or invalid event time"]);
  });
});
