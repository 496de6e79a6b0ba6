import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { Counter } from "prom-client";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { Generations } from "./generations.ts";
import { kafkaGenerationRunner } from "./kafka-generation-runner.ts";
import { IdempotencyStore } from "./idempotency-store.ts";
import { KafkaPublisher } from "./kafka-publisher.ts";
import type { Placement } from "./publisher.ts";

const config = configOrExit("producer", () => readConfig());
const logger = createLogger("producer");
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
const cassandra = createCassandra(config.cassandra);
const registry = createMetricsRegistry();
// Messages per produce request = tally_produced_messages_total / this: how well requests coalesce.
const produceRequests = new Counter({
  name: "tally_produce_kafka_requests_total",
  help: "Kafka produce requests sent for POST /produce",
  registers: [registry],
});
const publisher = new KafkaPublisher(kafka, config.produceTimeoutMs, {
  lingerMs: config.produceLingerMs,
  maxMessages: config.produceBatchMaxMessages,
  maxBytes: config.produceBatchMaxBytes,
  maxInFlight: config.produceMaxInFlight,
  onProduceRequest: () => produceRequests.inc(),
});
const generations = new Generations(kafkaGenerationRunner(kafka));

const app = createApp({
  publisher,
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry,
  allowedTopics: config.produceTopics,
  produceLimits: { maxMessageBytes: config.produceMaxMessageBytes, maxRequestMessages: config.produceMaxRequestMessages },
  idempotency: new IdempotencyStore<Placement[]>({ maxKeys: config.idempotencyMaxKeys, ttlMs: config.idempotencyTtlSeconds * 1000 }),
  generations,
  generateMaxCount: config.generateMaxCount,
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
});

serve(app, {
  hostname: config.host,
  port: config.port,
  authenticated: config.apiToken !== undefined,
  logger,
  onShutdown: [
    // First: a running generation stops after its batch in flight, before the clients go away.
    { name: "generations", run: () => generations.cancelAll() },
    { name: "kafka producer", run: () => publisher.disconnect() },
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
