import { expect, test } from "bun:test";
import { Histogram, Registry } from "prom-client";
import { FastHistogram } from "./fast-histogram.ts";

test("exports exactly what prom-client's Histogram exports for the same observations", async () => {
  const opts = { name: "t_seconds", help: "t", labelNames: ["service", "route", "status"], buckets: [0.001, 0.01, 0.1, 1] };
  const a = new Registry();
  const b = new Registry();
  const slow = new Histogram({ ...opts, registers: [a] });
  const fast = new FastHistogram({ ...opts, registers: [b] });
  const observations: [string[], number][] = [
    [["svc", "/process", "200"], 0.0004],
    [["svc", "/process", "200"], 0.001], // on a bound: counted in that bucket (le is ≤)
    [["svc", "/process", "200"], 0.05],
    [["svc", "/x\"y", "404"], 3], // above every bound: only +Inf; label values are escaped
    [["svc", "/process", "413"], 0.02],
  ];
  for (const [values, v] of observations) {
    slow.observe({ service: values[0]!, route: values[1]!, status: values[2]! }, v);
    fast.series(values).observe(v);
  }
  expect(await b.metrics()).toBe(await a.metrics());
  expect(await b.metrics()).toContain('t_seconds_bucket{le="0.001",service="svc",route="/process",status="200"} 2');
  const kept = fast.series(["svc", "/process", "200"]);
  b.resetMetrics();
  a.resetMetrics();
  expect(await b.metrics()).not.toContain("t_seconds_bucket");
  // A handle kept across the reset still counts, and only its series comes back.
  kept.observe(0.002);
  slow.observe({ service: "svc", route: "/process", status: "200" }, 0.002);
  expect(await b.metrics()).toBe(await a.metrics());
  expect(await b.metrics()).toContain('t_seconds_count{service="svc",route="/process",status="200"} 1');
});
