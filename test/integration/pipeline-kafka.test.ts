/**
 * @tally/pipeline/kafka against the real local Kafka: a pipeline run by the Kafka batch consumer
 * commits after the sink resolved, is redelivered when the sink fails, dead-letters poison, and
 * feeds the producer sink.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel, type Admin, type ConsumerConfig, type Producer } from "kafkajs";
import { combinePerKey, compose, map, PipelineError, sum, tryMap, type KV, type Sink } from "../../packages/pipeline/src/index.ts";
import {
  kafkaDeadLetters,
  KafkaBatchConsumer,
  kafkaSink,
  pipelineHandler,
  valueText,
  type BatchHandler,
  type DeadLetter,
  type KafkaBatchConsumerOptions,
  type KafkaRecord,
} from "../../packages/pipeline/src/io/kafka/index.ts";
import { servers, testTopic } from "./fixture.ts";

const input = testTopic("pipeline-in");
const output = testTopic("pipeline-out");
const deadTopic = testTopic("pipeline-dead");
const wide = testTopic("pipeline-wide");
let kafka: Kafka;
let producer: Producer;
let admin: Admin;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const messages = [
  { company: "A", cost: "10.00" },
  { company: "B", cost: "20.50" },
  { company: "A", cost: "0.01" },
  { company: "C", cost: "12.00" },
  { company: "B", cost: "1.25" },
];
const POISON = "{not json";

beforeAll(async () => {
  kafka = new Kafka({ brokers: (await servers()).kafkaBrokers, clientId: "tally-pipeline-test", logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [input, output, deadTopic].map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  await admin.createTopics({ topics: [{ topic: wide, numPartitions: 3 }], waitForLeaders: true });
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: input, acks: -1, messages: [...messages.slice(0, 2).map((m) => ({ value: JSON.stringify(m) })), { value: POISON }, ...messages.slice(2).map((m) => ({ value: JSON.stringify(m) }))] });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin.deleteTopics({ topics: [input, output, deadTopic, wide] }).catch(() => {});
  await admin.disconnect();
});

const TOTAL = messages.length + 1;

/** The billing-style transforms: parse (poison is rejected), cents per company, summed per batch. */
const billing = compose(
  compose(
    tryMap((r: KafkaRecord) => JSON.parse(valueText(r)) as { company: string; cost: string }),
    map((b: { company: string; cost: string }) => [b.company, BigInt(b.cost.replace(".", ""))] as const),
  ),
  combinePerKey(sum),
);

/** A batch consumer of `input` in `groupId` (options override), fetching every 200 ms. */
function consumerOf(groupId: string, handleBatch: BatchHandler, extra: Partial<KafkaBatchConsumerOptions> = {}) {
  return new KafkaBatchConsumer({ kafka, admin, groupId, topics: [input], handleBatch, logger: quiet, maxWaitTimeInMs: 200, lagRefreshMs: 60_000, ...extra });
}

async function committed(groupId: string): Promise<string | undefined> {
  const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
  return offsets[0]?.partitions[0]?.offset;
}

/** Runs `consumer` until `done()` (or 60 s), then stops it; stop waits for the batch in flight and its commit. */
async function runUntil(consumer: KafkaBatchConsumer, done: () => boolean): Promise<void> {
  await consumer.start();
  try {
    for (const deadline = Date.now() + 60_000; !done() && Date.now() < deadline; ) await Bun.sleep(50);
  } finally {
    await consumer.stop();
  }
}

/** Runs until `TOTAL` input records were processed and committed. */
const runUntilAll = (consumer: KafkaBatchConsumer) => runUntil(consumer, () => consumer.state().counts.records >= TOTAL);

