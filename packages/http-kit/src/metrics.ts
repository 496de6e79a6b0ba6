import type { Context } from "hono";
import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * A per-service registry with prom-client's default process metrics. Per-service (not the
 * global one) so tests can build many apps in one process without "already registered" errors.
 */
export function createMetricsRegistry(withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/** GET /metrics handler in the Prometheus text format. */
export function metricsHandler(registry: Registry) {
  return async (c: Context): Promise<Response> => {
    const body = await registry.metrics();
    return c.body(body, 200, { "Content-Type": registry.contentType });
  };
}
