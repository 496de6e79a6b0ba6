import type { IHeaders, Producer } from "kafkajs";
import type { BatchContext } from "../../model/context.ts";
import type { Sink } from "../../model/sink.ts";
import { classifyKafkaError } from "./classify-error.ts";

/** A message to produce. */
export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
  partition?: number;
}

export interface KafkaSinkOptions<T> {
  /** A connected producer, ideally `kafka.producer({ idempotent: true })`. */
  producer: Producer;
  topic: string;
  encode: (item: T, ctx: BatchContext) => OutgoingMessage;
}

/**
 * Produces each batch's elements to a topic with acks from all in-sync replicas; resolves once
 * the broker has them, so the runner may then commit the input offsets. Transient failures
 * (broker down, timeouts) are retriable; redelivery may produce duplicates, so downstream
 * consumers must treat the output as at-least-once (key it idempotently).
 */
export function kafkaSink<T>(options: KafkaSinkOptions<T>): Sink<T> {
  return {
    async write(items, ctx) {
      if (items.length === 0) return;
      try {
        await options.producer.send({ topic: options.topic, acks: -1, messages: items.map((item) => options.encode(item, ctx)) });
      } catch (error) {
        throw classifyKafkaError(error, `produce to ${options.topic}`);
      }
    },
  };
}
