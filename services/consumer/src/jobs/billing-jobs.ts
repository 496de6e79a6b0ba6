import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Logger } from "@tally/http-kit";
import type { Kernel } from "@tally/kernel-wasm";
import { parseRateCard, type RateCard } from "@tally/pipeline/billing";
import type cassandra from "cassandra-driver";
import type { Producer } from "kafkajs";
import type { Registry } from "prom-client";
import { CassandraUsageStore } from "../api-usage/api-usage-store.ts";
import { CassandraBillingStore } from "../billing/billing-store.ts";
import type { ConsumerConfig } from "../config.ts";
import type { BatchHandler } from "@tally/pipeline/kafka";
import { countingHandler } from "../count-handler.ts";
import { crashAfterWriteHook } from "../crash-hook.ts";
import { apiLogsJob } from "./api-logs-job.ts";
import { billingFilesJob } from "./billing-files-job.ts";
import { kafkaDeadLetterPublisher, type DeadLetterPublisher } from "./dead-letter-publisher.ts";
import { createJobMetrics } from "./job-metrics.ts";
import { messageAggregators } from "./message-aggregators.ts";
import type { BillingQueries } from "../routes/billing.ts";
import { routeByTopic } from "./topic-router.ts";

export interface BillingJobsWiring {
  config: ConsumerConfig;
  kernel: Kernel;
  rates: RateCard;
  cassandra: cassandra.Client;
  producer: Producer;
  registry: Registry;
  logger: Logger;
}

/** Reads and parses RATES_FILE at startup; a missing or malformed card stops the service with its reason. */
export async function loadRates(path: string): Promise<RateCard> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`RATES_FILE: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseRateCard(text);
}

/**
 * The consumer's batch handler: billing-files and api-logs batches go to their jobs, any other
 * consumed topic is only counted. Also the BillingQueries the HTTP routes read through, and the
 * dead-letter publisher the consume loop sends permanently failing messages to.
 */
export function createBillingJobs(w: BillingJobsWiring): { handler: BatchHandler; queries: BillingQueries; deadLetters: DeadLetterPublisher } {
  const { config, logger } = w;
  const metrics = createJobMetrics(w.registry);
  const deadLetters = kafkaDeadLetterPublisher(w.producer, config.deadLetterTopic);
  const afterWrite = crashAfterWriteHook(config.crashAfterWrite, logger);
  const billing = new CassandraBillingStore(w.cassandra, config.cassandra.keyspace);
  const usage = new CassandraUsageStore(w.cassandra, config.cassandra.keyspace);
  const routes = new Map<string, BatchHandler>([
    [config.billingFilesTopic, billingFilesJob({ dataDir: config.dataDir, createAggregator: (s) => w.kernel.createAggregator(s), store: billing, deadLetters, metrics, logger, afterWrite })],
    [config.apiLogsTopic, apiLogsJob({ rates: w.rates, createAggregator: messageAggregators(w.kernel), store: usage, deadLetters, metrics, logger, afterWrite })],
  ]);
  const unrouted = config.consumeTopics.filter((t) => !routes.has(t));
  if (unrouted.length > 0) logger.warn("consumed topics without a billing job are only counted", { topics: unrouted });
  if (!existsSync(config.dataDir)) logger.warn("DATA_DIR does not exist; billing files are retried until it does", { dataDir: config.dataDir });
  const queries: BillingQueries = { companySums: (c) => billing.companySums(c), usageSums: (u) => usage.usageSums(u) };
  return { handler: routeByTopic(routes, countingHandler), queries, deadLetters };
}
