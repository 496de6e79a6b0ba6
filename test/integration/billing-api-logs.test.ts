/**
 * API-log billing, streaming vs batch: the seed api_logs.txt billed by the `tally bill` CLI and by the
 * consumer's api-logs job (its lines produced in several messages of different sizes through POST
 * /produce) agree exactly for every user. Redelivery of a partition rewrites the same rows.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BillingStack, CONSUMER_ENTRY, getJson, produce, PRODUCER_ENTRY, ROOT, startService, type ProduceAck, type RunningService } from "./billing-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";

const SEED = `${SEED_DATA}/distributed_billing_aggregation`;
const LOGS = testTopic("api-logs-e2e");
const DLQ = testTopic("dead-letters-api-e2e");
const GROUP = `tally-api-logs-e2e-${RUN_ID}`;
const harness = new BillingStack(testKeyspace("tally_apilogs"), [
  { topic: LOGS, partitions: 3 },
  { topic: DLQ, partitions: 1 },
]);

let dataDir: string;
let producer: RunningService;
let consumer: RunningService;

function consumerEnv(): Record<string, string> {
  return {
    ...harness.env(),
    DATA_DIR: dataDir,
    RATES_FILE: join(SEED, "rates.env"),
    CONSUME_TOPICS: LOGS,
    API_LOGS_TOPIC: LOGS,
    DEAD_LETTER_TOPIC: DLQ,
    CONSUMER_GROUP: GROUP,
    CONSUME_ON_START: "true",
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tally-api-logs-e2e-"));
  await harness.setUp();
  [producer, consumer] = await Promise.all([
    startService(PRODUCER_ENTRY, { ...harness.env(), PRODUCE_TOPICS: LOGS }),
    startService(CONSUMER_ENTRY, consumerEnv()),
  ]);
}, 120_000);

afterAll(async () => {
  producer?.kill();
  consumer?.kill();
  await harness.tearDown();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

type Usage = { user: string; total_duration_ms: number; requests: number; total_cost: string };

/** `bun run tally bill` on the whole file: `user1: total_duration=7235ms, total_cost=42.50` per line. */
async function cliBill(): Promise<{ user: string; total_duration_ms: number; total_cost: string }[]> {
  const proc = Bun.spawn(["bun", "run", "tally", "bill", join(SEED, "api_logs.txt"), "--rates", join(SEED, "rates.env")], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(`${code} ${err}`).toStartWith("0 ");
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const m = /^(\S+): total_duration=(\d+)ms, total_cost=(\d+\.\d{2})$/.exec(line);
      if (!m) throw new Error(`unexpected CLI line: ${line}`);
      return { user: m[1]!, total_duration_ms: Number(m[2]), total_cost: m[3]! };
    });
}

/** The seed log's non-empty lines (its last line has no newline: 10000 lines). */
async function logLines(): Promise<string[]> {
  return (await Bun.file(join(SEED, "api_logs.txt")).text()).split("\n").filter((l) => l !== "");
}

/** The log's lines cut into messages of 1, 50, ~6000 (above the kernel threshold) and 1000 lines. */
async function messages(): Promise<string[]> {
  const lines = await logLines();
  const out: string[] = [];
  let at = 0;
  for (const size of [1, 50, 6000]) (out.push(lines.slice(at, at + size).join("\n")), (at += size));
  for (; at < lines.length; at += 1000) out.push(lines.slice(at, at + 1000).join("\n") + "\n");
  return out;
}

describe("api-logs streaming billing", () => {
  test("agrees exactly with `tally bill` for every user", async () => {
    const expected = await cliBill();
    expect(expected.length).toBeGreaterThan(100);
    const acks: ProduceAck[] = [];
    for (const m of await messages()) acks.push(await produce(producer.url, LOGS, m));
    expect(acks.length).toBeGreaterThanOrEqual(6);
    await harness.waitCommitted(GROUP, acks);

    const streamed = await getJson<Usage[]>(consumer.url + "/billing/api-usage");
    expect(streamed.map(({ user, total_duration_ms, total_cost }) => ({ user, total_duration_ms, total_cost }))).toEqual(expected);
    const one = expected[7]!;
    expect(await getJson<Usage[]>(`${consumer.url}/billing/api-usage?user=${one.user}`)).toMatchObject([one]);

    // One row per (user, message offset): the key a redelivery rewrites.
    const rs = await harness.cql.execute(`SELECT source FROM ${harness.keyspace}.api_usage_by_batch`);
    const sources = new Set(rs.rows.map((r) => String(r.get("source"))));
    expect(sources).toEqual(new Set(acks.map((a) => `${a.topic}/${a.partition}/${a.offset}`)));
  }, 120_000);

  test("a group re-reading the topic from the start rewrites the same rows", async () => {
    const before = await getJson<Usage[]>(consumer.url + "/billing/api-usage");
    const count = async () => (await harness.cql.execute(`SELECT count(*) FROM ${harness.keyspace}.api_usage_by_batch`)).first()!.get(0).toString();
    const rowsBefore = await count();
    consumer.proc.kill("SIGTERM");
    expect(await consumer.proc.exited).toBe(0);
    await harness.admin.resetOffsets({ groupId: GROUP, topic: LOGS, earliest: true });
    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    // Wait until the restarted consumer has billed every line again.
    const lines = (await logLines()).length;
    let metrics = "";
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(250)) {
      metrics = await (await fetch(consumer.url + "/metrics")).text();
      const m = /tally_job_records_total\{job_name="api-logs"\} (\d+)/.exec(metrics);
      if (m && Number(m[1]) >= lines) break;
    }
    expect(metrics).toMatch(new RegExp(`tally_job_records_total\\{job_name="api-logs"\\} ${lines}\\b`));
    expect(await count()).toBe(rowsBefore);
    expect(await getJson<Usage[]>(consumer.url + "/billing/api-usage")).toEqual(before);
  }, 90_000);
});
