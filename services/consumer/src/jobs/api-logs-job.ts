import { API_LOG_SPEC } from "@tally/billing";
import { flatMap, kernelAggregate, pipeline } from "@tally/pipeline";
import { deadLetterRejectedLines, kafkaJob, kafkaTopic, type KafkaJob } from "@tally/pipeline/kafka";
import { usageSink } from "../api-usage/api-usage-store.ts";
import { usageRows } from "../api-usage/user-usage.ts";
import type { JobWiring } from "../job-wiring.ts";

/**
 * api-logs (seed 002): each message holds API-log lines `2025-05-02T23:16:50Z user115 login 200 1568ms`;
 * the kernel sums duration per (user, task), each user is billed exactly with the rate card, and one
 * row per (user, message offset) is upserted. Malformed lines are not billed: they go to the dead
 * letters, one letter per message holding only those lines.
 */
export function apiLogsJob({ config, kernel, rates, cassandra }: JobWiring): KafkaJob {
  return kafkaJob(
    "api-logs",
    pipeline
      .from(kafkaTopic(config.apiLogsTopic))
      .apply(kernelAggregate({ spec: API_LOG_SPEC, kernel, input: (message) => ({ bytes: message.value }) }))
      .apply(deadLetterRejectedLines("api-log line"))
      .apply(flatMap((message) => usageRows(message, rates)))
      .to(usageSink(cassandra, config.cassandra.keyspace)),
  );
}
