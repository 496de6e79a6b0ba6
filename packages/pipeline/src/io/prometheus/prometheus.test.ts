import { describe, expect, test } from "bun:test";
import { Counter, Gauge, Registry } from "prom-client";
import { pipeline } from "../../model/pipeline.ts";
import { memorySource } from "../../runners/in-memory.ts";
import { runPipeline } from "../../runners/streaming-runner.ts";
import { pipelineMetrics } from "./pipeline-metrics.ts";
import { prometheusSink } from "./prometheus-sink.ts";

describe("prometheus sink", () => {
  test("sets gauges and increments counters per element", async () => {
    const registry = new Registry();
    const devices = new Gauge({ name: "device_type_count", help: "h", labelNames: ["device_type"], registers: [registry] });
    const total = new Counter({ name: "total_count", help: "h", registers: [registry] });
    const sink = prometheusSink<readonly [string, number]>({
      gauges: [{ metric: devices, labels: ([d]) => ({ device_type: d }), value: ([, n]) => n }],
      counters: [{ metric: total, inc: ([, n]) => n }],
    });
    const ctx = { batchId: "b", reject() {} };
    await sink.write([["ios", 3], ["android", 2]], ctx);
    await sink.write([["ios", 5]], ctx);
    const text = await registry.metrics();
    expect(text).toContain('device_type_count{device_type="ios"} 5');
    expect(text).toContain('device_type_count{device_type="android"} 2');
    expect(text).toContain("total_count 10");
  });

  test("pipeline metrics count records, rejections, batches and retries", async () => {
    const registry = new Registry();
    const metrics = pipelineMetrics("billing", registry);
    expect(pipelineMetrics("billing", registry)).toBeDefined(); // registering twice reuses the metrics
    let failures = 1;
    const sink = {
      async write() {
        if (failures-- > 0) throw new Error("down");
      },
    };
    const p = pipeline.from(memorySource([[1, -2, 3], [4]])).apply((items: readonly number[], ctx) => {
      for (const n of items) if (n < 0) ctx.reject(n, "negative");
      return items.filter((n) => n >= 0);
    });
    await runPipeline(p.to(sink), { ...metrics.hooks, retry: { sleep: async () => {} } });
    const text = await registry.metrics();
    expect(text).toContain('tally_pipeline_records_in_total{pipeline="billing"} 4');
    expect(text).toContain('tally_pipeline_records_out_total{pipeline="billing"} 3');
    expect(text).toContain('tally_pipeline_records_rejected_total{pipeline="billing"} 1');
    expect(text).toContain('tally_pipeline_batches_total{pipeline="billing"} 2');
    expect(text).toContain('tally_pipeline_write_retries_total{pipeline="billing"} 1');
    expect(text).toContain('tally_pipeline_batch_duration_seconds_count{pipeline="billing"} 2');
  });
});
