/**
 * POST /generate through the real producer process against the real Kafka: bearer auth, a
 * background generation polled to done whose records equal the generator's (the CLI's) for the
 * same seed, one at a time (429), cancel, the count limit, its metric, and SIGTERM stopping a
 * running generation. Per-run topics, created here and deleted after.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { findKind, generateRecords } from "@tally/generate";
import { Kafka, logLevel } from "kafkajs";
import { RUN_ID, servers, testTopic } from "./fixture.ts";
import { ROOT, startService, type RunningService } from "./service-process.ts";

const ENTRY = join(ROOT, "services/producer/src/index.ts");
const TOPIC = testTopic("gen-http");
const PACED = testTopic("gen-http-paced");
const TOKEN = `token-${RUN_ID}`;
const MAX_COUNT = 20_000;

let kafka: Kafka;
let producer: RunningService;

function producerEnv(brokers: string[]): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers.join(","),
    API_TOKEN: TOKEN,
    PRODUCE_TOPICS: `${TOPIC},${PACED}`,
    GENERATE_MAX_COUNT: String(MAX_COUNT),
    LOG_LEVEL: "error",
  };
}

beforeAll(async () => {
  const stack = await servers();
  kafka = new Kafka({ brokers: stack.kafkaBrokers, clientId: `generate-http-test-${RUN_ID}`, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [TOPIC, PACED].map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
  await admin.disconnect();
  producer = await startService(ENTRY, producerEnv(stack.kafkaBrokers));
}, 60_000);

afterAll(async () => {
  producer?.kill();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [TOPIC, PACED] }).catch(() => {});
  await admin.disconnect();
});

interface View {
  id: string;
  status: string;
  sent: number;
  total: number;
  start: number;
}

function call(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  return fetch(producer.url + path, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

async function until(id: string, done: (v: View) => boolean, ms = 60_000): Promise<View> {
  for (const deadline = Date.now() + ms; ; await Bun.sleep(100)) {
    const view = (await (await call(`/generate/${id}`)).json()) as View;
    if (done(view) || Date.now() > deadline) return view;
  }
}

async function totalOffsets(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((n, p) => n + Number(p.high), 0);
}

async function readValues(topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} messages arrived`)), 60_000);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) got.push(m.value!.toString());
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

describe("POST /generate on the real producer", () => {
  test("401 without the bearer token", async () => {
    const res = await call("/generate", { method: "POST", body: { kind: "logins", count: 10, topic: TOPIC }, token: null });
    expect(res.status).toBe(401);
  });

  test("202, polled to done: Kafka holds exactly the generator's records for that seed", async () => {
    const body = { kind: "logins", count: 3000, seed: 7, start: 1_700_000_000, topic: TOPIC };
    const res = await call("/generate", { method: "POST", body });
    expect(res.status).toBe(202);
    const started = (await res.json()) as View;
    expect(started).toMatchObject({ status: "running", total: 3000, start: 1_700_000_000 });
    const done = await until(started.id, (v) => v.status !== "running");
    expect(done).toMatchObject({ status: "done", sent: 3000 });
    expect(await totalOffsets(TOPIC)).toBe(3000);
    const expected = [...generateRecords(findKind("logins"), { count: 3000, seed: 7, start: 1_700_000_000 })].map((r) => r.value);
    expect((await readValues(TOPIC, 3000)).sort()).toEqual(expected.sort());
    const metrics = await (await fetch(producer.url + "/metrics")).text();
    expect(metrics).toContain(`tally_generated_records_total{kind="logins",topic="${TOPIC}"} 3000`);
  }, 120_000);

  test("one at a time (429), DELETE cancels after the batch in flight, the count limit is 422", async () => {
    const res = await call("/generate", { method: "POST", body: { kind: "logins", count: MAX_COUNT, rate: 500, topic: PACED } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as View;
    await until(id, (v) => v.sent > 0, 10_000);
    const busy = await call("/generate", { method: "POST", body: { kind: "logins", count: 10, topic: PACED } });
    expect(busy.status).toBe(429);
    const cancelled = await call(`/generate/${id}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    const view = (await cancelled.json()) as View;
    expect(view.status).toBe("cancelled");
    expect(view.sent).toBeGreaterThan(0);
    expect(view.sent).toBeLessThan(MAX_COUNT);
    expect(await totalOffsets(PACED)).toBe(view.sent);
    const tooMany = await call("/generate", { method: "POST", body: { kind: "logins", count: MAX_COUNT + 1, topic: PACED } });
    expect(tooMany.status).toBe(422);
    const list = (await (await call("/generate")).json()) as View[];
    expect(list.map((v) => v.id)[0]).toBe(id);
  }, 60_000);

  test("SIGTERM stops a running generation and the producer exits 0", async () => {
    const res = await call("/generate", { method: "POST", body: { kind: "logins", count: MAX_COUNT, rate: 200, topic: PACED } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as View;
    await until(id, (v) => v.sent > 0, 10_000);
    const before = await totalOffsets(PACED);
    const started = performance.now();
    producer.proc.kill("SIGTERM");
    expect(await producer.proc.exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    // Nothing more arrives once it is gone: the generation stopped, it was not left running.
    const after = await totalOffsets(PACED);
    await Bun.sleep(500);
    expect(await totalOffsets(PACED)).toBe(after);
    expect(after - before).toBeLessThan(MAX_COUNT);
  }, 60_000);
});
