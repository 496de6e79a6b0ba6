/**
 * @tally/pipeline/kafka against the real local Kafka: manual commits after the sink resolved,
 * redelivery when the sink fails, dead letters, the producer sink.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { combinePerKey, map, pipeline, PipelineError, runPipeline, sum, tryMap, type KV, type Sink } from "../../packages/pipeline/src/index.ts";
import { kafkaDeadLetters, kafkaSink, kafkaSource, valueText, type DeadLetter } from "../../packages/pipeline/src/io/kafka/index.ts";
import { servers, testTopic } from "./fixture.ts";

const input = testTopic("pipeline-in");
const output = testTopic("pipeline-out");
const deadTopic = testTopic("pipeline-dead");
const wide = testTopic("pipeline-wide");
let kafka: Kafka;
let producer: Producer;

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
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [input, output, deadTopic].map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  await admin.createTopics({ topics: [{ topic: wide, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: input, acks: -1, messages: [...messages.slice(0, 2).map((m) => ({ value: JSON.stringify(m) })), { value: POISON }, ...messages.slice(2).map((m) => ({ value: JSON.stringify(m) }))] });
});

afterAll(async () => {
  await producer?.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [input, output, deadTopic, wide] }).catch(() => {});
  await admin.disconnect();
});

const TOTAL = messages.length + 1;

/** Builds the billing-style pipeline over a fresh consumer of `groupId`. */
function billingPipeline(groupId: string) {
  const source = kafkaSource({ consumer: kafka.consumer({ groupId, maxWaitTimeInMs: 200 }), topics: [input], fromBeginning: true });
  const stage = pipeline
    .from(source)
    .apply(tryMap((r) => JSON.parse(valueText(r)) as { company: string; cost: string }))
    .apply(map((b) => [b.company, BigInt(b.cost.replace(".", ""))] as const))
    .apply(combinePerKey(sum));
  return { source, stage };
}

async function committed(groupId: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
  await admin.disconnect();
  return offsets[0]?.partitions[0]?.offset;
}

/** Runs until `TOTAL` input records were processed (or `timeoutMs`). */
async function runUntilAll<O>(p: ReturnType<typeof billingPipeline>["stage"], sink: Sink<O>, extra: Parameters<typeof runPipeline>[1] = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  let seen = 0;
  try {
    return await runPipeline(p.to(sink as never), {
      ...extra,
      signal: controller.signal,
      onBatch: (r) => {
        seen += r.itemsIn;
        if (seen >= TOTAL) controller.abort();
      },
    });
  } finally {
    clearTimeout(timer);
  }
}

describe("kafka source with manual commits", () => {
  test("a failing sink commits nothing; the next consumer of the group gets the same messages", async () => {
    const groupId = `${input}-redelivery`;
    const first = billingPipeline(groupId);
    const failing: Sink<unknown> = { write: async () => Promise.reject(new PipelineError("cassandra schema mismatch", { retriable: false })) };
    await expect(runUntilAll(first.stage, failing)).rejects.toThrow("schema mismatch");
    await first.source.close?.();
    expect(await committed(groupId)).toBe("-1");

    const second = billingPipeline(groupId);
    const written: KV<string, bigint>[] = [];
    const letters: unknown[] = [];
    const stats = await runUntilAll(second.stage, { write: async (items) => void written.push(...(items as KV<string, bigint>[])) }, {
      deadLetters: { write: async (r) => void letters.push(...r.map((x) => x.reason)) },
    });
    await second.source.close?.();
    expect(stats.itemsIn).toBe(TOTAL);
    const totals = new Map<string, bigint>();
    for (const [k, v] of written) totals.set(k, (totals.get(k) ?? 0n) + v);
    expect(Object.fromEntries(totals)).toEqual({ A: 1001n, B: 2175n, C: 1200n });
    expect(letters).toHaveLength(1);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);

  test("a sink that recovers is retried with backoff while the consumer heartbeats; offsets committed after", async () => {
    const groupId = `${input}-retry`;
    const { source, stage } = billingPipeline(groupId);
    let failures = 3;
    const sink: Sink<unknown> = {
      async write() {
        if (failures-- > 0) throw new Error("cassandra unavailable");
      },
    };
    const retries: number[] = [];
    await runUntilAll(stage, sink, { retry: { initialRetryTime: 50 }, onRetry: (r) => void retries.push(r.attempt) });
    await source.close?.();
    expect(retries).toEqual([1, 2, 3]);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);

  test("poison goes to the dead-letter topic with its coordinates; results go to the output topic", async () => {
    const groupId = `${input}-dlq`;
    const { source, stage } = billingPipeline(groupId);
    const sink = kafkaSink<KV<string, bigint>>({
      producer,
      topic: output,
      encode: ([company, cents], ctx) => ({ key: company, value: JSON.stringify({ company, cents: cents.toString(), source: ctx.batchId }) }),
    });
    await runUntilAll(stage, sink, { deadLetters: kafkaDeadLetters(producer, deadTopic) });
    await source.close?.();

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

describe("kafka source under load and outages", () => {
  test("three partitions consumed concurrently: every message once, every partition committed to its end", async () => {
    const N = 3000;
    for (let i = 0; i < N; i += 500) {
      await producer.send({ topic: wide, acks: -1, messages: Array.from({ length: 500 }, (_, j) => ({ key: `k${(i + j) % 17}`, value: String(i + j) })) });
    }
    const groupId = `${wide}-concurrent`;
    const source = kafkaSource({ consumer: kafka.consumer({ groupId, maxWaitTimeInMs: 200 }), topics: [wide], fromBeginning: true, partitionsConsumedConcurrently: 3 });
    const seen = new Set<string>();
    let duplicates = 0;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    await runPipeline(
      pipeline
        .from(source)
        .apply(map((r) => valueText(r)))
        .to({
          write: async (items) => {
            for (const v of items) (seen.has(v) ? duplicates++ : seen.add(v));
          },
        }),
      { signal: controller.signal, onBatch: () => seen.size >= N && controller.abort() },
    );
    clearTimeout(timer);
    await source.close?.();
    expect(seen.size).toBe(N);
    expect(duplicates).toBe(0);

    const admin = kafka.admin();
    await admin.connect();
    const [offsets, ends] = [await admin.fetchOffsets({ groupId, topics: [wide] }), await admin.fetchTopicOffsets(wide)];
    await admin.disconnect();
    const committedByPartition = Object.fromEntries(offsets[0]!.partitions.map((p) => [p.partition, p.offset]));
    for (const end of ends) expect(committedByPartition[end.partition]).toBe(end.high);
  }, 120_000);

  test("a sink outage longer than the session timeout keeps the group membership (heartbeats while retrying)", async () => {
    const groupId = `${input}-outage`;
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => void joins++);
    const source = kafkaSource({ consumer, topics: [input], fromBeginning: true });
    const downUntil = Date.now() + 9000;
    let writes = 0;
    const sink: Sink<unknown> = {
      async write() {
        writes++;
        if (Date.now() < downUntil) throw new Error("cassandra unavailable");
      },
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    await runPipeline(pipeline.from(source).to(sink), {
      signal: controller.signal,
      retry: { initialRetryTime: 300, maxRetryTime: 1000 },
      onBatch: () => controller.abort(),
    });
    clearTimeout(timer);
    await source.close?.();
    expect(writes).toBeGreaterThan(5);
    expect(joins).toBe(1);
    expect(await committed(groupId)).not.toBe("-1");
  }, 120_000);
});
