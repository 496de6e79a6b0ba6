import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { KafkaPublisher } from "./kafka-publisher.ts";

const config = configOrExit("producer", () => readConfig());
const logger = createLogger("producer");
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
const cassandra = createCassandra(config.cassandra);
const publisher = new KafkaPublisher(kafka, config.produceTimeoutMs);

const app = createApp({
  publisher,
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry: createMetricsRegistry(),
  allowedTopics: config.produceTopics,
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
});

serve(app, {
  port: config.port,
  logger,
  onShutdown: [
    { name: "kafka producer", run: () => publisher.disconnect() },
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
