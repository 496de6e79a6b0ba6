import type { Pipeline } from "../../model/pipeline.ts";
import type { KafkaRecord } from "./kafka-record.ts";
import { isKafkaTopic } from "./kafka-topic.ts";

/** A streaming job: a name (the `job` label of its metrics) and a pipeline that reads one Kafka topic. */
export interface KafkaJob {
  readonly name: string;
  readonly topic: string;
  readonly pipeline: Pipeline<KafkaRecord, unknown>;
}

const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Declares a job: `kafkaJob("billing-files", pipeline.from(kafkaTopic(t)).apply(…).to(sink))`.
 * Run it, with the service's other jobs, by `kafkaRunner`.
 */
export function kafkaJob<O>(name: string, pipeline: Pipeline<KafkaRecord, O>): KafkaJob {
  if (!JOB_NAME.test(name)) throw new TypeError(`job names are lower-case kebab-case, got ${JSON.stringify(name)}`);
  if (!isKafkaTopic(pipeline.source)) throw new TypeError(`job ${name} must read from kafkaTopic(…)`);
  return { name, topic: pipeline.source.topic, pipeline: pipeline as Pipeline<KafkaRecord, unknown> };
}
