import type { DeadLetterSink } from "../../model/context.ts";
import { processBatch } from "../../runners/run-batch.ts";
import type { BatchHandler } from "./consume-state.ts";
import type { JobMetrics } from "./job-metrics.ts";
import type { KafkaJob } from "./kafka-job.ts";
import { toKafkaRecord } from "./kafka-record.ts";
import type { ConsumerLogger } from "./batch-consumer-options.ts";

export interface JobHandlerOptions {
  deadLetters: DeadLetterSink;
  metrics: JobMetrics;
  logger: ConsumerLogger;
  /** TEST ONLY: called once the batch is written, before the consumer commits (crash-injection tests). */
  afterWrite?: () => void;
}

/**
 * Runs a job's transforms → sink → dead letters over each fetched batch, as a `KafkaBatchConsumer`
 * handler: the consumer commits once this resolved, and retries a failure per partition with
 * backoff, so nothing here retries. Batch ids are `topic/partition@firstOffset`; sinks that must be
 * exact per message key by the message's offset, which survives a redelivery cut differently.
 */
export function jobHandler(job: KafkaJob, options: JobHandlerOptions): BatchHandler {
  return async (batch, { heartbeat }) => {
    const items = batch.messages.map((m) => toKafkaRecord(batch.topic, batch.partition, m));
    const id = `${batch.topic}/${batch.partition}@${batch.firstOffset()}`;
    const { itemsOut, rejected, counts } = await processBatch(job.pipeline, { id, items, keepAlive: heartbeat }, options.deadLetters);
    options.afterWrite?.();
    options.metrics.batch(job.name, counts, itemsOut);
    options.metrics.deadLetters(job.name, rejected);
    if (counts.rejected > 0) options.logger.warn("input records rejected", { job: job.name, batch: id, rejected: counts.rejected });
    for (const r of rejected) options.logger.warn("dead-lettered", { job: job.name, batch: id, kind: r.kind, reason: r.reason });
    return { records: items.length, rejected: counts.rejected, deadLetters: rejected.length };
  };
}
