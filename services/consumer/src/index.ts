import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseRateCard, type RateCard } from "@tally/billing";
import { configOrExit, createLogger, createMetricsRegistry, serve } from "@tally/http-kit";
import { cassandraHealthCheck, createCassandra } from "@tally/http-kit/cassandra";
import { createKafka, kafkaHealthCheck } from "@tally/http-kit/kafka";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { crashAfterWrite, kafkaDeadLetters, kafkaRunner, startOnBoot } from "@tally/pipeline/kafka";
import { keyPartitioner } from "@tally/generate/partitioner";
import { usageReader } from "./api-usage/api-usage-store.ts";
import { createApp } from "./app.ts";
import { CassandraBillingStore } from "./billing/billing-store.ts";
import { readConfig } from "./config.ts";
import { EmployeesStore } from "./employees/employees-store.ts";
import { consumerJobs } from "./jobs.ts";
import { loginQueries } from "./logins/login-queries.ts";
import { LoginStore } from "./logins/login-store.ts";

const config = configOrExit("consumer", () => readConfig());
const logger = createLogger("consumer");
// The kernel and the rate card are read once; either missing is a deployment error worth stopping for.
const [kernel, rates] = await Promise.all([loadKernelFromDisk(), loadRates(config.ratesFile)]).catch((error: unknown) =>
  configOrExit("consumer", () => {
    throw error;
  }),
);
if (!existsSync(config.dataDir)) logger.warn("DATA_DIR does not exist; billing files are retried until it does", { dataDir: config.dataDir });

const registry = createMetricsRegistry();
const kafka = createKafka(config.kafka, logger);
const admin = kafka.admin();
// Dead letters are keyed by source topic/partition; explicit partitioner silences the kafkajs v2 notice.
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: keyPartitioner });
const cassandra = createCassandra(config.cassandra);
const jobs = consumerJobs({ config, kernel, rates, cassandra, kafka, admin, registry, logger });

const controller = kafkaRunner({
  ...config.consume,
  kafka,
  admin,
  jobs,
  deadLetters: kafkaDeadLetters(producer, config.consume.deadLetterTopic),
  afterWrite: crashAfterWrite(config.consume.crashAfterWrite, logger),
  logger,
  registry,
});

const billing = new CassandraBillingStore(cassandra, config.cassandra.keyspace);
const usage = usageReader(cassandra, config.cassandra.keyspace);
const loginStore = new LoginStore(cassandra, config.cassandra.keyspace, config.logins.topic, config.logins.windowSeconds * 1000);
const employeeStore = new EmployeesStore(cassandra, config.cassandra.keyspace);
const app = createApp({
  controller,
  billing: { companySums: (c) => billing.companySums(c), usageSums: (u) => usage.usageSums(u) },
  logins: { queries: loginQueries(loginStore, config.logins.windowSeconds * 1000), windowSeconds: config.logins.windowSeconds },
  checks: [kafkaHealthCheck(admin), cassandraHealthCheck(cassandra)],
  registry,
  apiToken: config.apiToken,
  bodyLimitBytes: config.bodyLimitBytes,
  processMaxRecords: config.processMaxRecords,
  processThreads: config.processThreads,
  logger,
  employees: { totals: () => employeeStore.totals(config.employees.topic) },
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

/** Reads and parses RATES_FILE at startup; a missing or malformed card stops the service with its reason. */
async function loadRates(path: string): Promise<RateCard> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`RATES_FILE: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseRateCard(text);
}
