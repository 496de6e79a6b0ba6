import type { Source } from "../../model/source.ts";
import type { KafkaRecord } from "./kafka-record.ts";

/** A Kafka topic as a pipeline's source: the Kafka runner consumes it in its consumer group. */
export interface KafkaTopicSource extends Source<KafkaRecord> {
  readonly topic: string;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * `pipeline.from(kafkaTopic("billing-files"))`: names the topic a job reads. Batches come from the
 * Kafka runner (`kafkaRunner`), which commits each one only after the job's sinks wrote it; this
 * source cannot be pulled on its own.
 */
export function kafkaTopic(topic: string): KafkaTopicSource {
  if (!TOPIC_NAME.test(topic) || topic === "." || topic === "..") throw new TypeError(`not a valid Kafka topic name: ${JSON.stringify(topic)}`);
  return {
    topic,
    batches() {
      throw new TypeError(`kafkaTopic(${topic}) is consumed by the Kafka runner (kafkaRunner), not pulled directly`);
    },
  };
}

/** True for a source made by `kafkaTopic`. */
export function isKafkaTopic(source: Source<unknown>): source is KafkaTopicSource {
  return typeof (source as Partial<KafkaTopicSource>).topic === "string";
}
