import { TimeoutError, withTimeout } from "@tally/http-kit";
import { connectOnce } from "@tally/http-kit/kafka";
import { keyPartitioner } from "@tally/generate/partitioner";
import { type ICustomPartitioner, type Kafka, type Message, type Producer } from "kafkajs";
import { messageBytes } from "./produce-request.ts";
import { MicroBatcher } from "./micro-batcher.ts";
import { MissingTopics } from "./missing-topics.ts";
import { PublishError, type OutgoingMessage, type Placement, type PublishRequest, type Publisher } from "./publisher.ts";
import { recordPlacements } from "./record-placements.ts";

/** How concurrent publishes are coalesced into Kafka produce requests (PRODUCE_LINGER_MS, PRODUCE_BATCH_*). */
export interface BatchingOptions {
  lingerMs: number;
  maxMessages: number;
  maxBytes: number;
  /** Most produce requests in flight per topic before due batches wait for one to complete. */
  maxInFlight?: number;
  /** Called once per Kafka produce request sent (a metric). */
  onProduceRequest?: () => void;
}

/**
 * The real Publisher: one kafkajs producer, acks from all in-sync replicas, bounded waits. Concurrent
 * publishes to a topic share produce requests (one MicroBatcher per topic, so an unknown topic fails
 * only its own callers); each caller still gets its own messages' partitions and offsets.
 */
export class KafkaPublisher implements Publisher {
  private readonly producer: Producer;
  private readonly connect: () => Promise<void>;
  private readonly batchers = new Map<string, MicroBatcher<OutgoingMessage, Placement>>();
  private readonly missing = new MissingTopics();

  constructor(kafka: Kafka, private readonly timeoutMs: number, private readonly batching: BatchingOptions) {
    this.producer = kafka.producer({
      // Topics are created by the stack or by tests; a typo must not silently create a topic.
      allowAutoTopicCreation: false,
      createPartitioner: recordingPartitioner,
    });
    this.connect = connectOnce(() => this.producer.connect());
  }

  /** Sends the messages with acks=-1; rejects with PublishError within the linger plus the timeout. */
  async publish(req: PublishRequest): Promise<Placement[]> {
    if (this.missing.isMissing(req.topic)) throw unknownTopic(req.topic);
    try {
      return await this.batcherFor(req.topic).add(req.messages);
    } catch (err) {
      const error = toPublishError(err, req.topic);
      if (error.kind === "unknown_topic") this.missing.remember(req.topic);
      throw error;
    }
  }

  /** Sends what is queued, waits for it, then closes the producer connection (shutdown hook). */
  async disconnect(): Promise<void> {
    await Promise.all([...this.batchers.values()].map((b) => b.drain()));
    await this.producer.disconnect();
  }

  private batcherFor(topic: string): MicroBatcher<OutgoingMessage, Placement> {
    let b = this.batchers.get(topic);
    if (b === undefined) {
      b = new MicroBatcher((messages, waitedMs) => this.send(topic, messages, this.timeoutMs - waitedMs), {
        lingerMs: this.batching.lingerMs,
        maxItems: this.batching.maxMessages,
        maxBytes: this.batching.maxBytes,
        maxInFlight: this.batching.maxInFlight,
        sizeOf: messageBytes,
      });
      this.batchers.set(topic, b);
    }
    return b;
  }

  /**
   * One produce request within `budgetMs` (the timeout less what its oldest message already queued, so
   * no caller waits much past PRODUCE_TIMEOUT_MS, well inside Bun's 10 s idle timeout). When the broker
   * refuses it as too large, each message is retried alone so only the culprit fails.
   */
  private async send(topic: string, messages: OutgoingMessage[], budgetMs: number): Promise<(Placement | Error)[]> {
    if (budgetMs < 1) throw new TimeoutError("Kafka produce", this.timeoutMs);
    const records: Message[] = messages.map(toRecord);
    this.batching.onProduceRequest?.();
    try {
      // One deadline per produce request, not per HTTP request: a timer and an AbortController per
      // request were a measurable share of the single-message path's CPU.
      const acks = await withTimeout("Kafka produce", budgetMs, async () => {
        await this.connect();
        return this.producer.send({ topic, acks: -1, messages: records });
      });
      return recordPlacements(
        records.map((r) => r.partition!),
        acks.map((a) => ({ partition: a.partition, baseOffset: a.baseOffset })),
      );
    } catch (err) {
      // Name the configured timeout: that is what the caller waited in all.
      if (err instanceof TimeoutError) throw new TimeoutError("Kafka produce", this.timeoutMs);
      if (messages.length === 1 || !isTooLarge(err)) throw err;
      return Promise.all(
        messages.map((m) =>
          this.send(topic, [m], budgetMs).then(
            ([one]) => one!,
            (e: unknown) => toPublishError(e, topic),
          ),
        ),
      );
    }
  }
}

function toRecord(m: OutgoingMessage): Message {
  const record: Message = { key: m.key ?? null, value: m.value };
  if (m.idempotencyKey !== undefined) record.headers = { "idempotency-key": m.idempotencyKey };
  return record;
}

/**
 * The Java client's partitioner (keyPartitioner: kafkajs' default, without its 64-bit Long
 * emulation of murmur2) that also writes its choice into the message, so each message's offset
 * can be read off the per-partition acknowledgement. A retry keeps the choice.
 */
const recordingPartitioner: ICustomPartitioner = () => {
  const inner = keyPartitioner();
  return (args) => {
    const partition = inner(args);
    args.message.partition = partition;
    return partition;
  };
};

/** Maps kafkajs failures onto what a client can act on. */
export function toPublishError(err: unknown, topic: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof TimeoutError) {
    return new PublishError("unavailable", `Kafka did not acknowledge within ${err.ms} ms`, { cause: err });
  }
  if (hasType(err, "UNKNOWN_TOPIC_OR_PARTITION")) return unknownTopic(topic, err);
  if (isTooLarge(err)) {
    return new PublishError("too_large", `the broker refused the message as too large for topic ${topic} (max.message.bytes)`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PublishError("unavailable", `Kafka is unavailable: ${message}`, { cause: err });
}

function unknownTopic(topic: string, cause?: unknown): PublishError {
  return new PublishError("unknown_topic", `topic ${topic} does not exist on the broker`, { cause });
}

function isTooLarge(err: unknown): boolean {
  return hasType(err, "MESSAGE_TOO_LARGE") || hasType(err, "RECORD_LIST_TOO_LARGE");
}

function hasType(err: unknown, type: string): boolean {
  // kafkajs wraps protocol errors (with a `type` like UNKNOWN_TOPIC_OR_PARTITION) in retry errors; walk the chain.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if ((e as { type?: unknown }).type === type) return true;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return false;
}
