import { createServiceApp, registerConsumeRoutes, type ConsumeControl, type HealthCheck } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import { registerCashbackRoutes, type CashbackQueries } from "./routes/cashback.ts";
import { registerRulesRoutes } from "./routes/rules.ts";
import type { CashbackRules } from "./rules/cashback-rules.ts";

/** Everything the cashback app needs; tests pass fakes, index.ts passes real clients. */
export interface CashbackDeps {
  controller: ConsumeControl;
  checks: readonly HealthCheck[];
  registry: Registry;
  rules: CashbackRules;
  rulesFile: string;
  queries: CashbackQueries;
  apiToken?: string;
  bodyLimitBytes?: number;
}

/** Builds the cashback HTTP app: the shared service routes, /consume for its job, /rules and the /cashback reads. */
export function createApp(deps: CashbackDeps): Hono {
  const { app, docs } = createServiceApp({
    service: "cashback",
    description: "Pays cashback on payments, each at most once; start and stop its job here and read what it paid.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  registerConsumeRoutes(app, docs, deps.controller);
  registerRulesRoutes(app, docs, deps.rules, deps.rulesFile);
  registerCashbackRoutes(app, docs, deps.queries);
  return app;
}
