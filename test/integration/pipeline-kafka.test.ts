/**
 * @tally/pipeline/kafka against the real local Kafka: jobs (`kafkaJob` on a topic) run by
 * `kafkaRunner` commit only after their sink resolved, are redelivered while the sink fails,
 * dead-letter poison to a real dead-letter topic (rejected elements and messages that fail
 * permanently), count under their job's `tally_job_*` metrics, and feed the producer sink.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel, type Admin, type ConsumerConfig, type Producer } from "kafkajs";
import { createMetricsRegistry } from "@tally/http-kit";
import { combinePerKey, ConnectionError, map, pipeline, PipelineError, sum, tryMap, type KV, type Sink } from "@tally/pipeline";
import {
  kafkaDeadLetters,
  kafkaJob,
  kafkaRunner,
  kafkaSink,
  kafkaTopic,
  valueText,
  type DeadLetter,
  type KafkaJobRunner,
  type KafkaRecord,
  type KafkaRunnerOptions,
} from "@tally/pipeline/kafka";
import { servers, testTopic } from "./fixture.ts";

const input = testTopic("pipeline-in");
const output = testTopic("pipeline-out");
const deadTopic = testTopic("pipeline-dead");
const wide = testTopic("pipeline-wide");
const refused = testTopic("pipeline-refused");
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
  await admin.createTopics({ topics: [input, output, deadTopic, refused].map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  await admin.createTopics({ topics: [{ topic: wide, numPartitions: 3 }], waitForLeaders: true });
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: input, acks: -1, messages: [...messages.slice(0, 2).map((m) => ({ value: JSON.stringify(m) })), { value: POISON }, ...messages.slice(2).map((m) => ({ value: JSON.stringify(m) }))] });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin.deleteTopics({ topics: [input, output, deadTopic, wide, refused] }).catch(() => {});
  await admin.disconnect();
});

const TOTAL = messages.length + 1;

/** The billing job on `input`: parse (poison is rejected), cents per company, summed per batch → `sink`. */
function billingJob(sink: Sink<KV<string, bigint>>) {
  return kafkaJob(
    "billing",
    pipeline
      .from(kafkaTopic(input))
      .apply(tryMap((r: KafkaRecord) => JSON.parse(valueText(r)) as { company: string; cost: string }))
      .apply(map((b: { company: string; cost: string }) => [b.company, BigInt(b.cost.replace(".", ""))] as const))
      .apply(combinePerKey(sum))
      .to(sink),
  );
}

/** Dead letters kept in memory (for tests that do not read the dead-letter topic). */
function memoryDeadLetters() {
  const reasons: string[] = [];
  return { reasons, deadLetters: { write: async (r: readonly { reason: string }[]) => void reasons.push(...r.map((x) => x.reason)) } };
}

/** The Kafka runner in `groupId` (options override), fetching every 200 ms. */
function runnerOf(groupId: string, options: Pick<KafkaRunnerOptions, "jobs"> & Partial<KafkaRunnerOptions>): KafkaJobRunner {
  return kafkaRunner({ kafka, admin, groupId, logger: quiet, maxWaitTimeInMs: 200, lagRefreshMs: 60_000, deadLetters: memoryDeadLetters().deadLetters, ...options });
}

async function committed(groupId: string, topic = input): Promise<string | undefined> {
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  return offsets[0]?.partitions[0]?.offset;
}

/** Runs `runner` until `done()` (or 60 s), then stops it; stop waits for the batch in flight and its commit. */
async function runUntil(runner: KafkaJobRunner, done: () => boolean): Promise<void> {
  await runner.start();
  try {
    for (const deadline = Date.now() + 60_000; !done() && Date.now() < deadline; ) await Bun.sleep(50);
  } finally {
    await runner.stop();
  }
}

/** Runs until `TOTAL` input records were processed and committed. */
const runUntilAll = (runner: KafkaJobRunner) => runUntil(runner, () => runner.state().counts.records >= TOTAL);

