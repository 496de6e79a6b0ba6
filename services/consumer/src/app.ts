import { createServiceApp, registerConsumeRoutes, type ConsumeControl, type HealthCheck, type Logger } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import type { LoginQueries } from "./logins/login-queries.ts";
import { registerEmployeeAnalyticsRoutes, type EmployeeTotals } from "./routes/analytics-employees.ts";
import { registerLoginRoutes } from "./routes/analytics-logins.ts";
import { registerDashboardRoute } from "./routes/dashboard.ts";
import { registerBillingRoutes, type BillingQueries } from "./routes/billing.ts";
import { registerProcessRoutes } from "./routes/process.ts";

/** Everything the consumer app needs; tests pass fakes, index.ts passes real clients. */
export interface ConsumerDeps {
  controller: ConsumeControl;
  billing: BillingQueries;
  /** The login windows (GET /analytics/logins) and their window size. */
  logins: { queries: LoginQueries; windowSeconds: number };
  checks: readonly HealthCheck[];
  registry: Registry;
  apiToken?: string;
  bodyLimitBytes?: number;
  /** Most records one POST /process body may hold (default 100,000). */
  processMaxRecords?: number;
  /** Compute workers for large POST /process bodies (default 0: in the request's thread). */
  processThreads?: number;
  logger?: Logger;
  /** What the employees job stored (GET /analytics/employees; the route is absent without it). */
  employees?: EmployeeTotals;
}

/** Builds the consumer's HTTP app. Pure: no I/O happens until a request arrives. */
export function createApp(deps: ConsumerDeps): Hono {
  const { app, docs, hot } = createServiceApp({
    service: "consumer",
    description: "Runs the billing-files, api-logs and login-windows jobs on Kafka; start and stop them here, read billing totals and login analytics.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  registerConsumeRoutes(app, docs, deps.controller);
  registerBillingRoutes(app, docs, deps.billing);
  registerLoginRoutes(app, docs, deps.logins.queries, deps.logins.windowSeconds);
  registerDashboardRoute(app, docs, deps.logins.windowSeconds);
  registerProcessRoutes(hot, docs, { maxRecords: deps.processMaxRecords, threads: deps.processThreads, logger: deps.logger, registry: deps.registry });
  if (deps.employees) registerEmployeeAnalyticsRoutes(app, docs, deps.employees);
  return app;
}
