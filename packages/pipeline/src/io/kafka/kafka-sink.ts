import type { IHeaders, Message, Producer } from "kafkajs";
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
  /** Most messages in one produce request (default 1000: kafkajs groups a send per partition in O(n²)). */
  maxSendMessages?: number;
  /**
   * Most bytes of keys and values in one produce request (default 512 KiB). A batch of a whole
   * fetch in one request can pass the broker's `message.max.bytes` (1 MiB by default), which it
   * refuses as MESSAGE_TOO_LARGE — for every retry, whatever the single messages are.
   */
  maxSendBytes?: number;
}

/**
 * Produces each batch's elements to a topic with acks from all in-sync replicas, in requests of
 * bounded size sent one after another (so each partition keeps the batch's order); resolves once
 * the broker has them all, so the runner may then commit the input offsets. Transient failures
 * (broker down, timeouts) are retriable; redelivery may produce duplicates, so downstream
 * consumers must treat the output as at-least-once (key it idempotently).
 */
export function kafkaSink<T>(options: KafkaSinkOptions<T>): Sink<T> {
  const maxMessages = options.maxSendMessages ?? 1000;
  const maxBytes = options.maxSendBytes ?? 512 * 1024;
  return {
    async write(items, ctx) {
      if (items.length === 0) return;
      try {
        for (const messages of sendSized(items.map((item) => options.encode(item, ctx)), maxMessages, maxBytes)) {
          await options.producer.send({ topic: options.topic, acks: -1, messages });
        }
      } catch (error) {
        throw classifyKafkaError(error, `produce to ${options.topic}`);
      }
    },
  };
}

/** Consecutive runs of `messages` within the count and byte limits (a single larger message goes alone). */
export function* sendSized(messages: readonly OutgoingMessage[], maxMessages: number, maxBytes: number): Generator<Message[]> {
  let run: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = (m.key?.length ?? 0) * (typeof m.key === "string" ? 3 : 1) + (m.value?.length ?? 0) * (typeof m.value === "string" ? 3 : 1);
    if (run.length > 0 && (run.length >= maxMessages || bytes + size > maxBytes)) {
      yield run;
      run = [];
      bytes = 0;
    }
    run.push(m as Message);
    bytes += size;
  }
  if (run.length > 0) yield run;
}
