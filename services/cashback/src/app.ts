import { createServiceApp, registerConsumeRoutes, type ConsumeControl, type HealthCheck } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";

/** Everything the cashback app needs; tests pass fakes, index.ts passes real clients. */
export interface CashbackDeps {
  controller: ConsumeControl;
  checks: readonly HealthCheck[];
  registry: Registry;
  apiToken?: string;
  bodyLimitBytes?: number;
}

/** Builds the cashback HTTP app: the shared service routes and /consume for its jobs. */
export function createApp(deps: CashbackDeps): Hono {
  const { app, docs } = createServiceApp({
    service: "cashback",
    description: "Decides cashback eligibility for payments; start and stop its jobs here.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  registerConsumeRoutes(app, docs, deps.controller);
  return app;
}