describe("kafka batch consumer with manual commits", () => {
  test("a failing sink commits nothing; the next consumer of the group gets the same messages", async () => {
    const groupId = `${input}-redelivery`;
    const failing: Sink<unknown> = { write: async () => Promise.reject(new PipelineError("cassandra schema mismatch", { retriable: false })) };
    // The consumer never gives up on a batch (Kafka is the buffer); the failure is reported instead.
    const errors: unknown[] = [];
    const first = consumerOf(groupId, pipelineHandler({ transform: billing, sink: failing }), { onRetry: (r) => void errors.push(r.error) });
    await runUntil(first, () => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(PipelineError);
    expect((errors[0] as Error).message).toContain("schema mismatch");
    expect(await committed(groupId)).toBe("-1");

    const written: KV<string, bigint>[] = [];
    const letters: unknown[] = [];
    const second = consumerOf(
      groupId,
      pipelineHandler(
        { transform: billing, sink: { write: async (items) => void written.push(...items) } },
        { deadLetters: { write: async (r) => void letters.push(...r.map((x) => x.reason)) } },
      ),
    );
    await runUntilAll(second);
    expect(second.state().counts.records).toBe(TOTAL);
    const totals = new Map<string, bigint>();
    for (const [k, v] of written) totals.set(k, (totals.get(k) ?? 0n) + v);
    expect(Object.fromEntries(totals)).toEqual({ A: 1001n, B: 2175n, C: 1200n });
    expect(letters).toHaveLength(1);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);

  test("a sink that recovers is retried with backoff while the consumer heartbeats; offsets committed after", async () => {
    const groupId = `${input}-retry`;
    let failures = 3;
    const sink: Sink<unknown> = {
      async write() {
        if (failures-- > 0) throw new Error("cassandra unavailable");
      },
    };
    const retries: number[] = [];
    await runUntilAll(consumerOf(groupId, pipelineHandler({ transform: billing, sink }), { backoff: { initialRetryTime: 50 }, onRetry: (r) => void retries.push(r.attempt) }));
    expect(retries).toEqual([1, 2, 3]);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);

  test("poison goes to the dead-letter topic with its coordinates; results go to the output topic", async () => {
    const groupId = `${input}-dlq`;
    const sink = kafkaSink<KV<string, bigint>>({
      producer,
      topic: output,
      encode: ([company, cents], ctx) => ({ key: company, value: JSON.stringify({ company, cents: cents.toString(), source: ctx.batchId }) }),
    });
    await runUntilAll(consumerOf(groupId, pipelineHandler({ transform: billing, sink }, { deadLetters: kafkaDeadLetters(producer, deadTopic) })));

    const read = async (topic: string, count: number) => {
      const consumer = kafka.consumer({ groupId: `${topic}-reader` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${got.length} messages on ${topic}`)), 60_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            got.push(message.value!.toString());
            if (got.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      await consumer.disconnect();
      return got;
    };

    const [letter] = (await read(deadTopic, 1)).map((v) => JSON.parse(v) as DeadLetter);
    expect(letter).toMatchObject({ topic: input, partition: 0, offset: "2", value: POISON });
    expect(letter!.reason).toContain("JSON");
    const results = (await read(output, 3)).map((v) => JSON.parse(v) as { company: string; cents: string; source: string });
    const sums = new Map<string, bigint>();
    for (const r of results) sums.set(r.company, (sums.get(r.company) ?? 0n) + BigInt(r.cents));
    expect(sums.get("A")).toBe(1001n);
    expect(results[0]!.source).toMatch(new RegExp(`^${input}/0@\\d+$`));
  }, 120_000);
});

describe("kafka batch consumer under load and outages", () => {
  test("three partitions consumed concurrently: every message once, every partition committed to its end", async () => {
    const N = 3000;
    for (let i = 0; i < N; i += 500) {
      await producer.send({ topic: wide, acks: -1, messages: Array.from({ length: 500 }, (_, j) => ({ key: `k${(i + j) % 17}`, value: String(i + j) })) });
    }
    const groupId = `${wide}-concurrent`;
    const seen = new Set<string>();
    let duplicates = 0;
    const write = async (items: readonly string[]) => {
      for (const v of items) (seen.has(v) ? duplicates++ : seen.add(v));
    };
    const consumer = consumerOf(groupId, pipelineHandler({ transform: map(valueText), sink: { write } }), { topics: [wide], partitionsConsumedConcurrently: 3 });
    await runUntil(consumer, () => consumer.state().counts.records >= N);
    expect(seen.size).toBe(N);
    expect(duplicates).toBe(0);

    const [offsets, ends] = [await admin.fetchOffsets({ groupId, topics: [wide] }), await admin.fetchTopicOffsets(wide)];
    const committedByPartition = Object.fromEntries(offsets[0]!.partitions.map((p) => [p.partition, p.offset]));
    for (const end of ends) expect(committedByPartition[end.partition]).toBe(end.high);
  }, 120_000);

  test("a sink outage longer than the session timeout keeps the group membership (heartbeats while retrying)", async () => {
    const groupId = `${input}-outage`;
    let joins = 0;
    // Counts group joins of every kafkajs consumer the batch consumer creates: a lost session means a rejoin.
    const counting = {
      consumer: (config: ConsumerConfig) => {
        const c = kafka.consumer(config);
        c.on(c.events.GROUP_JOIN, () => void joins++);
        return c;
      },
    } as unknown as Kafka;
    const downUntil = Date.now() + 9000;
    let writes = 0;
    const sink: Sink<unknown> = {
      async write() {
        writes++;
        if (Date.now() < downUntil) throw new Error("cassandra unavailable");
      },
    };
    const consumer = consumerOf(groupId, pipelineHandler({ transform: (items) => items, sink }), {
      kafka: counting,
      sessionTimeoutMs: 6000,
      backoff: { initialRetryTime: 300, maxRetryTime: 1000 },
    });
    await runUntil(consumer, () => consumer.state().counts.records > 0);
    expect(writes).toBeGreaterThan(5);
    expect(joins).toBe(1);
    expect(await committed(groupId)).not.toBe("-1");
  }, 120_000);
});
