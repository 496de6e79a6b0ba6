import type { Producer } from "kafkajs";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { classifyKafkaError } from "./classify-error.ts";
import { isKafkaRecord, type KafkaRecord } from "./kafka-record.ts";

/** What lands on the dead-letter topic, as JSON. Source fields are null for non-Kafka input. */
export interface DeadLetter {
  reason: string;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  /** The original value as UTF-8 text (or JSON of the rejected element when it was not a Kafka record). */
  value: string | null;
}

/** Describes a poison Kafka record. */
export function toDeadLetter(record: KafkaRecord, reason: string): DeadLetter {
  return { reason, topic: record.topic, partition: record.partition, offset: record.offset, value: record.value?.toString("utf8") ?? null };
}

/** Describes any rejected element: Kafka records keep their coordinates, anything else its JSON. */
export function deadLetterOf(rejected: Rejected): DeadLetter {
  if (isKafkaRecord(rejected.item)) return toDeadLetter(rejected.item, rejected.reason);
  return { reason: rejected.reason, topic: null, partition: null, offset: null, value: safeJson(rejected.item) };
}

/**
 * Produces dead letters `{reason, topic, partition, offset, value}` to `topic` (default
 * `dead-letters`), keyed by source topic/partition so letters of one partition stay in order.
 */
export async function sendDeadLetters(producer: Producer, letters: readonly DeadLetter[], topic = "dead-letters"): Promise<void> {
  if (letters.length === 0) return;
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: letters.map((l) => ({ key: l.topic === null ? null : `${l.topic}/${l.partition}`, value: JSON.stringify(l) })),
    });
  } catch (error) {
    throw classifyKafkaError(error, `produce to ${topic}`);
  }
}

/** A dead-letter sink on a Kafka topic: pass it to `pipelineHandler(p, { deadLetters })` or `runPipeline(p, { deadLetters })`. */
export function kafkaDeadLetters(producer: Producer, topic = "dead-letters"): DeadLetterSink {
  return { write: (rejected) => sendDeadLetters(producer, rejected.map(deadLetterOf), topic) };
}

function safeJson(item: unknown): string | null {
  try {
    return JSON.stringify(item, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? null;
  } catch {
    return String(item);
  }
}
