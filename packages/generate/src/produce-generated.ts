/**
 * Generated records → Kafka, fast or at a set rate. The only part of @tally/generate that loads
 * kafkajs (subpath `@tally/generate/kafka`), so the generators themselves stay driver-free.
 */
import { Kafka, logLevel, type Producer } from "kafkajs";
import { GenerateProduceError } from "./errors.ts";
import type { GeneratedRecord } from "./generate.ts";
import { keyPartitioner } from "./key-partitioner.ts";
import type { WallClock } from "./pacer.ts";
import { sendInBatches, type Progress, type RunResult } from "./send-in-batches.ts";

/**
 * Records per `send`. kafkajs 2.2.4 groups a send's messages per partition by copying the
 * partition's array for every message (O(n²), tulios/kafkajs#1576), so much bigger sends get
 * slower per record; 1000 measured fastest here (README "Throughput").
 */
export const DEFAULT_BATCH_SIZE = 1000;

export type { Kafka } from "kafkajs";

/**
 * A kafkajs client for command-line use: silent (failures surface as GenerateProduceError, one line),
 * and quick to give up on an unreachable broker (3 s connect timeout, 2 retries).
 */
export function generatorKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** Bounded retries: an unreachable broker fails a run in seconds instead of kafkajs' idempotent default (forever). */
const PRODUCER_RETRY = { retries: 5, initialRetryTime: 300, maxRetryTime: 3000 };

/** Options of produceGenerated. */
export interface ProduceGeneratedOptions {
  kafka: Kafka;
  topic: string;
  records: Iterable<GeneratedRecord>;
  /** How many records `records` holds (for progress). */
  total: number;
  /** Records per wall-clock second; undefined: as fast as Kafka takes them. */
  rate?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  clock?: WallClock;
}

/**
 * Produces `records` to `topic` with one idempotent kafkajs producer (acks = all in-sync
 * replicas; a batch retried after a lost ack is not written twice), one batch in flight at a time,
 * so each partition receives records in generation order. Resolves with the acknowledged count
 * (`aborted` when the signal stopped it early). Rejects with GenerateProduceError: `unknown_topic`
 * (checked before the first record; topics are never auto-created) or `unavailable`.
 */
export async function produceGenerated(options: ProduceGeneratedOptions): Promise<RunResult> {
  const { kafka, topic } = options;
  await checkTopic(kafka, topic);
  let sent = 0;
  let producer: Producer | undefined;
  try {
    producer = kafka.producer({
      idempotent: true,
      allowAutoTopicCreation: false,
      // Same partitions as kafkajs' DefaultPartitioner (and Java clients), at a fraction of the CPU.
      createPartitioner: keyPartitioner,
      retry: PRODUCER_RETRY,
    });
    await producer.connect();
    const connected = producer;
    return await sendInBatches(
      options.records,
      async (messages) => void (await connected.send({ topic, acks: -1, messages })),
      {
        total: options.total,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        rate: options.rate,
        signal: options.signal,
        clock: options.clock,
        onProgress: (p) => {
          sent = p.sent;
          options.onProgress?.(p);
        },
      },
    );
  } catch (err) {
    throw toProduceError(err, topic, sent);
  } finally {
    await producer?.disconnect().catch(() => {});
  }
}

/**
 * Resolves when `topic` exists on the cluster; GenerateProduceError otherwise. A producer would
 * find out too, but only after ~8 s of metadata retries.
 */
export async function checkTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new GenerateProduceError("unknown_topic", unknownTopic(topic), 0);
  } catch (err) {
    throw toProduceError(err, topic, 0);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Maps a kafkajs failure onto GenerateProduceError (kept as is when it already is one). */
export function toProduceError(err: unknown, topic: string, sent: number): GenerateProduceError {
  if (err instanceof GenerateProduceError) return err;
  if (mentionsUnknownTopic(err)) return new GenerateProduceError("unknown_topic", unknownTopic(topic), sent, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new GenerateProduceError("unavailable", `Kafka is unavailable: ${message}`, sent, { cause: err });
}

function unknownTopic(topic: string): string {
  return `topic ${topic} does not exist on the broker (topics are never auto-created)`;
}

function mentionsUnknownTopic(err: unknown): boolean {
  // kafkajs wraps the protocol error (type UNKNOWN_TOPIC_OR_PARTITION) in retry errors; walk the chain.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if ((e as { type?: unknown }).type === "UNKNOWN_TOPIC_OR_PARTITION") return true;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return false;
}
