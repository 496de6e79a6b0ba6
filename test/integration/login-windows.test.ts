/**
 * The login-windows job (seed 003) end to end on the real stack: a consumer process counts events
 * on a 3-partition topic per event-time window; the counts in GET /analytics/logins, on the
 * analytics topic (read committed) and in the original's Prometheus counters must equal the test's
 * own reference, with out-of-order events inside the lateness, late events, missing fields and
 * poison; and a consumer killed between its write and its commit must not count anything twice.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { logLevel } from "kafkajs";
import { BillingStack, CONSUMER_ENTRY, getJson, startService, type RunningService } from "./billing-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { renderedDom, screenshot } from "./headless-chromium.ts";
import { referenceCounts } from "./login-reference.ts";
import { freePort, ROOT } from "./service-process.ts";

const LOGINS = testTopic("user-login-test");
const ANALYTICS = testTopic("user-login-analytics-test");
const DEAD = testTopic("dead-letters-logins");
const harness = new BillingStack(testKeyspace("tally_logins"), [
  { topic: LOGINS, partitions: 3 },
  { topic: ANALYTICS, partitions: 1 },
  { topic: DEAD, partitions: 1 },
]);
const T0 = 1_694_479_540; // a window start (multiple of 20 s)
const ev = (dt: number, device?: string, locale?: string) => JSON.stringify({ user_id: `u${dt}`, app_version: "2.3.0", ...(device === undefined ? {} : { device_type: device }), ip: "10.0.0.1", ...(locale === undefined ? {} : { locale }), device_id: "d", timestamp: String(T0 + dt) });

/** Per partition, in offset order. */
const EVENTS: string[][] = [
  [ev(1, "ios", "US"), ev(5, "android"), ev(25, "ios", "RU"), ev(12, "android", "US"), "not json", ev(45, "web", ""), ev(3, "ios", "US"), ev(41, "ios", "US"), '{"timestamp":"abc"}'],
  [ev(2, "android", "RU"), ev(30, "android", "RU"), ev(33, "", "NL"), ev(8, "ios", "RU"), ev(61, "ios", "US")],
  [],
];

let consumer: RunningService | undefined;
const GROUP = `logins-${RUN_ID}`;

/** One run's topics: a 3-partition input and its 1-partition analytics topic. */
interface Topics {
  logins: string;
  analytics: string;
  group: string;
}
const MAIN: Topics = { logins: LOGINS, analytics: ANALYTICS, group: GROUP };

/** Fresh topics for a test of its own (removed with the keyspace's run). */
async function freshTopics(name: string): Promise<Topics> {
  const t = { logins: testTopic(`user-login-${name}`), analytics: testTopic(`user-login-analytics-${name}`), group: `logins-${name}-${RUN_ID}` };
  await harness.admin.createTopics({ topics: [{ topic: t.logins, numPartitions: 3 }, { topic: t.analytics, numPartitions: 1 }], waitForLeaders: true });
  extraTopics.push(t.logins, t.analytics);
  return t;
}
const extraTopics: string[] = [];

function consumerEnv(extra: Record<string, string> = {}, t: Topics = MAIN): Record<string, string> {
  return {
    ...harness.env(),
    CONSUME_ON_START: "true",
    CONSUMER_GROUP: t.group,
    CONSUME_TOPICS: t.logins,
    LOGIN_TOPIC: t.logins,
    LOGIN_ANALYTICS_TOPIC: t.analytics,
    DEAD_LETTER_TOPIC: DEAD,
    LOGIN_IDLE_FLUSH_SECONDS: "2",
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    ...extra,
  };
}

async function produceAll(events: readonly (readonly string[])[], topic = LOGINS): Promise<void> {
  const producer = harness.kafka.producer();
  await producer.connect();
  for (const [partition, values] of events.entries()) {
    if (values.length > 0) await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value, partition })) });
  }
  await producer.disconnect();
}

type Row = { window_start: string; window_end: string; record_type: string; value: string | null; count: number; final: boolean };

async function finalRows(url: string, expectedRows: number, to = T0 + 200): Promise<Row[]> {
  let rows: Row[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await Bun.sleep(300)) {
    rows = await getJson<Row[]>(`${url}/analytics/logins?from=${T0 - 100}&to=${to}`);
    if (rows.length >= expectedRows && rows.every((r) => r.final)) return rows;
  }
  throw new Error(`windows not final within 60 s: ${JSON.stringify(rows)}\n${consumer?.output()}`);
}

async function readAnalytics(expected: number, topic = ANALYTICS): Promise<{ key: string; value: Record<string, unknown> }[]> {
  const c = harness.kafka.consumer({ groupId: `logins-reader-${RUN_ID}-${Date.now()}` });
  const out: { key: string; value: Record<string, unknown> }[] = [];
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  await c.run({ eachMessage: async ({ message }) => void out.push({ key: String(message.key), value: JSON.parse(String(message.value)) as Record<string, unknown> }) });
  for (const deadline = Date.now() + 20_000; out.length < expected && Date.now() < deadline; ) await Bun.sleep(200);
  await Bun.sleep(1500); // and nothing more arrives
  await c.disconnect();
  return out;
}

beforeAll(async () => {
  await harness.setUp();
  void logLevel;
}, 120_000);

afterAll(async () => {
  consumer?.kill();
  await harness.admin.deleteTopics({ topics: extraTopics }).catch(() => {});
  await harness.tearDown();
});

const strip = (rows: Row[]) => rows.map(({ window_start, record_type, value, count }) => ({ window_start, record_type, value, count }));

