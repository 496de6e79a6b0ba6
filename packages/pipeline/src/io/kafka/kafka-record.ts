import type { IHeaders, KafkaMessage } from "kafkajs";

/** One consumed Kafka message with where it came from (what dead letters and upsert keys need). */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  /** Offsets are int64: kept as strings, as kafkajs does. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  /** Producer or broker timestamp in epoch ms. */
  readonly timestamp: number;
}

/** Builds a KafkaRecord from a kafkajs message. */
export function toKafkaRecord(topic: string, partition: number, message: KafkaMessage): KafkaRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: message.headers ?? {},
    timestamp: Number(message.timestamp),
  };
}

/** The message value as UTF-8 text ("" for a null value). */
export function valueText(record: KafkaRecord): string {
  return record.value?.toString("utf8") ?? "";
}

/** True for things shaped like a KafkaRecord (dead letters accept any rejected element). */
export function isKafkaRecord(item: unknown): item is KafkaRecord {
  const r = item as Partial<KafkaRecord> | null;
  return typeof r === "object" && r !== null && typeof r.topic === "string" && typeof r.partition === "number" && typeof r.offset === "string";
}
