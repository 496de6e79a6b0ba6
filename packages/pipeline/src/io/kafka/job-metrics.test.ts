import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { createJobMetrics } from "./job-metrics.ts";

describe("createJobMetrics", () => {
  test("one tally_job_* family per event, labelled job_name (not job, which Prometheus gives the target)", async () => {
    const registry = new Registry();
    const metrics = createJobMetrics(registry);
    metrics.batch("x", { records: 5, rejected: 2, late: 4, bytes: 1000, kernelSeconds: 0.25 }, 3);
    metrics.batch("x", { records: 1, rejected: 0, late: 0, bytes: 24, kernelSeconds: 0.5 }, 1);
    metrics.batch("y", { records: 7, rejected: 0, late: 0, bytes: 10, kernelSeconds: 0 }, 0);
    const text = await registry.metrics();
    expect(text).toContain('tally_job_records_total{job_name="x"} 6');
    expect(text).toContain('tally_job_records_rejected_total{job_name="x"} 2');
    expect(text).toContain('tally_late_events_total{job_name="x"} 4');
    expect(text).toContain('tally_job_bytes_total{job_name="x"} 1024');
    expect(text).toContain('tally_job_kernel_seconds_total{job_name="x"} 0.75');
    expect(text).toContain('tally_job_outputs_total{job_name="x"} 4');
    expect(text).toContain('tally_job_records_total{job_name="y"} 7');
    expect(text).toContain('tally_job_outputs_total{job_name="y"} 0');
    expect(text).toContain("# TYPE tally_job_records_total counter");
    expect(text).not.toContain("{job=");
  });

  test("dead letters are counted by job and kind", async () => {
    const registry = new Registry();
    const metrics = createJobMetrics(registry);
    metrics.deadLetters("x", [{ kind: "unreadable" }, { kind: "unreadable" }, { kind: "empty" }]);
    metrics.deadLetters("y", [{ kind: "permanent_failure" }]);
    metrics.deadLetters("y", []);
    const text = await registry.metrics();
    expect(text).toContain('tally_job_dead_letters_total{job_name="x",kind="unreadable"} 2');
    expect(text).toContain('tally_job_dead_letters_total{job_name="x",kind="empty"} 1');
    expect(text).toContain('tally_job_dead_letters_total{job_name="y",kind="permanent_failure"} 1');
  });

  test("registering twice on one registry reuses the metrics (no duplicate-name error)", async () => {
    const registry = new Registry();
    createJobMetrics(registry).batch("x", { records: 1, rejected: 0, late: 0, bytes: 0, kernelSeconds: 0 }, 0);
    createJobMetrics(registry).batch("x", { records: 2, rejected: 0, late: 0, bytes: 0, kernelSeconds: 0 }, 0);
    expect(await registry.metrics()).toContain('tally_job_records_total{job_name="x"} 3');
  });
});
