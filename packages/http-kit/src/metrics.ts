import type { Context } from "hono";
import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * prom-client's per-heap-space gauges read `v8.getHeapSpaceStatistics()`, which Bun answers by walking
 * the whole heap: 110–170 ms of a blocked event loop per scrape with 2M live objects, against ~1 ms
 * for every other default metric together. The heap's size and use stay (nodejs_heap_size_*).
 */
const HEAP_WALKING_METRICS = ["nodejs_heap_space_size_total_bytes", "nodejs_heap_space_size_used_bytes", "nodejs_heap_space_size_available_bytes"];

/**
 * The event-loop delay monitor's sampling interval. prom-client's default (10 ms) is a timer firing 100
 * times a second in every service: 7–8 ms of CPU a second on an idle Bun process, ~0.3 µs a request at
 * 30k requests/s (bench/RESULTS.md, POST /process). At 100 ms the lag percentiles come from 10 samples a
 * second, plenty for a 15 s scrape, and a stall longer than 100 ms still shows in full.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * A per-service registry with prom-client's default process metrics, less those that walk the heap.
 * Per-service (not the global one) so tests can build many apps in one process without "already
 * registered" errors.
 */
export function createMetricsRegistry(withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) {
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    for (const name of HEAP_WALKING_METRICS) registry.removeSingleMetric(name);
  }
  return registry;
}

/** GET /metrics handler in the Prometheus text format. */
export function metricsHandler(registry: Registry) {
  return async (c: Context): Promise<Response> => {
    const body = await registry.metrics();
    return c.body(body, 200, { "Content-Type": registry.contentType });
  };
}
