import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { KafkaBatchConsumer } from "@tally/pipeline/kafka";
import { Partitioners } from "kafkajs";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { createBillingJobs, loadRates } from "./jobs/billing-jobs.ts";
import { startOnBoot } from "./start-on-boot.ts";

const config = configOrExit("consumer", () => readConfig());
const logger = createLogger("consumer");
// The kernel and the rate card are read once; either missing is a deployment error worth stopping for.
const [kernel, rates] = await Promise.all([loadKernelFromDisk(), loadRates(config.ratesFile)]).catch((error: unknown) =>
  configOrExit("consumer", () => {
    throw error;
  }),
);
const registry = createMetricsRegistry();
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
// Dead letters are keyed by source topic/partition; explicit partitioner silences the kafkajs v2 notice.
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
const cassandra = createCassandra(config.cassandra);
const jobs = createBillingJobs({ config, kernel, rates, cassandra, producer, registry, logger });
// The pipeline owns the consume loop and its delivery semantics; this service only wires it.
const controller = new KafkaBatchConsumer({
  kafka,
  admin,
  groupId: config.consumerGroup,
  topics: config.consumeTopics,
  handleBatch: jobs.handler,
  // A message whose handling fails permanently goes to the dead letters instead of blocking its partition.
  deadLetter: (letters) => jobs.deadLetters.send(letters),
  logger,
  registry,
  fromBeginning: config.fromBeginning,
  lagRefreshMs: config.lagRefreshMs,
  sessionTimeoutMs: config.sessionTimeoutMs,
});

const app = createApp({
  controller,
  billing: jobs.queries,
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
    { name: "dead-letter producer", run: () => producer.disconnect() },
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
if (config.consumeOnStart) void startOnBoot(controller, logger, booting.signal);
