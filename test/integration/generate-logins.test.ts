/**
 * `tally generate logins` as a real process against the real Kafka: every record arrives once,
 * keyed by user_id on the partition a Java client would pick, in generation order per partition
 * with the documented disorder bound, identical for the same seed; --rate paces it; a missing topic
 * fails with one line. Per-run topics, created here and deleted after.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { RUN_ID, servers, testTopic } from "./fixture.ts";
import { ROOT } from "./service-process.ts";

const MAIN = join(ROOT, "packages/cli/src/main.ts");
const PARTITIONS = 3;
const TOPICS = { first: testTopic("logins-a"), again: testTopic("logins-b"), paced: testTopic("logins-paced") };
const COUNT = 5000;
const SEED_ARGS = ["--seed", "7", "--start", "1700000000"];

let kafka: Kafka;
let brokers: string;

beforeAll(async () => {
  brokers = (await servers()).kafkaBrokers.join(",");
  kafka = new Kafka({ brokers: brokers.split(","), clientId: `generate-test-${RUN_ID}`, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: Object.values(TOPICS).map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  await admin.disconnect();
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(TOPICS) }).catch(() => {});
  await admin.disconnect();
});

async function tally(args: string[]) {
  const proc = Bun.spawn(["bun", MAIN, ...args], { cwd: ROOT, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

interface Received {
  key: string;
  value: string;
  partition: number;
}

/** Every message of `topic` (expecting `count`), read by a fresh consumer group from the beginning. */
async function readAll(topic: string, count: number): Promise<Received[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: Received[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} messages arrived from ${topic}`)), 60_000);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) got.push({ key: m.key!.toString(), value: m.value!.toString(), partition: batch.partition });
          if (got.length >= count) {
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

async function totalOffsets(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((n, p) => n + Number(p.high), 0);
}

/** Messages grouped by partition, each in the order it was read (= offset order). */
function perPartition(messages: Received[]): string[][] {
  const out: string[][] = Array.from({ length: PARTITIONS }, () => []);
  for (const m of messages) out[m.partition]!.push(m.value);
  return out;
}

describe("tally generate logins → Kafka", () => {
  let expected: string[];
  let first: Received[];

  test(`${COUNT} records arrive once each, keyed by user_id on the Java client's partition, in order per partition`, async () => {
    const run = await tally(["generate", "logins", "--count", String(COUNT), ...SEED_ARGS, "--topic", TOPICS.first, "--brokers", brokers]);
    expect(run.stderr).toMatch(new RegExp(`^generated ${COUNT} logins → ${TOPICS.first} in .* records/s\\); seed 7, start 1700000000$`, "m"));
    expect(run.code).toBe(0);
    // The same arguments with --output -: the records the run generated, in generation order.
    const local = await tally(["generate", "logins", "--count", String(COUNT), ...SEED_ARGS, "--output", "-"]);
    expected = local.stdout.trimEnd().split("\n");
    expect(expected).toHaveLength(COUNT);

    expect(await totalOffsets(TOPICS.first)).toBe(COUNT); // no duplicates (idempotent producer), nothing lost
    first = await readAll(TOPICS.first, COUNT);
    expect(first.map((m) => m.value).sort()).toEqual([...expected].sort());

    const javaPartition = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
    const byPartition: string[][] = Array.from({ length: PARTITIONS }, () => []);
    for (const value of expected) {
      const key = (JSON.parse(value) as { user_id: string }).user_id;
      byPartition[javaPartition({ topic: TOPICS.first, partitionMetadata, message: { key, value } })]!.push(value);
    }
    expect(perPartition(first)).toEqual(byPartition);
    for (const m of first) expect(m.key).toBe((JSON.parse(m.value) as { user_id: string }).user_id);
    expect(byPartition.every((p) => p.length > COUNT / 5)).toBe(true); // keys spread over all partitions
  }, 120_000);

  test("no record in a partition is more than 5 s behind the highest timestamp before it", () => {
    for (const values of perPartition(first)) {
      let max = -Infinity;
      for (const value of values) {
        const t = Number((JSON.parse(value) as { timestamp: string }).timestamp);
        expect(t).toBeGreaterThanOrEqual(max - 5);
        max = Math.max(max, t);
      }
    }
  });

  test("the same seed to another topic gives the same partitions, byte for byte", async () => {
    const run = await tally(["generate", "logins", "--count", String(COUNT), ...SEED_ARGS, "--topic", TOPICS.again, "--brokers", brokers]);
    expect(run.code).toBe(0);
    expect(perPartition(await readAll(TOPICS.again, COUNT))).toEqual(perPartition(first));
  }, 120_000);

  test("--rate paces the run on the wall clock", async () => {
    const started = performance.now();
    const run = await tally(["generate", "logins", "--count", "3000", "--rate", "2000", "--topic", TOPICS.paced, "--brokers", brokers]);
    const seconds = (performance.now() - started) / 1000;
    expect(run.code).toBe(0);
    // One record at once, then 2000/s: the last of 3000 goes out after ~1.5 s.
    expect(seconds).toBeGreaterThan(1.4);
    expect(await totalOffsets(TOPICS.paced)).toBe(3000);
  }, 60_000);

  test("a topic missing on the broker: exit 1 and one line (topics are never auto-created)", async () => {
    const missing = `${TOPICS.first}-missing`;
    const run = await tally(["generate", "logins", "--count", "10", "--topic", missing, "--brokers", brokers]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`tally: topic ${missing} does not exist on the broker (topics are never auto-created)\n`);
  }, 60_000);
});
