import { describe, expect, test } from "bun:test";
import { GenerateOptionError } from "./errors.ts";
import { MAX_LATENESS_SECONDS } from "./event-clock.ts";
import { generateRecords, resolveOptions, type GenerateOptions } from "./generate.ts";
import { findKind } from "./kinds.ts";
import { MISSING_DEVICE_TYPE_SHARE, MISSING_LOCALE_SHARE } from "./kinds/logins.ts";

const logins = findKind("logins");
const START = 1_700_000_000;
const run = (options: GenerateOptions) => [...generateRecords(logins, options)];
const fields = (options: GenerateOptions) => run(options).map((r) => JSON.parse(r.value) as Record<string, unknown>);

describe("generateRecords(logins)", () => {
  test("deterministic per seed: same seed and start → identical records; another seed → different", () => {
    const a = run({ count: 2000, seed: 7, start: START });
    expect(run({ count: 2000, seed: 7, start: START })).toEqual(a);
    const b = run({ count: 2000, seed: 8, start: START });
    expect(b.map((r) => r.value)).not.toEqual(a.map((r) => r.value));
    // A longer run starts with the shorter one: the count only says where to stop.
    expect(run({ count: 3000, seed: 7, start: START }).slice(0, 2000)).toEqual(a);
  });

  test("pinned first record for seed 1 (the stream must not change unnoticed: tests downstream rely on it)", () => {
    expect(run({ count: 1, seed: 1, start: START })[0]).toEqual({
      key: "4d2eb58b-2a36-4323-964d-f9079dc12573",
      value: '{"user_id":"4d2eb58b-2a36-4323-964d-f9079dc12573","app_version":"2.3.0","device_type":"android","ip":"168.9.140.240","locale":"RI","device_id":"740-90-4158","timestamp":"1700000000"}',
    });
  });

  test("records are shaped like the seed's sample: seven string fields in its order, keyed by user_id", () => {
    const order = ["user_id", "app_version", "device_type", "ip", "locale", "device_id", "timestamp"];
    for (const r of run({ count: 3000, seed: 3, start: START })) {
      const f = JSON.parse(r.value) as Record<string, unknown>;
      expect(r.key).toBe(f.user_id as string);
      expect(Object.keys(f)).toEqual(order.filter((k) => k in f));
      for (const v of Object.values(f)) expect(typeof v).toBe("string");
      expect(f.user_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(f.app_version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(f.ip).toMatch(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
      expect((f.ip as string).split(".").every((o) => Number(o) <= 255)).toBe(true);
      expect(f.device_id).toMatch(/^\d{3}-\d{2}-\d{4}$/);
      expect(f.timestamp).toMatch(/^\d+$/);
      if ("device_type" in f) expect(["android", "iOS"]).toContain(f.device_type as string);
      if ("locale" in f) expect(f.locale).toMatch(/^[A-Z]{2}$/);
    }
  });

  test("a few percent of records lack locale or device_type, at the documented shares", () => {
    const n = 50_000;
    const all = fields({ count: n, seed: 11, start: START });
    const noLocale = all.filter((f) => !("locale" in f)).length / n;
    const noDevice = all.filter((f) => !("device_type" in f)).length / n;
    expect(Math.abs(noLocale - MISSING_LOCALE_SHARE)).toBeLessThan(0.005);
    expect(Math.abs(noDevice - MISSING_DEVICE_TYPE_SHARE)).toBeLessThan(0.005);
  });

  test("users log in more than once, always from their own device", () => {
    const all = fields({ count: 50_000, seed: 5, start: START });
    const devices = new Map<unknown, unknown>();
    for (const f of all) {
      if (devices.has(f.user_id)) expect(devices.get(f.user_id)).toBe(f.device_id);
      devices.set(f.user_id, f.device_id);
    }
    expect(devices.size).toBeLessThan(all.length);
  });

  test(`timestamps advance 1/rate s per record; none is more than ${MAX_LATENESS_SECONDS} s behind the highest before it`, () => {
    for (const rate of [0.5, 3, 100, 10_000]) {
      const count = rate === 10_000 ? 200_000 : 20_000;
      const times = fields({ count, seed: 9, start: START, rate }).map((f) => Number(f.timestamp));
      let max = -Infinity;
      let late = 0;
      let unclamped = 0;
      times.forEach((t, i) => {
        const inOrder = START + Math.floor(i / rate);
        expect(t).toBeLessThanOrEqual(inOrder);
        expect(t).toBeGreaterThanOrEqual(Math.max(START, inOrder - MAX_LATENESS_SECONDS));
        expect(t).toBeGreaterThanOrEqual(max - MAX_LATENESS_SECONDS);
        max = Math.max(max, t);
        // Near START a late record is clamped and may not show; count the share where it always shows.
        if (inOrder - MAX_LATENESS_SECONDS < START) return;
        unclamped++;
        if (t < inOrder) late++;
      });
      expect(max).toBe(START + Math.floor((count - 1) / rate));
      if (unclamped > 5000) {
        expect(late / unclamped).toBeGreaterThan(0.04);
        expect(late / unclamped).toBeLessThan(0.06);
      }
    }
  });

  test("without a rate, timestamps advance 1/100 s per record; without start, from now", () => {
    const times = fields({ count: 1000, seed: 1, start: START }).map((f) => Number(f.timestamp));
    expect(Math.max(...times)).toBe(START + 9);
    const before = Math.floor(Date.now() / 1000);
    const first = Number(fields({ count: 1, seed: 1 })[0]!.timestamp);
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  test("count 0 yields nothing", () => {
    expect(run({ count: 0, seed: 1, start: START })).toEqual([]);
  });

  test("bad options throw GenerateOptionError naming the option, before any record is asked for", () => {
    const bad: [GenerateOptions, string][] = [
      [{ count: -1 }, "count"],
      [{ count: 1.5 }, "count"],
      [{ count: Number.NaN }, "count"],
      [{ count: 1, seed: 0.5 }, "seed"],
      [{ count: 1, seed: 2 ** 53 }, "seed"],
      [{ count: 1, start: -1 }, "start"],
      [{ count: 1, start: 1e12 }, "start"],
      [{ count: 1, rate: 0 }, "rate"],
      [{ count: 1, rate: -3 }, "rate"],
      [{ count: 1, rate: Number.POSITIVE_INFINITY }, "rate"],
    ];
    for (const [options, option] of bad) {
      let error: unknown;
      try {
        generateRecords(logins, options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GenerateOptionError);
      expect((error as GenerateOptionError).option).toBe(option);
    }
  });

  test("resolveOptions fills in the defaults and reports the start it chose", () => {
    expect(resolveOptions({ count: 5 }, () => 1_700_000_000_999)).toEqual({ count: 5, seed: 1, start: 1_700_000_000, rate: undefined });
  });
});
