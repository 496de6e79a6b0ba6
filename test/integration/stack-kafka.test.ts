import { afterAll, beforeAll, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import { servers, testTopic } from "./fixture.ts";

const topic = testTopic("roundtrip");
let kafka: Kafka;

beforeAll(async () => {
  kafka = new Kafka({ brokers: (await servers()).kafkaBrokers, clientId: "tally-test", logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
});

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
});

test("kafkajs 2.2.4 produce → consume round trip on Bun against the local Kafka 4 broker", async () => {
  const producer = kafka.producer();
  await producer.connect();
  const sent = [
    { key: "a", value: "héllo, kafka" },
    { key: "b", value: JSON.stringify({ n: 1 }) },
    { key: "a", value: "third" },
  ];
  const acks = await producer.send({ topic, acks: -1, messages: sent });
  await producer.disconnect();
  expect(acks.every((a) => a.errorCode === 0)).toBe(true);

  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: { key: string; value: string; partition: number; offset: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${sent.length} messages arrived`)), 60_000);
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const m of batch.messages) {
          got.push({ key: m.key!.toString(), value: m.value!.toString(), partition: batch.partition, offset: m.offset });
          resolveOffset(m.offset);
        }
        // With autoCommit off, commitOffsetsIfNecessary() is a no-op in kafkajs: commit explicitly.
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        if (got.length >= sent.length) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();

  expect(got.map((g) => g.value).sort()).toEqual(sent.map((s) => s.value).sort());
  // Same key → same partition, in order.
  const aMsgs = got.filter((g) => g.key === "a");
  expect(new Set(aMsgs.map((g) => g.partition)).size).toBe(1);
  expect(aMsgs.map((g) => g.value)).toEqual(["héllo, kafka", "third"]);

  // Manual commits landed: the group's committed offsets cover every message.
  const admin = kafka.admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId: `${topic}-group`, topics: [topic] });
  await admin.disconnect();
  const sum = committed!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  expect(sum).toBe(sent.length);
}, 90_000);
