import type { Context } from "hono";
import { collectDefaultMetrics, Registry } from "prom-client";
import { EVENT_LOOP_LAG_METRICS, registerEventLoopLag } from "./event-loop-lag.ts";

/**
 * prom-client's per-heap-space gauges read `v8.getHeapSpaceStatistics()`, which Bun answers by walking
 * the whole heap: 110–170 ms of a blocked event loop per scrape with 2M live objects, against ~1 ms
 * for every other default metric together. The heap's size and use stay (nodejs_heap_size_*).
 */
const HEAP_WALKING_METRICS = ["nodejs_heap_space_size_total_bytes", "nodejs_heap_space_size_used_bytes", "nodejs_heap_space_size_available_bytes"];

/**
 * prom-client enables Bun's event-loop delay monitor when its default metrics are collected; its gauges are
 * replaced by event-loop-lag.ts, so the monitor is never read: let its timer fire once a second, not 100
 * times (prom-client's 10 ms default cost an idle Bun process 7–8 ms of CPU a second).
 */
const UNREAD_MONITOR_MS = 1000;

/**
 * A per-service registry with prom-client's default process metrics, less those that walk the heap, and
 * the event-loop delay gauges from our own sampler (event-loop-lag.ts).
 * Per-service (not the global one) so tests can build many apps in one process without "already
 * registered" errors.
 */
export function createMetricsRegistry(withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) {
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: UNREAD_MONITOR_MS });
    for (const name of [...HEAP_WALKING_METRICS, ...EVENT_LOOP_LAG_METRICS]) registry.removeSingleMetric(name);
    registerEventLoopLag(registry);
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
