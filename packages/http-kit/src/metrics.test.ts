import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "./metrics.ts";

describe("createMetricsRegistry", () => {
  test("keeps the default process metrics but not the per-heap-space gauges (Bun walks the heap for them)", async () => {
    const text = await createMetricsRegistry().metrics();
    expect(text).toContain("nodejs_heap_size_used_bytes");
    expect(text).toContain("process_cpu_seconds_total");
    expect(text).not.toContain("nodejs_heap_space_size");
    // Once each: prom-client's event-loop gauges are replaced by ours under the same names.
    expect(text.match(/^# TYPE nodejs_eventloop_lag_p99_seconds gauge$/gm)).toHaveLength(1);
  });

  test("without defaults it is empty", async () => {
    expect((await createMetricsRegistry(false).metrics()).trim()).toBe("");
  });
});
