/**
 * The producer process against the real Kafka (never mocked): concurrent POST /produce requests are
 * coalesced into shared produce requests and each still gets its own, correct offset; a repeated
 * Idempotency-Key writes one Kafka message; a record the broker refuses as too large is 413 for its
 * request alone; hostile nested JSON is refused at once while other requests go on. Topics are per run.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createLogger } from "@tally/http-kit";
import { createKafka } from "@tally/http-kit/kafka";
import { RUN_ID, servers, testTopic, type Servers } from "./fixture.ts";
import { freePort, ROOT, startService, type RunningService } from "./service-process.ts";

const MANY = testTopic("produce-many");
const DUP = testTopic("produce-dup");
/** A topic whose broker limit (max.message.bytes) is far below the producer's own check. */
const SMALL = testTopic("produce-small");
/** Allowed by PRODUCE_TOPICS but not on the broker until the test creates it. */
const MISSING = testTopic("produce-missing");

let stack: Servers;
let producer: RunningService;

const kafka = () => createKafka({ brokers: stack.kafkaBrokers, clientId: `producer-batching-test-${RUN_ID}` }, createLogger("producer-batching-test", "error"));

beforeAll(async () => {
  stack = await servers();
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: MANY, numPartitions: 3, replicationFactor: 1 },
      { topic: DUP, numPartitions: 1, replicationFactor: 1 },
      { topic: SMALL, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "max.message.bytes", value: "2000" }] },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  producer = await startService(
    join(ROOT, "services/producer/src/index.ts"),
    { KAFKA_BROKERS: stack.kafkaBrokers.join(","), PRODUCE_TOPICS: [MANY, DUP, SMALL, MISSING].join(","), LOG_LEVEL: "error" },
    "/metrics",
  );
}, 60_000);

afterAll(async () => {
  producer?.kill();
  const admin = kafka().admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [MANY, DUP, SMALL, MISSING] }).catch(() => {});
  await admin.disconnect();
});

