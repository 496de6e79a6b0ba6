import type { Logger } from "@tally/http-kit";
import type { AggregateSpec, Aggregator, Rejection } from "@tally/kernel-wasm";
import { API_LOG_SPEC, billApiUsage, type RateCard } from "@tally/pipeline/billing";
import type { DeadLetter } from "@tally/pipeline/kafka";
import type { KafkaMessage } from "kafkajs";
import type { UsageWriter } from "../api-usage/api-usage-store.ts";
import type { UsageRow } from "../api-usage/user-usage.ts";
import type { BatchHandler } from "@tally/pipeline/kafka";
import type { DeadLetterPublisher } from "./dead-letter-publisher.ts";
import type { JobMetrics } from "./job-metrics.ts";

export interface ApiLogsJobDeps {
  rates: RateCard;
  /** Picks an aggregator for a message of `bytes` bytes (see `messageAggregators`). */
  createAggregator: (spec: AggregateSpec, bytes: number) => Aggregator;
  store: UsageWriter;
  deadLetters: DeadLetterPublisher;
  metrics: JobMetrics;
  logger: Logger;
  /** Called after the Cassandra write, before returning (and so before the commit): the test crash hook. */
  afterWrite?: () => void;
}

/**
 * The api-logs job: each message holds one or more lines `2025-05-02T23:16:50Z user115 login 200 1568ms`.
 * Per message, lines are aggregated per (user, task) and billed exactly as `tally bill` does
 * (`billApiUsage`), then upserted as one row per (user, topic/partition/offset) with the unrounded
 * cost. Malformed lines are not billed; they go to the dead letters (one letter per message,
 * holding only the rejected lines) and are counted.
 */
export function apiLogsJob(deps: ApiLogsJobDeps): BatchHandler {
  return async (batch) => {
    const topic = batch.topic;
    const rows: UsageRow[] = [];
    const letters: DeadLetter[] = [];
    let records = 0;
    let rejected = 0;
    let bytes = 0;
    for (const message of batch.messages) {
      const value = message.value;
      if (!value || value.length === 0) continue; // a tombstone bills nothing
      const aggregator = deps.createAggregator(API_LOG_SPEC, value.length);
      aggregator.push(value);
      const result = aggregator.finish();
      records += result.records;
      rejected += result.rejectedCount;
      bytes += value.length;
      const source = `${topic}/${batch.partition}/${message.offset}`;
      for (const bill of billApiUsage(result.groups, deps.rates)) {
        rows.push({ user: bill.user, source, durationMs: bill.totalDurationMs, requests: BigInt(bill.requests), cost: { units: bill.costUnits, scale: bill.costScale } });
      }
      if (result.rejectedCount > 0) letters.push(rejectedLinesLetter(topic, batch.partition, message, result.rejectedCount, result.rejections));
    }

    await deps.store.writeRows(rows);
    deps.afterWrite?.();
    await deps.deadLetters.send(letters);

    deps.metrics.recordsProcessed.inc({ topic }, records);
    deps.metrics.recordsRejected.inc({ topic }, rejected);
    deps.metrics.bytesRead.inc({ topic }, bytes);
    if (letters.length > 0) {
      deps.metrics.deadLetters.inc({ topic, kind: "rejected_lines" }, letters.length);
      deps.logger.warn("api-log lines rejected", { topic, partition: batch.partition, rejected, messages: letters.length });
    }
    return { rejected, deadLetters: letters.length };
  };
}

/**
 * A dead letter for a message's rejected lines only (its good lines are billed; re-sending the
 * whole message would bill them twice). The kernel keeps up to its cap of line numbers; the
 * reason says when more were rejected than listed.
 */
export function rejectedLinesLetter(topic: string, partition: number, message: KafkaMessage, count: number, rejections: readonly Rejection[]): DeadLetter {
  const lines = (message.value?.toString("utf8") ?? "").split(/\r?\n/);
  const listed = rejections.map((r) => `line ${r.line}: ${r.reason}`).join("; ");
  const more = count > rejections.length ? ` (and ${count - rejections.length} more not listed)` : "";
  return {
    reason: `${count} api-log line(s) rejected, the others were billed: ${listed}${more}`,
    topic,
    partition,
    offset: message.offset,
    value: rejections.map((r) => lines[r.line - 1] ?? "").join("\n"),
  };
}
