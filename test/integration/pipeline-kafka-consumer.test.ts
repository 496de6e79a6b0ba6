/**
 * The pipeline's Kafka batch consumer (the consumer service's loop) against real Kafka: offsets are committed only after the batch
 * handler returned, a failing handler gets its batch redelivered after a backoff, a restarted
 * group resumes after the last commit instead of reprocessing, and a message that fails
 * permanently lands on the dead-letter topic without blocking its partition.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Batch } from "kafkajs";
import { createLogger, createMetricsRegistry } from "@tally/http-kit";
import { createKafka } from "@tally/http-kit/kafka";
import { PipelineError, type DeadLetterSink } from "@tally/pipeline";
import { KafkaBatchConsumer, kafkaDeadLetters, type BatchHandler } from "@tally/pipeline/kafka";
import { RUN_ID, servers, testTopic } from "./fixture.ts";

const TOPIC = testTopic("controller");
const GROUP = `tally-controller-test-${RUN_ID}`;
const POISON_TOPIC = testTopic("controller-poison");
const DEAD_TOPIC = testTopic("controller-dead");
const MESSAGES = 10;
const quiet = createLogger("controller-test", "error");

let brokers: string[];

function kafka() {
  return createKafka({ brokers, clientId: `controller-test-${RUN_ID}` }, quiet);
}

beforeAll(async () => {
  brokers = (await servers()).kafkaBrokers;
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({
    topics: [TOPIC, POISON_TOPIC, DEAD_TOPIC].map((topic) => ({ topic, numPartitions: topic === TOPIC ? 2 : 1, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i % 2}`, value: `m${i}` })),
  });
  await producer.send({ topic: POISON_TOPIC, acks: -1, messages: ["p0", "poison", "p2", "p3"].map((value) => ({ value })) });
  await producer.disconnect();
}, 30_000);

afterAll(async () => {
  try {
    const admin = kafka().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPIC, POISON_TOPIC, DEAD_TOPIC] });
    await admin.deleteGroups([GROUP]).catch(() => {});
    await admin.disconnect();
  } catch {
    // Best effort: names are per run.
  }
}, 30_000);

function controllerWith(handleBatch: BatchHandler, extra: { topics?: string[]; groupId?: string; deadLetters?: DeadLetterSink } = {}) {
  const k = kafka();
  const admin = k.admin();
  const controller = new KafkaBatchConsumer({
    kafka: k,
    admin,
    groupId: extra.groupId ?? GROUP,
    topics: extra.topics ?? [TOPIC],
    handleBatch,
    ...(extra.deadLetters ? { deadLetters: extra.deadLetters } : {}),
    logger: quiet,
    registry: createMetricsRegistry(false),
    backoff: { initialRetryTime: 200, maxRetryTime: 400 },
    lagRefreshMs: 300,
  });
  return { controller, admin };
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await Bun.sleep(100)) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

const values = (b: Batch) => b.messages.map((m) => m.value?.toString() ?? "");

describe("KafkaBatchConsumer on real Kafka", () => {
  test("failed batches are redelivered; offsets commit only after success", async () => {
    let failuresLeft = 2;
    const done = new Set<string>();
    const { controller, admin } = controllerWith(async (batch) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error("sink unavailable");
      }
      for (const v of values(batch)) done.add(v);
    });
    await controller.start();
    try {
      await until("all messages handled and committed", () => {
        const s = controller.state();
        return done.size === MESSAGES && s.partitions.length === 2 && s.partitions.every((p) => p.lag === 0);
      });
      expect(failuresLeft).toBe(0);
      expect(controller.state().counts.records).toBe(MESSAGES);
      const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
      // A partition that got no messages has no commit ("-1"); both keys may hash to one partition.
      const total = committed[0]?.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      expect(total).toBe(MESSAGES);
    } finally {
      await controller.stop();
      await admin.disconnect();
    }
  }, 60_000);

  test("a restarted group resumes after its commits (nothing reprocessed)", async () => {
    const seen: string[] = [];
    const { controller, admin } = controllerWith(async (batch) => void seen.push(...values(batch)));
    await controller.start();
    try {
      await until("lag known", () => controller.state().partitions.length === 2);
      await Bun.sleep(3000); // long enough for a join and a fetch, were anything uncommitted
      expect(seen).toEqual([]);
      expect(controller.state().partitions.map((p) => p.lag)).toEqual([0, 0]);
    } finally {
      await controller.stop();
      await admin.disconnect();
    }
  }, 30_000);

  test("a permanently failing message goes to the dead-letter topic; the rest of its partition flows and commits", async () => {
    const group = `${GROUP}-poison`;
    // Not connected here: the dead-letter sink connects it on first use.
    const producer = kafka().producer({ allowAutoTopicCreation: false });
    const handled: string[] = [];
    const { controller, admin } = controllerWith(
      async (batch) => {
        const vs = values(batch);
        if (vs.includes("poison")) throw new PipelineError("cannot be written (test poison)");
        handled.push(...vs);
      },
      { topics: [POISON_TOPIC], groupId: group, deadLetters: kafkaDeadLetters(producer, DEAD_TOPIC) },
    );
    const reader = kafka().consumer({ groupId: `${group}-reader` });
    const letters: unknown[] = [];
    try {
      await controller.start();
      await until("the partition committed to its end", () => controller.state().partitions[0]?.lag === 0 && handled.length === 3);
      expect(handled.sort()).toEqual(["p0", "p2", "p3"]);
      expect(controller.state().counts.deadLetters).toBe(1);
      const committed = await admin.fetchOffsets({ groupId: group, topics: [POISON_TOPIC] });
      expect(committed[0]?.partitions[0]?.offset).toBe("4");
      await reader.connect();
      await reader.subscribe({ topics: [DEAD_TOPIC], fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void letters.push(JSON.parse(message.value!.toString())) });
      await until("the dead letter read back", () => letters.length === 1);
      expect(letters).toEqual([
        { reason: "permanent failure: cannot be written (test poison)", kind: "permanent_failure", topic: POISON_TOPIC, partition: 0, offset: "1", value: "poison" },
      ]);
    } finally {
      await reader.disconnect();
      await controller.stop();
      await admin.disconnect();
      await producer.disconnect();
      const a = kafka().admin();
      await a.connect();
      await a.deleteGroups([group, `${group}-reader`]).catch(() => {});
      await a.disconnect();
    }
  }, 60_000);
});
