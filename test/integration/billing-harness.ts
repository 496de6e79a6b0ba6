/**
 * Shared by the billing-*.test.ts integration tests: real producer and consumer processes on free
 * ports against the local stack, per-run topics and keyspace, and small polling helpers.
 */
import { afterAll, beforeAll, expect } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "cassandra-driver";
import type { Admin, IHeaders, Kafka } from "kafkajs";
import { applySchema } from "../../infra/local/src/schema.ts";
import { createCassandra } from "@tally/http-kit/cassandra";
import { createKafka } from "@tally/http-kit/kafka";
import { createLogger } from "@tally/http-kit";
import { RUN_ID, servers, testKeyspace, testTopic, type Servers } from "./fixture.ts";
import { ROOT, startService, type RunningService } from "./service-process.ts";

export { ROOT, startService, type RunningService } from "./service-process.ts";

export const PRODUCER_ENTRY = join(ROOT, "services/producer/src/index.ts");
export const CONSUMER_ENTRY = join(ROOT, "services/consumer/src/index.ts");
const quiet = createLogger("billing-test", "error");

/** Topics and keyspace one test file owns, created in setUp and removed in tearDown. */
export class BillingStack {
  stack!: Servers;
  kafka!: Kafka;
  admin!: Admin;
  cql!: Client;

  constructor(readonly keyspace: string, readonly topics: { topic: string; partitions: number }[]) {}

  async setUp(): Promise<void> {
    this.stack = await servers();
    this.kafka = createKafka({ brokers: this.stack.kafkaBrokers, clientId: `billing-test-${RUN_ID}` }, quiet);
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({ topics: this.topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })), waitForLeaders: true });
    this.cql = createCassandra({ ...this.stack.cassandra });
    await applySchema(this.cql, this.keyspace);
  }

  async tearDown(): Promise<void> {
    try {
      await this.admin?.deleteTopics({ topics: this.topics.map((t) => t.topic) });
      await this.admin?.disconnect();
      await this.cql?.execute(`DROP KEYSPACE IF EXISTS ${this.keyspace}`);
      await this.cql?.shutdown();
    } catch {
      // Best effort: per-run names never collide with the next run.
    }
  }

  /** Environment pointing a service at the stack and this file's keyspace. */
  env(): Record<string, string> {
    return {
      KAFKA_BROKERS: this.stack.kafkaBrokers.join(","),
      CASSANDRA_CONTACT_POINTS: this.stack.cassandra.contactPoints.join(","),
      CASSANDRA_LOCAL_DC: this.stack.cassandra.localDataCenter,
      CASSANDRA_KEYSPACE: this.keyspace,
      LOG_LEVEL: "warn",
    };
  }

  /** Resolves once `group` committed past every acknowledged produce in `acks`. */
  async waitCommitted(group: string, acks: readonly ProduceAck[], timeoutMs = 30_000): Promise<void> {
    const need = new Map<string, bigint>();
    for (const a of acks) {
      const key = `${a.topic}/${a.partition}`;
      const next = BigInt(a.offset) + 1n;
      if ((need.get(key) ?? -1n) < next) need.set(key, next);
    }
    const topics = [...new Set(acks.map((a) => a.topic))];
    let missing: string[] = [];
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(200)) {
      let committed;
      try {
        committed = await this.admin.fetchOffsets({ groupId: group, topics });
      } catch (error) {
        // The group coordinator moving or loading (retriable): not committed yet, ask again.
        if ((error as { retriable?: unknown }).retriable === true) continue;
        throw error;
      }
      missing = [...need].filter(([key, next]) => {
        const [topic, partition] = key.split("/");
        const p = committed.find((t) => t.topic === topic)?.partitions.find((x) => String(x.partition) === partition);
        return !p || BigInt(p.offset) < next;
      }).map(([key]) => key);
      if (missing.length === 0) return;
    }
    throw new Error(`group ${group} did not commit ${missing.join(", ")} within ${timeoutMs} ms`);
  }
}

/** One letter on a dead-letter topic, as the consumer writes it. */
export interface Letter {
  reason: string;
  kind: string;
  topic: string;
  partition: number;
  offset: string;
  value: string;
}

/**
 * Reads `topic` from the beginning with a fresh reader group (`as` names it) until `done(letters)`
 * holds, and returns the letters read; fails after 20 s with what it had.
 */
