import type { DeadLetterSink } from "../../model/context.ts";
import type { Pipeline } from "../../model/pipeline.ts";
import { processBatch } from "../../runners/run-batch.ts";
import type { BatchHandler } from "./consume-state.ts";
import { toKafkaRecord, type KafkaRecord } from "./kafka-record.ts";

/** The part of a pipeline a Kafka batch runs through; a whole `Pipeline` fits too. */
export type KafkaPipeline<O> = Pick<Pipeline<KafkaRecord, O>, "transform" | "sink">;

/**
 * Runs transforms → sink → dead letters over each fetched batch, as a `KafkaBatchConsumer`
 * handler: the consumer commits once this resolved, and retries a failure per partition with
 * backoff, so nothing here retries. Batch ids are `topic/partition@firstOffset`: stable across
 * redelivery while fetch boundaries are; sinks that must be exact per message should key by offset.
 */
export function pipelineHandler<O>(p: KafkaPipeline<O>, options: { deadLetters?: DeadLetterSink } = {}): BatchHandler {
  return async (batch) => {
    const items = batch.messages.map((m) => toKafkaRecord(batch.topic, batch.partition, m));
    const id = `${batch.topic}/${batch.partition}@${batch.firstOffset()}`;
    const { rejected } = await processBatch(p, id, items, options.deadLetters);
    return { records: items.length, rejected: rejected.length, deadLetters: options.deadLetters ? rejected.length : 0 };
  };
}
