import type { Producer } from "kafkajs";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { classifyKafkaError } from "./classify-error.ts";
import { isKafkaRecord, type KafkaRecord } from "./kafka-record.ts";

/** What lands on the dead-letter topic, as JSON. Source fields are null for non-Kafka input. */
export interface DeadLetter {
  reason: string;
  kind: string;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  /** The original value as UTF-8 text (or JSON of the rejected element when it was not a Kafka record). */
  value: string | null;
  /** The original message key as UTF-8 text, so a replay lands on the partition the producer chose; absent for unkeyed messages. */
  key?: string;
}

/** Describes a poison Kafka record. */
export function toDeadLetter(record: KafkaRecord, reason: string, kind = "rejected"): DeadLetter {
  const letter: DeadLetter = { reason, kind, topic: record.topic, partition: record.partition, offset: record.offset, value: record.value?.toString("utf8") ?? null };
  if (record.key !== null) letter.key = record.key.toString("utf8");
  return letter;
}

/**
 * Describes any rejected element. A Kafka record, or an element derived from one that keeps it as
 * `input` (a FileRef, an Aggregated result, …), is dead-lettered as that record with its
 * coordinates and original value, so it can be replayed; anything else as its JSON.
 */
export function deadLetterOf(rejected: Rejected): DeadLetter {
  const record = originalRecord(rejected.item);
  if (record) return toDeadLetter(record, rejected.reason, rejected.kind);
  return { reason: rejected.reason, kind: rejected.kind, topic: null, partition: null, offset: null, value: safeJson(rejected.item) };
}

/** The Kafka record an element was derived from, following `input` links (at most a few steps). */
export function originalRecord(item: unknown): KafkaRecord | undefined {
  let at = item;
  for (let depth = 0; depth < 8 && typeof at === "object" && at !== null; depth++) {
    if (isKafkaRecord(at)) return at;
    at = (at as { input?: unknown }).input;
  }
  return undefined;
}

/**
 * The dead-letter sink on a Kafka topic: letters `{reason, kind, topic, partition, offset, value}`
 * keyed by source topic/partition (so letters of one partition stay in order), acks from all
 * in-sync replicas. The producer is connected on first use. A failed send throws (retriable when
 * the broker is down), so the batch is not committed and is retried: a letter is never dropped
 * (at worst sent twice).
 */
export function kafkaDeadLetters(producer: Producer, topic = "dead-letters"): DeadLetterSink {
  let connecting: Promise<void> | undefined;
  const connect = () =>
    (connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw classifyKafkaError(error, "connect the dead-letter producer");
    }));
  return {
    async write(rejected) {
      if (rejected.length === 0) return;
      await connect();
      const letters = rejected.map(deadLetterOf);
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: letters.map((l) => ({ key: l.topic === null ? null : `${l.topic}/${l.partition}`, value: JSON.stringify(l) })),
        });
      } catch (error) {
        throw classifyKafkaError(error, `produce to ${topic}`);
      }
    },
  };
}

function safeJson(item: unknown): string | null {
  try {
    return JSON.stringify(item, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? null;
  } catch {
    return String(item);
  }
}