export async function readLetters(kafka: Kafka, topic: string, as: string, done: (letters: Letter[]) => boolean): Promise<Letter[]> {
  const reader = kafka.consumer({ groupId: `billing-dlq-reader-${as}-${RUN_ID}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  const letters: Letter[] = [];
  try {
    await new Promise<void>((resolve, fail) => {
      const timer = setTimeout(() => fail(new Error(`dead letters not as expected within 20 s: ${JSON.stringify(letters)}`)), 20_000);
      void reader.run({
        eachMessage: async ({ message }) => {
          letters.push(JSON.parse(message.value!.toString()) as Letter);
          if (done(letters)) (clearTimeout(timer), resolve());
        },
      });
    });
  } finally {
    await reader.disconnect();
  }
  return letters;
}

/** Sends one message straight to Kafka (acks from all replicas), as the producer service would, headers included. */
export async function sendRaw(kafka: Kafka, topic: string, value: string | Buffer, headers: IHeaders = {}): Promise<ProduceAck> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const [meta] = await producer.send({ topic, acks: -1, messages: [{ value, headers }] });
    return { topic, partition: meta!.partition, offset: meta!.baseOffset! };
  } finally {
    await producer.disconnect();
  }
}

/** The producer's 202 answer. */
export interface ProduceAck {
  topic: string;
  partition: number;
  offset: string;
}

/** POST /produce and expect 202. */
export async function produce(producerUrl: string, topic: string, message: string): Promise<ProduceAck> {
  const res = await fetch(producerUrl + "/produce", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic, message }) });
  const body = await res.text();
  expect(`${res.status} ${body}`).toStartWith("202");
  return JSON.parse(body) as ProduceAck;
}

/** GET JSON from a service. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The seed's API-log rate card (login 0.005, createOrder 0.010, getUserProfile 0.002, … per ms). */
export const SEED_RATES = join(ROOT, "test/fixtures/seed-data/distributed_billing_aggregation/rates.env");

/**
 * One test file's billing run: billing-files and api-logs topics (3 partitions each), a dead-letter
 * topic and a keyspace, plus the consumer's environment for them (consuming both jobs from boot).
 */
export function billingRun(name: string) {
  const files = testTopic(`${name}-files`);
  const logs = testTopic(`${name}-logs`);
  const dlq = testTopic(`${name}-dlq`);
  const group = `tally-${name}-${RUN_ID}`;
  const stack = new BillingStack(testKeyspace(`tally_${name.replace(/-/g, "_")}`), [
    { topic: files, partitions: 3 },
    { topic: logs, partitions: 3 },
    { topic: dlq, partitions: 1 },
  ]);
  const consumerEnv = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
    ...stack.env(),
    DATA_DIR: dataDir,
    RATES_FILE: SEED_RATES,
    CONSUME_TOPICS: `${files},${logs}`,
    BILLING_FILES_TOPIC: files,
    API_LOGS_TOPIC: logs,
    DEAD_LETTER_TOPIC: dlq,
    CONSUMER_GROUP: group,
    CONSUME_ON_START: "true",
    ...extra,
  });
  return { files, logs, dlq, group, stack, consumerEnv };
}

/** A billingRun whose consumer runs for the whole test file; `dataDir` and `consumer` are set in beforeAll. */
export interface LiveBillingRun {
  run: ReturnType<typeof billingRun>;
  dataDir: string;
  consumer: RunningService;
}

/**
 * billingRun plus its set-up: the stack's topics and keyspace, a fresh DATA_DIR and a consuming consumer
 * before the file's tests, all removed after (registers the file's beforeAll/afterAll).
 */
export function billingRunWithConsumer(name: string): LiveBillingRun {
  const live = { run: billingRun(name) } as LiveBillingRun;
  beforeAll(async () => {
    live.dataDir = await mkdtemp(join(tmpdir(), `tally-${name}-`));
    await live.run.stack.setUp();
    live.consumer = await startService(CONSUMER_ENTRY, live.run.consumerEnv(live.dataDir));
  }, 120_000);
  afterAll(async () => {
    live.consumer?.kill();
    await live.run.stack.tearDown();
    if (live.dataDir) await rm(live.dataDir, { recursive: true, force: true });
  }, 60_000);
  return live;
}