const produce = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${producer.url}/produce`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

interface Read {
  value: string;
  headers: Record<string, string>;
}

/** Every message of `topic`, by "partition:offset", read back with a plain kafkajs consumer until `count` arrived. */
async function readAll(topic: string, count: number): Promise<Map<string, Read>> {
  const consumer = kafka().consumer({ groupId: `producer-batching-reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got = new Map<string, Read>();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${got.size} of ${count} messages of ${topic} within 30 s`)), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          got.set(`${partition}:${message.offset}`, { value: message.value?.toString() ?? "", headers });
          if (got.size >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    // Anything beyond `count` would be a double write: give it a moment to show up.
    await Bun.sleep(1000);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe("POST /produce micro-batching against real Kafka", () => {
  test("500 concurrent requests: distinct offsets, each holding exactly its request's message, all 500 in the topic, in few produce requests", async () => {
    const values = Array.from({ length: 500 }, (_, i) => `u${i} GET /v1/items ${i}ms ${RUN_ID}`);
    const responses = await Promise.all(values.map((message) => produce({ topic: MANY, message })));
    const acks = await Promise.all(
      responses.map(async (r) => {
        expect(r.status).toBe(202);
        return (await r.json()) as { topic: string; partition: number; offset: string };
      }),
    );
    const places = acks.map((a) => `${a.partition}:${a.offset}`);
    expect(new Set(places).size).toBe(500);
    expect(new Set(acks.map((a) => a.partition)).size).toBeGreaterThan(1);

    const topic = await readAll(MANY, 500);
    expect(topic.size).toBe(500);
    for (let i = 0; i < 500; i++) expect(topic.get(places[i]!)?.value).toBe(values[i]!);

    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    const requests = Number(/^tally_produce_kafka_requests_total (\d+)/m.exec(metrics)?.[1]);
    // Coalesced: far fewer produce requests than HTTP requests (one per request before issue 12).
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(250);
  }, 90_000);

  test("a repeated Idempotency-Key (concurrent and later) writes one Kafka message; the batch form's items get <key>/<i>", async () => {
    const body = { topic: DUP, message: `payment ${RUN_ID}` };
    const key = `dup-${RUN_ID}`;
    const [a, b] = await Promise.all([produce(body, { "idempotency-key": key }), produce(body, { "idempotency-key": key })]);
    const c = await produce(body, { "idempotency-key": key });
    const answers = await Promise.all([a, b, c].map((r) => r.json()));
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect([a, b, c].filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(2);
    const conflict = await produce({ ...body, message: "another" }, { "idempotency-key": key });
    expect(conflict.status).toBe(422);

    const batch = await produce({ topic: DUP, messages: [{ message: "b0" }, { message: "b1", id: `own-${RUN_ID}` }] }, { "idempotency-key": `batch-${RUN_ID}` });
    expect(batch.status).toBe(202);

    const topic = await readAll(DUP, 3);
    expect([...topic.values()]).toEqual([
      { value: body.message, headers: { "idempotency-key": key } },
      { value: "b0", headers: { "idempotency-key": `batch-${RUN_ID}/0` } },
      { value: "b1", headers: { "idempotency-key": `own-${RUN_ID}` } },
    ]);
  }, 60_000);

  test("a record the broker refuses as too large is 413 for its own request; requests batched with it succeed", async () => {
    const small = Array.from({ length: 20 }, (_, i) => produce({ topic: SMALL, message: `small ${i}` }));
    const big = produce({ topic: SMALL, message: "x".repeat(5000) });
    const [bigRes, ...smallRes] = await Promise.all([big, ...small]);
    expect(bigRes.status).toBe(413);
    expect(bigRes.headers.get("retry-after")).toBeNull();
    expect(((await bigRes.json()) as { error: { code: string } }).error.code).toBe("message_too_large");
    expect(smallRes.map((r) => r.status)).toEqual(Array(20).fill(202));
  }, 30_000);

  test("200 kB of 100,000 nested arrays: 400 within a fraction of a second, and concurrent requests are answered", async () => {
    const hostile = `{"topic":"${MANY}","message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const t0 = performance.now();
    const [bad, ...good] = await Promise.all([produce(hostile), ...Array.from({ length: 10 }, () => produce({ topic: MANY, message: "ok" }))]);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("json_too_deep");
    expect(good.map((r) => r.status)).toEqual(Array(10).fill(202));
  }, 30_000);

  test("a broker that never answers: every request of a burst is 503 with Retry-After within about PRODUCE_TIMEOUT_MS, none held longer by the in-flight cap", async () => {
    // Accepts connections and never answers: each produce request hangs until its deadline.
    const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const dead = await startService(
      join(ROOT, "services/producer/src/index.ts"),
      { KAFKA_BROKERS: `127.0.0.1:${silent.port}`, PRODUCE_TOPICS: MANY, PRODUCE_TIMEOUT_MS: "1500", LOG_LEVEL: "fatal" },
      "/metrics",
    );
    try {
      const send = () =>
        fetch(`${dead.url}/produce`, { method: "POST", body: JSON.stringify({ topic: MANY, message: "x" }), headers: { "content-type": "application/json" } });
      const t0 = performance.now();
      const first = Array.from({ length: 20 }, send);
      await Bun.sleep(300);
      // Queued behind the sends in flight (PRODUCE_MAX_IN_FLIGHT=2): they must not wait a whole timeout more.
      const second = Array.from({ length: 20 }, send);
      const answers = await Promise.all([...first, ...second]);
      const elapsed = performance.now() - t0;
      expect(answers.map((r) => r.status)).toEqual(Array(40).fill(503));
      expect(answers.every((r) => r.headers.get("retry-after") === "5")).toBe(true);
      expect(await answers[39]!.json()).toEqual({ error: { code: "kafka_unavailable", message: "Kafka did not acknowledge within 1500 ms" } });
      expect(elapsed).toBeGreaterThan(1400);
      expect(elapsed).toBeLessThan(2_600);
    } finally {
      dead.kill();
      silent.stop(true);
    }
  }, 30_000);

  test("an allowed topic missing on the broker is 422 unknown_topic for every request of a burst, and used once it exists", async () => {
    const body = { topic: MISSING, message: "m" };
    const first = await produce(body);
    expect(first.status).toBe(422);
    expect(await first.json()).toEqual({ error: { code: "unknown_topic", message: `topic ${MISSING} does not exist on the broker` } });
    // Within the moment the refusal is remembered, a burst is answered the same (without asking the broker again).
    const burst = await Promise.all(Array.from({ length: 20 }, () => produce(body)));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(422));
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: MISSING, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    let status = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && status !== 202; await Bun.sleep(250)) status = (await produce(body)).status;
    expect(status).toBe(202);
  }, 30_000);
});
