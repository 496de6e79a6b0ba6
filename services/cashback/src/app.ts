import { createServiceApp, type HealthCheck } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";

/** Everything the cashback app needs; tests pass fakes, index.ts passes real clients. */
export interface CashbackDeps {
  checks: readonly HealthCheck[];
  registry: Registry;
  apiToken?: string;
  bodyLimitBytes?: number;
}

/**
 * Builds the cashback HTTP app: healthz, metrics and docs only for now. The cashback job
 * (payments → eligible topic + Cassandra) will register its routes here.
 */
export function createApp(deps: CashbackDeps): Hono {
  const { app } = createServiceApp({
    service: "cashback",
    description: "Decides cashback eligibility for payments.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  return app;
}
