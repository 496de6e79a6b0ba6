// Core of the kit. Driver helpers live on subpaths (@tally/http-kit/kafka, /cassandra) so
// importing the core never loads a database driver.
export { HttpError, errorBody, errorResponse, handleError, handleNotFound, readOrUnavailable, type ErrorBody } from "./errors.ts";
export { ConfigError, envBool, envInt, envList, envOptional, envString, type EnvSource } from "./env.ts";
export { healthHandler, runHealthChecks, type HealthCheck, type HealthReport } from "./health.ts";
export { asBodyReadError, isJsonObject, readBodyText, readJson } from "./json-body.ts";
export { createLogger, type Logger, type LogLevel } from "./logger.ts";
export { createMetricsRegistry, metricsHandler } from "./metrics.ts";
export { bearerAuth, tokensEqual } from "./middleware/bearer-auth.ts";
export { bodyLimit, DEFAULT_BODY_LIMIT_BYTES } from "./middleware/body-limit.ts";
export { isJsonType, mutationGuard, mutationProblem, type MutationGuardOptions } from "./middleware/mutation-guard.ts";
export { requestMetrics } from "./middleware/request-metrics.ts";
export { ApiDocs, ERROR_SCHEMA, type ApiInfo, type JsonSchema, type RouteDoc } from "./openapi.ts";
export { serve, type Fetchable, type ServeOptions, type Served, type ShutdownHook } from "./serve.ts";
export { HotRoutes, hotRoutesOf, type HotHandler, type HotRequest } from "./hot-routes.ts";
export { createServiceApp, type ServiceApp, type ServiceAppOptions } from "./service-app.ts";
export { registerConsumeRoutes, type ConsumeControl } from "./consume-routes.ts";
export { readConsumeConfig, type ConsumeConfig } from "./consume-config.ts";
export { configOrExit, readServiceConfig, type ServiceConfig } from "./service-config.ts";
export { TimeoutError, withTimeout } from "./timeout.ts";
export { ComputePool, type ComputeFn, type ComputePoolOptions } from "./compute-pool.ts";
