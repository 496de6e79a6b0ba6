import { Hono } from "hono";
import type { Registry } from "prom-client";
import { mountDocs } from "./docs-ui.ts";
import { handleError, handleNotFound } from "./errors.ts";
import { healthHandler, type HealthCheck } from "./health.ts";
import { metricsHandler } from "./metrics.ts";
import { bearerAuth } from "./middleware/bearer-auth.ts";
import { mutationGuard } from "./middleware/mutation-guard.ts";
import { requestHistogram, requestMetrics } from "./middleware/request-metrics.ts";
import { HotRoutes, linkHotRoutes } from "./hot-routes.ts";
import { DEFAULT_BODY_LIMIT_BYTES } from "./middleware/body-limit.ts";
import { ApiDocs } from "./openapi.ts";

/** What every Tally service app is built from. */
export interface ServiceAppOptions {
  /** Service name: the `service` metric label and the OpenAPI title. */
  service: string;
  version?: string;
  description?: string;
  registry: Registry;
  checks: readonly HealthCheck[];
  /** When set, mutating methods need `Authorization: Bearer <apiToken>`. */
  apiToken?: string;
  bodyLimitBytes?: number;
}

/** The base app plus the doc collector that the service's routes add themselves to. */
export interface ServiceApp {
  app: Hono;
  docs: ApiDocs;
  /** Routes served natively by Bun.serve as well as by the app, under the same checks (hot-routes.ts). */
  hot: HotRoutes;
}

/**
 * A Hono app with what every service shares: JSON errors (incl. 404), request metrics,
 * bearer auth on mutating methods, JSON-only same-site mutations with a body limit, and GET /healthz, /metrics, /openapi.json, /docs.
 * Service routes are added afterwards; the app-wide middleware still applies to them.
 */
export function createServiceApp(opts: ServiceAppOptions): ServiceApp {
  const app = new Hono();
  const docs = new ApiDocs(
    { title: `tally ${opts.service}`, version: opts.version ?? "0.1.0", description: opts.description },
    opts.apiToken !== undefined,
  );
  app.onError(handleError);
  app.notFound(handleNotFound);
  // Metrics first so that 401s and 413s are measured too.
  const histogram = requestHistogram(opts.registry);
  app.use("*", requestMetrics(opts.service, opts.registry, histogram));
  // No token, nothing to check: no layer at all (every layer costs a dispatch on every request).
  if (opts.apiToken !== undefined) app.use("*", bearerAuth(opts.apiToken));
  // Cross-site refusal, JSON-only bodies (415) and the body limit (413), in one layer.
  const maxBodyBytes = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const computeOnly = new Set<string>();
  app.use("*", mutationGuard({ maxBodyBytes, computeOnly }));
  const hot = new HotRoutes(app, { service: opts.service, histogram, apiToken: opts.apiToken, maxBodyBytes, computeOnly });
  linkHotRoutes(app, hot);

  app.get("/healthz", healthHandler(opts.checks));
  app.get("/metrics", metricsHandler(opts.registry));
  app.get("/openapi.json", (c) => c.json(docs.document()));
  mountDocs(app, `tally ${opts.service}`);

  docs
    .add({
      method: "get",
      path: "/healthz",
      summary: "Dependency health",
      tags: ["ops"],
      responses: {
        200: { description: "All dependency checks passed", schema: HEALTH_SCHEMA },
        503: { description: "A dependency check failed; its message says why", schema: HEALTH_SCHEMA },
      },
    })
    .add({
      method: "get",
      path: "/metrics",
      summary: "Prometheus metrics (text format)",
      tags: ["ops"],
      responses: { 200: { description: "Prometheus exposition text", schema: { type: "string" } } },
    });
  return { app, docs, hot };
}

const HEALTH_SCHEMA = {
  type: "object",
  required: ["status", "checks"],
  properties: {
    status: { enum: ["ok", "fail"] },
    checks: { type: "object", additionalProperties: { type: "string" } },
    error: { $ref: "#/components/schemas/Error/properties/error" },
  },
};
