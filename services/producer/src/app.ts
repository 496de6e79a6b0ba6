import { createServiceApp, type HealthCheck } from "@tally/http-kit";
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import type { Generations } from "./generations.ts";
import { IdempotencyStore } from "./idempotency-store.ts";
import type { ProduceLimits } from "./produce-request.ts";
import type { Placement, Publisher } from "./publisher.ts";
import { registerGenerateRoutes } from "./routes/generate.ts";
import { registerProduceRoute } from "./routes/produce.ts";

/** Everything the producer app needs; tests pass fakes, index.ts passes real clients. */
export interface ProducerDeps {
  publisher: Publisher;
  checks: readonly HealthCheck[];
  registry: Registry;
  allowedTopics: readonly string[];
  /** POST /produce's message size and batch length limits (defaults: the config's). */
  produceLimits?: ProduceLimits;
  /** POST /produce's memory of Idempotency-Keys (default: 100,000 keys for an hour). */
  idempotency?: IdempotencyStore<Placement[]>;
  /** Background generations behind POST /generate (index.ts gives it a Kafka runner, tests a fake). */
  generations: Generations;
  /** Largest `count` POST /generate accepts (GENERATE_MAX_COUNT). */
  generateMaxCount: number;
  apiToken?: string;
  bodyLimitBytes?: number;
}

const DEFAULT_PRODUCE_LIMITS: ProduceLimits = { maxMessageBytes: 1_000_000, maxRequestMessages: 10_000 };

/** Builds the producer's HTTP app. Pure: no I/O happens until a request arrives. */
export function createApp(deps: ProducerDeps): Hono {
  const { app, docs, hot } = createServiceApp({
    service: "producer",
    description: "Publishes messages (billing file paths, API logs, logins, ...) to Kafka topics, and generates synthetic streams.",
    registry: deps.registry,
    checks: deps.checks,
    apiToken: deps.apiToken,
    bodyLimitBytes: deps.bodyLimitBytes,
  });
  registerProduceRoute(hot, docs, {
    publisher: deps.publisher,
    allowedTopics: deps.allowedTopics,
    registry: deps.registry,
    limits: deps.produceLimits ?? DEFAULT_PRODUCE_LIMITS,
    idempotency: deps.idempotency ?? new IdempotencyStore<Placement[]>({ maxKeys: 100_000, ttlMs: 3_600_000 }),
  });
  registerGenerateRoutes(app, docs, deps);
  return app;
}
