/**
 * The pipeline's Kafka batch consumer (the consumer service's loop) against real Kafka: offsets are committed only after the batch
 * handler returned, a failing handler gets its batch redelivered after a backoff, and a
 * restarted group resumes after the last commit instead of reprocessing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Batch } from "kafkajs";
import { createKafka } from "../../packages/http-kit/src/deps/kafka.ts";
import { createLogger } from "../../packages/http-kit/src/logger.ts";
import { createMetricsRegistry } from "../../packages/http-kit/src/metrics.ts";
import { KafkaBatchConsumer, type BatchHandler } from "../../packages/pipeline/src/io/kafka/index.ts";
import { RUN_ID, servers, testTopic } from "./fixture.ts";

const TOPIC = testTopic("controller");
const GROUP = `tally-controller-test-${RUN_ID}`;
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
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i % 2}`, value: `m${i}` })),
  });
  await producer.disconnect();
}, 30_000);

afterAll(async () => {
  try {
    const admin = kafka().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPIC] });
    await admin.deleteGroups([GROUP]).catch(() => {});
    await admin.disconnect();
  } catch {
    // Best effort: names are per run.
  }
}, 30_000);

function controllerWith(handleBatch: BatchHandler) {
  const k = kafka();
  const admin = k.admin();
  const controller = new KafkaBatchConsumer({
    kafka: k,
    admin,
    groupId: GROUP,
    topics: [TOPIC],
    handleBatch,
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
});
