/**
 * The three services as real processes against the real stack (never mocked): health, docs,
 * metrics, POST /produce round-tripped through Kafka, /consume control, and graceful SIGTERM.
 * Everything it writes goes to a per-run topic and keyspace, created here and removed after.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
// Drivers come through the kit's own helpers: the repo root has no kafkajs/cassandra-driver of its own.
import { createCassandra } from "@tally/http-kit/cassandra";
import { createKafka } from "@tally/http-kit/kafka";
import { createLogger } from "@tally/http-kit";
import { RUN_ID, servers, testKeyspace, testTopic, type Servers } from "./fixture.ts";
import { ROOT, startService, type RunningService } from "./service-process.ts";

const TOPIC = testTopic("produce");
const KEYSPACE = testKeyspace("tally_http");
const TOKEN = `token-${RUN_ID}`;
const quiet = createLogger("services-http-test", "error");


let stack: Servers;
const running: Record<string, RunningService> = {};

function kafkaClient() {
  return createKafka({ brokers: stack.kafkaBrokers, clientId: `services-http-test-${RUN_ID}` }, quiet);
}

beforeAll(async () => {
  stack = await servers();
  const admin = kafkaClient().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const cql = createCassandra({ ...stack.cassandra });
  await cql.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  await cql.shutdown();

  const env = serviceEnv();
  const [producer, consumer, cashback] = await Promise.all([
    startService(join(ROOT, "services/producer/src/index.ts"), {
      ...env,
      API_TOKEN: TOKEN,
      PRODUCE_TOPICS: `${TOPIC},billing-files`,
    }),
    startService(join(ROOT, "services/consumer/src/index.ts"), {
      ...env,
      CONSUME_TOPICS: TOPIC,
      CONSUMER_GROUP: `tally-consumer-test-${RUN_ID}`,
      LAG_REFRESH_MS: "500",
    }),
    startService(join(ROOT, "services/cashback/src/index.ts"), env),
  ]);
  Object.assign(running, { producer, consumer, cashback });
}, 60_000);

afterAll(async () => {
  for (const svc of Object.values(running)) svc.kill();
  try {
    const admin = kafkaClient().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPIC] });
    await admin.disconnect();
    const cql = createCassandra({ ...stack.cassandra });
    await cql.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
    await cql.shutdown();
  } catch {
    // Cleanup is best effort; per-run names never collide with the next run.
  }
}, 30_000);

/** Environment pointing a service at the test stack and this run's keyspace. */
function serviceEnv(): Record<string, string> {
  return {
    KAFKA_BROKERS: stack.kafkaBrokers.join(","),
    CASSANDRA_CONTACT_POINTS: stack.cassandra.contactPoints.join(","),
    CASSANDRA_LOCAL_DC: stack.cassandra.localDataCenter,
    CASSANDRA_KEYSPACE: KEYSPACE,
    LOG_LEVEL: "warn",
  };
}

function svc(name: string): RunningService {
  const s = running[name];
  if (!s) throw new Error(`${name} did not start`);
  return s;
}

async function post(name: string, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(svc(name).url + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
  });
}

