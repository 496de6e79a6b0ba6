import { createServiceApp, type HealthCheck } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import type { Generations } from "./generations.ts";
import type { Publisher } from "./publisher.ts";
import { registerGenerateRoutes } from "./routes/generate.ts";
import { registerProduceRoute } from "./routes/produce.ts";

/** Everything the producer app needs; tests pass fakes, index.ts passes real clients. */
export interface ProducerDeps {
  publisher: Publisher;
  checks: readonly HealthCheck[];
  registry: Registry;
  allowedTopics: readonly string[];
  /** Background generations behind POST /generate (index.ts gives it a Kafka runner, tests a fake). */
  generations: Generations;
  /** Largest `count` POST /generate accepts (GENERATE_MAX_COUNT). */
  generateMaxCount: number;
  apiToken?: string;
  bodyLimitBytes?: number;
}

/** Builds the producer's HTTP app. Pure: no I/O happens until a request arrives. */
export function createApp(deps: ProducerDeps): Hono {
  const { app, docs } = createServiceApp({
    service: "producer",
    description: "Publishes messages (billing file paths, API logs, logins, ...) to Kafka topics, and generates synthetic streams.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  registerProduceRoute(app, docs, deps);
  registerGenerateRoutes(app, docs, deps);
  return app;
}
