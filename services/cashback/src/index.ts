import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { crashAfterWrite, kafkaDeadLetters, kafkaRunner, startOnBoot } from "@tally/pipeline/kafka";
import { keyPartitioner } from "@tally/generate/partitioner";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { cassandraErrorsReader } from "./errors-table/errors-reader.ts";
import { cashbackJobs } from "./jobs.ts";
import { cassandraLedgerReader } from "./ledger/ledger-reader.ts";
import { createCashbackMetrics } from "./metrics.ts";

const config = configOrExit("cashback", () => readConfig());
const logger = createLogger("cashback");
const registry = createMetricsRegistry();
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: keyPartitioner });
const cassandra = createCassandra(config.cassandra);

const controller = kafkaRunner({
  ...config.consume,
  kafka,
  admin,
  jobs: cashbackJobs({ config, cassandra, producer, metrics: createCashbackMetrics(registry) }),
  partitionsConsumedConcurrently: config.partitionsConcurrently,
  giveUpAfterMs: config.maxRetrySeconds * 1000,
  deadLetters: kafkaDeadLetters(producer, config.consume.deadLetterTopic),
  afterWrite: crashAfterWrite(config.consume.crashAfterWrite, logger),
  logger,
  registry,
});

const app = createApp({
  controller,
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry,
  rules: config.rules,
  rulesFile: config.rulesFile,
  queries: { ...cassandraLedgerReader(cassandra, config.cassandra.keyspace), ...cassandraErrorsReader(cassandra, config.cassandra.keyspace) },
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
});

const booting = new AbortController();
serve(app, {
  hostname: config.host,
  port: config.port,
  authenticated: config.apiToken !== undefined,
  logger,
  onShutdown: [
    { name: "boot start", run: () => booting.abort() },
    { name: "kafka consumer", run: () => controller.stop() },
    { name: "dead-letter producer", run: () => producer.disconnect() },
    { name: "kafka admin", run: () => admin.disconnect() },
    { name: "cassandra", run: () => cassandra.shutdown() },
  ],
});
if (config.consume.onStart) void startOnBoot(controller, logger, booting.signal);
