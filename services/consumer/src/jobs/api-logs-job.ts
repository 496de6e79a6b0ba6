import { API_LOG_SPEC } from "@tally/billing";
import { flatMap, kernelAggregate, pipeline } from "@tally/pipeline";
import { deadLetterRejectedLines, kafkaJob, kafkaTopic, type KafkaJob } from "@tally/pipeline/kafka";
import { apiLogInput } from "../api-usage/api-log-input.ts";
import { usageSink } from "../api-usage/api-usage-store.ts";
import { rejectEmptyMessages } from "../api-usage/empty-messages.ts";
import { rejectBadIdempotencyKeys } from "../api-usage/reject-bad-keys.ts";
import { usageRows } from "../api-usage/user-usage.ts";
import type { JobWiring } from "../job-wiring.ts";

/**
 * api-logs (seed 002): each message holds API-log lines `2025-05-02T23:16:50Z user115 login 200 1568ms`;
 * the kernel sums duration per (user, task), each user is billed exactly with the rate card, and one
 * row per (user, message) is upserted — keyed by the message's idempotency-key header when it has
 * one (a client's retried copy bills once), by its offset otherwise. Lines that cannot be billed
 * (malformed, a negative duration, a user or task that is not valid UTF-8) go to the dead letters,
 * one letter per message holding only those lines; empty messages and unusable keys are dead-lettered.
 */
export function apiLogsJob({ config, kernel, rates, cassandra }: JobWiring): KafkaJob {
  return kafkaJob(
    "api-logs",
    pipeline
      .from(kafkaTopic(config.apiLogsTopic))
      .apply(rejectBadIdempotencyKeys())
      .apply(kernelAggregate({ spec: API_LOG_SPEC, kernel, input: (message) => apiLogInput(message.value) }))
      .apply(rejectEmptyMessages("api-log line"))
      .apply(deadLetterRejectedLines("api-log line"))
      .apply(flatMap((message) => usageRows(message, rates)))
      .to(usageSink(cassandra, config.cassandra.keyspace)),
  );
}
