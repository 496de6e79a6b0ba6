import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { EVENT_LOOP_LAG_METRICS, lagStats, registerEventLoopLag, SAMPLE_MS } from "./event-loop-lag.ts";

test("lagStats: min, max, mean, population stddev and nearest-rank percentiles, in seconds", () => {
  const delays = Float64Array.from([40, 10, 30, 20, 100, 0, 50, 60, 70, 80]); // ms
  const st = lagStats(delays);
  expect(st.min).toBe(0);
  expect(st.max).toBe(0.1);
  expect(st.mean).toBeCloseTo(0.046, 12);
  expect(st.stddev).toBeCloseTo(Math.sqrt([40, 10, 30, 20, 100, 0, 50, 60, 70, 80].reduce((s, d) => s + (d - 46) ** 2, 0) / 10) / 1000, 12);
  expect([st.p50, st.p90, st.p99]).toEqual([0.04, 0.08, 0.1]);
  expect(lagStats(Float64Array.from([7])).p99).toBe(0.007);
});

test("a blocked event loop shows in the gauges of the next scrape, under prom-client's names", async () => {
  const registry = new Registry();
  registerEventLoopLag(registry);
  expect(registry.getMetricsAsArray().map((m) => m.name).sort()).toEqual([...EVENT_LOOP_LAG_METRICS].sort());
  await registry.metrics(); // starts this registry's window
  await Bun.sleep(SAMPLE_MS * 2);
  const until = performance.now() + 300;
  while (performance.now() < until); // block the loop for 300 ms
  await Bun.sleep(SAMPLE_MS * 2);
  const text = await registry.metrics();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
  expect(value("nodejs_eventloop_lag_max_seconds")).toBeGreaterThan(0.2);
  expect(value("nodejs_eventloop_lag_min_seconds")).toBeLessThan(0.05);
  expect(value("nodejs_eventloop_lag_p50_seconds")).toBeLessThan(0.05);
  expect(value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  // The next scrape describes only what came after: the block is gone from it.
  await Bun.sleep(SAMPLE_MS * 3);
  const later = await registry.metrics();
  expect(Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(later)?.[1])).toBeLessThan(0.2);
});