/** Many events over many windows, deterministic: per partition, mostly advancing, some out of order, some late. */
function manyEvents(perPartition: number): string[][] {
  const devices = ["ios", "android", "web", ""];
  const locales = ["US", "RU", "NL", "", "DE"];
  return [0, 1, 2].map((p) =>
    Array.from({ length: perPartition }, (_, i) => {
      const jitter = (i * 7 + p * 3) % 11 === 0 ? -25 : (i * 5) % 13 === 0 ? -8 : 0; // late and out-of-order ones
      return ev(Math.max(0, Math.floor(i / 4) + jitter), devices[(i + p) % 4], locales[(i * 3 + p) % 5]);
    }),
  );
}

describe("login windows end to end", () => {
  const reference = referenceCounts(EVENTS, 20, 10);

  test("exact counts per window, once on the analytics topic, in the original's counters; poison dead-lettered", async () => {
    await produceAll(EVENTS);
    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    const rows = await finalRows(consumer.url, reference.rows.length);
    expect(rows.map(({ window_start, record_type, value, count }) => ({ window_start, record_type, value, count }))).toEqual(reference.rows);
    expect(reference.late).toBe(2); // the reference agrees with the story told by the data

    const messages = await readAnalytics(reference.rows.length);
    expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length); // each (window, type, value) once
    const published = messages
      .map((m) => ({ window_start: String(m.value.window_start).replace(".000Z", "Z"), record_type: String(m.value.record_type), value: m.value.record_type === "total" ? null : String(m.value[String(m.value.record_type)]), count: Number(m.value.count) }))
      .sort((a, b) => a.window_start.localeCompare(b.window_start));
    expect(published.length).toBe(reference.rows.length);
    for (const row of reference.rows) expect(published).toContainEqual(row);

    const metrics = await (await fetch(consumer.url + "/metrics")).text();
    const total = reference.rows.filter((r) => r.record_type === "total").reduce((s, r) => s + r.count, 0);
    expect(metrics).toContain(`total_count{record_type="total",topic="${ANALYTICS}"} ${total}`);
    expect(metrics).toContain(`tally_late_events_total{job_name="login-windows"} ${reference.late}`);
    expect(metrics).toMatch(/tally_job_dead_letters_total\{job_name="login-windows",kind="not_json"\} 1/);
    expect(metrics).toMatch(/tally_job_dead_letters_total\{job_name="login-windows",kind="bad_timestamp"\} 1/);
  }, 120_000);

  test("GET /dashboard in a real headless Chromium draws the counts the API returns", async () => {
    const url = consumer!.url;
    const api = await getJson<Row[]>(`${url}/analytics/logins?last=15`);
    const dom = await renderedDom(`${url}/dashboard`);
    expect(dom).toContain('data-loaded="true"');
    const drawn = [...dom.matchAll(/data-window="([^"]+)" data-value="([^"]+)" data-count="(\d+)"/g)].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
    // Every device type (fewer than the 8 drawn by name) and every total is a bar or point with the API's count.
    for (const r of api.filter((r) => r.record_type !== "locale")) expect(drawn).toContain(`${r.window_start}|${r.value ?? "total"}|${r.count}`);
    expect(drawn.length).toBeGreaterThanOrEqual(api.filter((r) => r.record_type !== "locale").length);
    const artifacts = join(ROOT, "test", "artifacts");
    await mkdir(artifacts, { recursive: true });
    await screenshot(`${url}/dashboard`, join(artifacts, "login-dashboard.png"));
    expect(Bun.file(join(artifacts, "login-dashboard.png")).size).toBeGreaterThan(10_000);
  }, 60_000);

  test("a consumer killed between its write and its commit counts nothing twice after a restart", async () => {
    const t = await freshTopics("crash");
    const events = manyEvents(400);
    const want = referenceCounts(events, 20, 10);
    await produceAll(events, t.logins);
    // Killed by a literal SIGKILL right after its first batch is written, before the commit — often before it answers
    // its health check, so it is spawned bare rather than through startService.
    const doomed = Bun.spawn(["bun", CONSUMER_ENTRY], { cwd: ROOT, env: { ...process.env, ...consumerEnv({ TALLY_TEST_CRASH_AFTER_WRITE: "1" }, t), PORT: String(await freePort()) }, stdout: "ignore", stderr: "ignore" });
    const code = await Promise.race([doomed.exited, Bun.sleep(30_000).then(() => "timeout")]);
    if (code === "timeout") doomed.kill("SIGKILL");
    expect([code, doomed.signalCode]).toEqual([137, "SIGKILL"]);
    const survivor = await startService(CONSUMER_ENTRY, consumerEnv({}, t));
    try {
      const rows = await finalRows(survivor.url, want.rows.length, T0 + 400);
      expect(strip(rows)).toEqual(want.rows);
      const messages = await readAnalytics(want.rows.length, t.analytics);
      expect(messages.length).toBe(want.rows.length);
    } finally {
      survivor.kill();
    }
  }, 150_000);

  test("two consumers in one group split the partitions and count each event once", async () => {
    const t = await freshTopics("pair");
    const events = manyEvents(300);
    const want = referenceCounts(events, 20, 10);
    const [a, b] = await Promise.all([startService(CONSUMER_ENTRY, consumerEnv({}, t)), startService(CONSUMER_ENTRY, consumerEnv({}, t))]);
    try {
      await Bun.sleep(3000); // both joined, partitions split
      await produceAll(events, t.logins);
      const rows = await finalRows(a.url, want.rows.length, T0 + 400);
      expect(strip(rows)).toEqual(want.rows);
      const messages = await readAnalytics(want.rows.length, t.analytics);
      expect(messages.length).toBe(want.rows.length);
      expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length);
    } finally {
      a.kill();
      b.kill();
    }
  }, 150_000);
});