/** Reads `topic` from the beginning (a fresh group) until `enough(values)`, or fails after 60 s. */
async function read(topic: string, enough: (values: string[]) => boolean): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} messages on ${topic}`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push(message.value!.toString());
          if (enough(got)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe("kafka runner: commit after durable write", () => {
  test("a failing sink commits nothing; the next runner of the group gets the same messages", async () => {
    const groupId = `${input}-redelivery`;
    const failing: Sink<KV<string, bigint>> = { write: async () => Promise.reject(new ConnectionError("cassandra unavailable")) };
    // The runner never gives up on a batch (Kafka is the buffer); the failure is reported instead.
    const errors: unknown[] = [];
    const first = runnerOf(groupId, { jobs: [billingJob(failing)], onRetry: (r) => void errors.push(r.error) });
    await runUntil(first, () => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect((errors[0] as Error).message).toContain("cassandra unavailable");
    expect(first.state().counts.records).toBe(0);
    expect(await committed(groupId)).toBe("-1");

    const written: KV<string, bigint>[] = [];
    const { reasons, deadLetters } = memoryDeadLetters();
    const second = runnerOf(groupId, { jobs: [billingJob({ write: async (items) => void written.push(...items) })], deadLetters });
    await runUntilAll(second);
    expect(second.state().counts.records).toBe(TOTAL);
    const totals = new Map<string, bigint>();
    for (const [k, v] of written) totals.set(k, (totals.get(k) ?? 0n) + v);
    expect(Object.fromEntries(totals)).toEqual({ A: 1001n, B: 2175n, C: 1200n });
    expect(reasons).toHaveLength(1);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);

  test("a sink that recovers is retried with backoff while the consumer heartbeats; offsets committed after", async () => {
    const groupId = `${input}-retry`;
    let failures = 3;
    const sink: Sink<KV<string, bigint>> = {
      async write() {
        if (failures-- > 0) throw new Error("cassandra unavailable");
      },
    };
    const retries: number[] = [];
    await runUntilAll(runnerOf(groupId, { jobs: [billingJob(sink)], backoff: { initialRetryTime: 50 }, onRetry: (r) => void retries.push(r.attempt) }));
    expect(retries).toEqual([1, 2, 3]);
    expect(await committed(groupId)).toBe(String(TOTAL));
  }, 120_000);
});

describe("kafka runner: a real job end to end", () => {
  test("poison goes to the dead-letter topic with its coordinates and kind; results go to the output topic; the job's metrics count both", async () => {
    const groupId = `${input}-dlq`;
    const sink = kafkaSink<KV<string, bigint>>({
      producer,
      topic: output,
      encode: ([company, cents], ctx) => ({ key: company, value: JSON.stringify({ company, cents: cents.toString(), source: ctx.batchId }) }),
    });
    const registry = createMetricsRegistry(false);
    const dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 }); // connected by the sink on first use
    try {
      await runUntilAll(runnerOf(groupId, { jobs: [billingJob(sink)], deadLetters: kafkaDeadLetters(dlqProducer, deadTopic), registry }));
    } finally {
      await dlqProducer.disconnect();
    }

    const letters = (await read(deadTopic, (vs) => vs.some((v) => v.includes(input)))).map((v) => JSON.parse(v) as DeadLetter);
    const letter = letters.find((l) => l.topic === input);
    expect(letter).toMatchObject({ kind: "rejected", topic: input, partition: 0, offset: "2", value: POISON });
    expect(letter!.reason).toContain("JSON");
    const results = (await read(output, (vs) => vs.length >= 3)).map((v) => JSON.parse(v) as { company: string; cents: string; source: string });
    const sums = new Map<string, bigint>();
    for (const r of results) sums.set(r.company, (sums.get(r.company) ?? 0n) + BigInt(r.cents));
    expect(sums.get("A")).toBe(1001n);
    expect(results[0]!.source).toMatch(new RegExp(`^${input}/0@\\d+$`));

    const text = await registry.metrics();
    expect(text).toContain('tally_job_dead_letters_total{job_name="billing",kind="rejected"} 1');
    expect(text).toMatch(/tally_job_outputs_total\{job_name="billing"\} [3-9]/);
    expect(text).toContain(`tally_consumer_records_total{topic="${input}"} ${TOTAL}`);
  }, 120_000);

  test("a message the sink refuses permanently is dead-lettered (permanent_failure, counted under the job); the rest is written and committed", async () => {
    await producer.send({ topic: refused, acks: -1, messages: ["1", "2", "refuse", "4"].map((value) => ({ value })) });
    const groupId = `${refused}-group`;
    const written: string[] = [];
    const job = kafkaJob(
      "refusing",
      pipeline
        .from(kafkaTopic(refused))
        .apply(map(valueText))
        .to({
          async write(items) {
            if (items.includes("refuse")) throw new PipelineError("value refused by the store", { retriable: false });
            written.push(...items);
          },
        }),
    );
    const registry = createMetricsRegistry(false);
    const dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const runner = runnerOf(groupId, { jobs: [job], deadLetters: kafkaDeadLetters(dlqProducer, deadTopic), registry });
    try {
      await runUntil(runner, () => runner.state().counts.records + runner.state().counts.deadLetters >= 4);
    } finally {
      await dlqProducer.disconnect();
    }
    expect(written.sort()).toEqual(["1", "2", "4"]);
    expect(runner.state().counts).toMatchObject({ records: 3, deadLetters: 1 });
    expect(await committed(groupId, refused)).toBe("4");

    const letters = (await read(deadTopic, (vs) => vs.some((v) => v.includes(refused)))).map((v) => JSON.parse(v) as DeadLetter);
    expect(letters.filter((l) => l.topic === refused)).toEqual([
      { reason: "permanent failure: value refused by the store", kind: "permanent_failure", topic: refused, partition: 0, offset: "2", value: "refuse" },
    ]);
    const text = await registry.metrics();
    expect(text).toContain('tally_job_dead_letters_total{job_name="refusing",kind="permanent_failure"} 1');
    expect(text).toContain(`tally_consumer_poison_messages_total{topic="${refused}"} 1`);
  }, 120_000);
});

describe("kafka runner under load and outages", () => {
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
    const job = kafkaJob("wide", pipeline.from(kafkaTopic(wide)).apply(map(valueText)).to({ write }));
    const runner = runnerOf(groupId, { jobs: [job], partitionsConsumedConcurrently: 3 });
    await runUntil(runner, () => runner.state().counts.records >= N);
    expect(seen.size).toBe(N);
    expect(duplicates).toBe(0);

    const [offsets, ends] = [await admin.fetchOffsets({ groupId, topics: [wide] }), await admin.fetchTopicOffsets(wide)];
    const committedByPartition = Object.fromEntries(offsets[0]!.partitions.map((p) => [p.partition, p.offset]));
    for (const end of ends) expect(committedByPartition[end.partition]).toBe(end.high);
  }, 120_000);

  test("a sink outage longer than the session timeout keeps the group membership (heartbeats while retrying)", async () => {
    const groupId = `${input}-outage`;
    let joins = 0;
    // Counts group joins of every kafkajs consumer the runner creates: a lost session means a rejoin.
    const counting = {
      consumer: (config: ConsumerConfig) => {
        const c = kafka.consumer(config);
        c.on(c.events.GROUP_JOIN, () => void joins++);
        return c;
      },
    } as unknown as Kafka;
    const downUntil = Date.now() + 9000;
    let writes = 0;
    const sink: Sink<KafkaRecord> = {
      async write() {
        writes++;
        if (Date.now() < downUntil) throw new Error("cassandra unavailable");
      },
    };
    const runner = runnerOf(groupId, {
      jobs: [kafkaJob("outage", pipeline.from(kafkaTopic(input)).to(sink))],
      kafka: counting,
      sessionTimeoutMs: 6000,
      backoff: { initialRetryTime: 300, maxRetryTime: 1000 },
    });
    await runUntil(runner, () => runner.state().counts.records > 0);
    expect(writes).toBeGreaterThan(5);
    expect(joins).toBe(1);
    expect(await committed(groupId)).not.toBe("-1");
  }, 120_000);
});