describe.each(["producer", "consumer", "cashback"])("%s", (name) => {
  test("GET /healthz is 200 with real kafka and cassandra checks", async () => {
    const res = await fetch(svc(name).url + "/healthz");
    expect(await res.json()).toEqual({ status: "ok", checks: { kafka: "ok", cassandra: "ok" } });
    expect(res.status).toBe(200);
  });

  test("/docs, /openapi.json and /metrics answer", async () => {
    const docs = await fetch(svc(name).url + "/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
    const spec = (await (await fetch(svc(name).url + "/openapi.json")).json()) as { openapi: string; paths: object };
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toContain("/healthz");
    const metrics = await (await fetch(svc(name).url + "/metrics")).text();
    expect(metrics).toContain(`tally_http_request_duration_seconds_count{service="${name}",method="GET",route="/healthz",status="200"}`);
    expect(metrics).toContain("process_resident_memory_bytes");
  });

  test("unknown routes are JSON 404", async () => {
    const res = await fetch(svc(name).url + "/no-such-route");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  test("a mutation a cross-site page could send is refused: text/plain 415, Sec-Fetch-Site cross-site 403", async () => {
    // What fetch() sends for a string body with no type: text/plain;charset=UTF-8, no CORS preflight.
    const plain = await fetch(svc(name).url + "/consume", { method: "POST", body: "{}", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
    const crossSite = await post(name, "/consume", "{}", { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
  });
});

describe("producer POST /produce", () => {
  test("202 once acknowledged, and a kafkajs consumer reads the message back", async () => {
    const message = `/data/billing-${RUN_ID}.csv`;
    const res = await post("producer", "/produce", JSON.stringify({ topic: TOPIC, message, key: "k1" }));
    expect(res.status).toBe(202);
    const ack = (await res.json()) as { topic: string; partition: number; offset: string };
    expect(ack).toMatchObject({ topic: TOPIC, partition: 0 });
    expect(ack.offset).toMatch(/^\d+$/);

    const reader = kafkaClient().consumer({ groupId: `services-http-reader-${RUN_ID}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPIC, fromBeginning: true });
    const got = await new Promise<{ key?: string; value?: string; offset: string }>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error("message not read back within 20 s")), 20_000);
      void reader.run({
        eachMessage: async ({ message: m }) => {
          if (m.offset !== ack.offset) return;
          clearTimeout(timer);
          resolvePromise({ key: m.key?.toString(), value: m.value?.toString(), offset: m.offset });
        },
      });
    }).finally(() => reader.disconnect());
    expect(got).toEqual({ key: "k1", value: message, offset: ack.offset });
  }, 40_000);

  test("the original's msg field with a JSON value is serialized", async () => {
    const res = await post("producer", "/produce", JSON.stringify({ topic: TOPIC, msg: { user: "u1", ms: 12 } }));
    expect(res.status).toBe(202);
  }, 15_000);

  test("422 for a topic outside the allow-list", async () => {
    const res = await post("producer", "/produce", JSON.stringify({ topic: "not-allowed", message: "x" }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("topic_not_allowed");
  });

  test("400 for malformed JSON, naming the problem", async () => {
    const res = await post("producer", "/produce", '{"topic": ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("malformed_json");
    expect(body.error.message).toContain("not valid JSON");
  });

  test("401 without the bearer token when API_TOKEN is set", async () => {
    const res = await post("producer", "/produce", JSON.stringify({ topic: TOPIC, message: "x" }), {
      authorization: "",
    });
    expect(res.status).toBe(401);
  });

  test("counts produced messages per topic", async () => {
    const metrics = await (await fetch(svc("producer").url + "/metrics")).text();
    expect(metrics).toMatch(new RegExp(`tally_produced_messages_total\\{topic="${TOPIC}"\\} [1-9]`));
  });
});

describe("consumer /consume", () => {
  test("POST answers at once and starts once, consumes and commits; DELETE stops", async () => {
    const started = Date.now();
    const first = await post("consumer", "/consume", "");
    expect(first.status).toBe(202);
    expect(((await first.json()) as { status: string }).status).toBe("starting");
    expect(Date.now() - started).toBeLessThan(2000); // it does not wait for the group join

    // The producer tests above wrote at least two messages to TOPIC; wait until they are committed.
    type State = { running: boolean; counts: { records: number }; partitions: { lag: number; committedOffset: number | null }[] };
    let state: State | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(250)) {
      state = (await (await fetch(svc("consumer").url + "/consume")).json()) as State;
      if (state.counts.records >= 2 && state.partitions[0]?.lag === 0) break;
    }
    expect(state?.running).toBe(true);
    expect(state?.counts.records).toBeGreaterThanOrEqual(2);
    expect(state?.partitions[0]?.committedOffset).toBeGreaterThanOrEqual(2);
    expect(state?.partitions[0]?.lag).toBe(0);
    const again = await post("consumer", "/consume", "");
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe("already running");

    const stop = await fetch(svc("consumer").url + "/consume", { method: "DELETE" });
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as { status: string }).status).toBe("stopped");
  }, 45_000);
});

describe("consumer CONSUME_ON_START", () => {
  test("starts consuming at boot and still stops cleanly", async () => {
    const booted = await startService(join(ROOT, "services/consumer/src/index.ts"), {
      ...serviceEnv(),
      CONSUME_TOPICS: TOPIC,
      CONSUMER_GROUP: `tally-consumer-boot-test-${RUN_ID}`,
      CONSUME_ON_START: "true",
    });
    try {
      let state: { running: boolean; counts: { records: number } } | undefined;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(250)) {
        state = (await (await fetch(booted.url + "/consume")).json()) as typeof state;
        if (state?.running && state.counts.records >= 2) break;
      }
      expect(state?.running).toBe(true);
      expect(state?.counts.records).toBeGreaterThanOrEqual(2);
      booted.proc.kill("SIGTERM");
      expect(await booted.proc.exited).toBe(0);
    } finally {
      booted.kill();
    }
  }, 45_000);
});

describe("graceful shutdown", () => {
  test.each(["producer", "consumer", "cashback"])("%s exits 0 on SIGTERM and frees its port", async (name) => {
    const s = svc(name);
    const started = performance.now();
    s.proc.kill("SIGTERM");
    const code = await Promise.race([s.proc.exited, Bun.sleep(8000).then(() => "timeout" as const)]);
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(8000);
    // The port is free once something else can listen on it.
    const probe = Bun.serve({ port: s.port, hostname: "127.0.0.1", fetch: () => new Response("probe") });
    await probe.stop(true);
  }, 15_000);
});
