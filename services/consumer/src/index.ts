import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { KafkaConsumerController } from "./consumer-controller.ts";
import { countingHandler } from "./count-handler.ts";
import { startOnBoot } from "./start-on-boot.ts";

const config = configOrExit("consumer", () => readConfig());
const logger = createLogger("consumer");
const registry = createMetricsRegistry();
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
const cassandra = createCassandra(config.cassandra);
const controller = new KafkaConsumerController({
  kafka,
  admin,
  groupId: config.consumerGroup,
  topics: config.consumeTopics,
  handleBatch: countingHandler,
  logger,
  registry,
  fromBeginning: config.fromBeginning,
  lagRefreshMs: config.lagRefreshMs,
});

const app = createApp({
  controller,
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry,
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
});

const booting = new AbortController();
serve(app, {
  port: config.port,
  logger,
  onShutdown: [
    { name: "boot start", run: () => booting.abort() },
    { name: "kafka consumer", run: () => controller.stop() },
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
if (config.consumeOnStart) void startOnBoot(controller, logger, booting.signal);
