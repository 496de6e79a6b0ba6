import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";

const config = configOrExit("cashback", () => readConfig());
const logger = createLogger("cashback");
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
const cassandra = createCassandra(config.cassandra);

const app = createApp({
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry: createMetricsRegistry(),
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
});

serve(app, {
  port: config.port,
  logger,
  onShutdown: [
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
