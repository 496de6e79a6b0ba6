import { TimeoutError, withTimeout } from "@tally/http-kit";
import { connectOnce } from "@tally/http-kit/kafka";
import { Partitioners, type Kafka, type Producer } from "kafkajs";
import { PublishError, type PublishRequest, type PublishResult, type Publisher } from "./publisher.ts";

/** The real Publisher: one kafkajs producer, acks from all in-sync replicas, bounded waits. */
export class KafkaPublisher implements Publisher {
  private readonly producer: Producer;
  private readonly connect: () => Promise<void>;

  constructor(kafka: Kafka, private readonly timeoutMs: number) {
    this.producer = kafka.producer({
      // Topics are created by the stack or by tests; a typo must not silently create a topic.
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.connect = connectOnce(() => this.producer.connect());
  }

  /** Sends one message with acks=-1; rejects with PublishError within the timeout. */
  async publish(req: PublishRequest): Promise<PublishResult> {
    try {
      return await withTimeout("Kafka produce", this.timeoutMs, async () => {
        await this.connect();
        const [meta] = await this.producer.send({
          topic: req.topic,
          acks: -1,
          messages: [{ key: req.key ?? null, value: req.value }],
        });
        if (!meta) throw new Error("broker returned no record metadata");
        return { topic: meta.topicName, partition: meta.partition, offset: meta.baseOffset ?? "-1" };
      });
    } catch (err) {
      throw toPublishError(err, req.topic);
    }
  }

  /** Flushes and closes the producer connection (shutdown hook). */
  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Maps kafkajs failures onto what a client can act on. */
export function toPublishError(err: unknown, topic: string): PublishError {
  if (err instanceof TimeoutError) {
    return new PublishError("unavailable", `Kafka did not acknowledge within ${err.ms} ms`, { cause: err });
  }
  if (mentionsUnknownTopic(err)) {
    return new PublishError("unknown_topic", `topic ${topic} does not exist on the broker`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PublishError("unavailable", `Kafka is unavailable: ${message}`, { cause: err });
}

function mentionsUnknownTopic(err: unknown): boolean {
  // kafkajs wraps the protocol error (type UNKNOWN_TOPIC_OR_PARTITION) in retry errors; walk the chain.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if ((e as { type?: unknown }).type === "UNKNOWN_TOPIC_OR_PARTITION") return true;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return false;
}
