import { billingFileSpec } from "@tally/billing";
import { kernelAggregate, map, pipeline } from "@tally/pipeline";
import { resolveFiles, WorkerPool } from "@tally/pipeline/file";
import { kafkaJob, kafkaTopic, valueText, type KafkaJob } from "@tally/pipeline/kafka";
import { billingFileInput } from "../billing/billing-file-input.ts";
import { CassandraBillingStore } from "../billing/billing-store.ts";
import { fileTotals } from "../billing/file-totals.ts";
import { deadLetterRejectedRows } from "../billing/rejected-rows.ts";
import { relativeReasons } from "../billing/relative-reasons.ts";
import type { JobWiring } from "../job-wiring.ts";

/**
 * billing-files (seed 000): each message names a billing CSV under DATA_DIR; the kernel sums its
 * cost per company, exactly, straight from the file (in parts on KERNEL_THREADS threads when it is
 * big); the per-company totals of each file are
 * upserted keyed by (company, file), so naming a file twice bills it once. Unsafe, missing or
 * unparseable files go to the dead letters (reasons name paths relative to DATA_DIR). A file is
 * billed whole: rows that cannot be billed (malformed, a negative cost unless BILLING_ALLOW_CREDITS,
 * an empty or invalid company) are rejected, counted and dead-lettered, and the rest is billed.
 */
export function billingFilesJob({ config, kernel, cassandra }: JobWiring): KafkaJob {
  const spec = billingFileSpec({ credits: config.billingAllowCredits });
  // Kept for the service's life (idle ones do not hold the process open): only the first big files pay their start-up.
  const pool = new WorkerPool(Math.max(0, config.kernelThreads - 1));
  return kafkaJob(
    "billing-files",
    pipeline
      .from(kafkaTopic(config.billingFilesTopic))
      .apply(relativeReasons(config.dataDir, resolveFiles(config.dataDir, valueText)))
      .apply(relativeReasons(config.dataDir, kernelAggregate({ spec, kernel, input: (file) => billingFileInput(file.path, { kernel, spec, threads: config.kernelThreads, pool }) })))
      .apply(deadLetterRejectedRows())
      .apply(map(fileTotals))
      .to(new CassandraBillingStore(cassandra, config.cassandra.keyspace)),
  );
}
