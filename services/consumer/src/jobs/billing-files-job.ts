import { BILLING_FILE_SPEC } from "@tally/billing";
import { kernelAggregate, map, pipeline } from "@tally/pipeline";
import { fileInput, resolveFiles } from "@tally/pipeline/file";
import { kafkaJob, kafkaTopic, valueText, type KafkaJob } from "@tally/pipeline/kafka";
import { CassandraBillingStore } from "../billing/billing-store.ts";
import { fileTotals } from "../billing/file-totals.ts";
import type { JobWiring } from "../job-wiring.ts";

/**
 * billing-files (seed 000): each message names a billing CSV under DATA_DIR; the kernel sums its
 * cost per company, exactly, straight from the file; the per-company totals of each file are
 * upserted keyed by (company, file). Unsafe, missing or unparseable files go to the dead letters.
 */
export function billingFilesJob({ config, kernel, cassandra }: JobWiring): KafkaJob {
  return kafkaJob(
    "billing-files",
    pipeline
      .from(kafkaTopic(config.billingFilesTopic))
      .apply(resolveFiles(config.dataDir, valueText))
      .apply(kernelAggregate({ spec: BILLING_FILE_SPEC, kernel, input: (file) => fileInput(file.path) }))
      .apply(map(fileTotals))
      .to(new CassandraBillingStore(cassandra, config.cassandra.keyspace)),
  );
}
